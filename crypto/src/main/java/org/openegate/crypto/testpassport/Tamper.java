package org.openegate.crypto.testpassport;

/** Ways to damage a correctly signed test passport, each of which Passive Authentication must catch. */
public enum Tamper {
    /** One byte of the MRZ in DG1 changed after signing: the DG1 hash no longer matches. */
    DG1_ALTERED,
    /** One byte of the face image in DG2 changed after signing: the DG2 hash no longer matches. */
    DG2_ALTERED,
    /** One bit of the SOD's signature value flipped: the signature no longer verifies. */
    SOD_SIGNATURE_FLIPPED,
    /** One byte of the signed attributes changed: the signature no longer verifies. */
    SOD_SIGNED_ATTRIBUTES_ALTERED
}
