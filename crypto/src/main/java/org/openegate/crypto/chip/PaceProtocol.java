package org.openegate.crypto.chip;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.apdu.ApduChannels;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;
import org.openegate.crypto.chip.internal.SmAlgorithm;
import org.openegate.crypto.lds.Dg14;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

/**
 * PACE v2, the terminal's half (9303-11 §4.4): MSE:SET AT, then the four chained GENERAL AUTHENTICATE steps
 * (encrypted nonce, map nonce, key agreement, mutual authentication) for every mapping and cipher
 * {@link PaceCrypto} knows. The random source is drawn from in a fixed order (GM and CAM: mapping key, then
 * ephemeral key; IM: nonce t, then ephemeral key), so the worked examples of Appendices G, H and I replay exactly.
 *
 * <p>With Chip Authentication Mapping the chip's last answer also carries A_IC; the result keeps the decrypted CA_IC
 * and the chip's mapping key so that {@link #verifyChipAuthenticationMapping} can check them once DG14 is read
 * (§4.4.3.5.2). The mapping proves nothing until DG14 passes Passive Authentication.
 */
final class PaceProtocol {

    /** Sends one plain command and returns the answer, with GET RESPONSE handled. */
    interface Card {
        ResponseApdu transmit(CommandApdu command);
    }

    /** Builds the reader's exception with its state (file, offset, APDU count). */
    interface Failures {
        ChipException fail(ChipException.Reason reason, String detail, int sw, Throwable cause);
    }

    /**
     * What PACE established: the secure-messaging session and, for PACE-CAM, what the chip claimed.
     *
     * @param session secure messaging with the new keys, SSC = 0
     * @param cam present after PACE-CAM
     */
    record Outcome(SecureMessaging session, Optional<CamClaim> cam) {
    }

    /** The chip's mapping key PK_map,IC and its decrypted chip authentication data CA_IC (§4.4.3.5). */
    record CamClaim(PaceCrypto.Parameters parameters, PaceCrypto.Element chipMapKey, BigInteger ca) {
        /** Never the values. */
        @Override
        public String toString() {
            return "CamClaim[" + parameters.oid() + "]";
        }
    }

    private PaceProtocol() {
    }

    static Outcome run(PaceCrypto.Parameters p, PaceKey password, Card card, SecureRandom random, Failures f) {
        byte[] kPi = PaceCrypto.deriveKey(p, password.password(), PaceCrypto.KDF_PI);
        byte[] k = null;
        try {
            // 9303-11 §4.4.4.1: MSE:SET AT with the protocol OID, the password type and the domain parameters.
            // DO'84' is sent always (the examples of Appendices G to I leave it out; a chip must accept it).
            byte[] setAt = concat(Tlv.of(0x80, PaceCrypto.oidContent(p.oid())).encode(),
                    Tlv.of(0x83, new byte[] {(byte) password.type().reference()}).encode(),
                    Tlv.of(0x84, new byte[] {(byte) p.parameterId()}).encode());
            ResponseApdu mse = card.transmit(new CommandApdu(0x00, 0x22, 0xC1, 0xA4, setAt));
            if (!mse.isSuccess()) {
                throw f.fail(ChipException.Reason.PACE_FAILED, "MSE:SET AT refused", mse.sw(), null);
            }
            Tlv nonceAnswer = generalAuthenticate(card, f, true, Tlv.constructed(0x7C));
            byte[] s = PaceCrypto.decryptNonce(p, kPi, required(nonceAnswer, 0x80, f));
            PaceCrypto.Element generator;
            BigInteger mapKey = null;
            PaceCrypto.Element chipMapKey = null;
            if (p.mapping() == PaceCrypto.Mapping.IM) {
                // §4.4.5.2.2: the terminal's nonce t in clear; the chip answers with an empty DO'82'
                byte[] t = new byte[p.cipher().keyLength()];
                random.nextBytes(t);
                generalAuthenticate(card, f, true, Tlv.constructed(0x7C, Tlv.of(0x81, t)));
                generator = PaceCrypto.integratedMap(p, s, t);
            } else {
                mapKey = PaceCrypto.randomScalar(p, random);
                PaceCrypto.Element mapPublic = p.group().generator().times(mapKey);
                Tlv mapAnswer = generalAuthenticate(card, f, true,
                        Tlv.constructed(0x7C, Tlv.of(0x81, mapPublic.encoded())));
                chipMapKey = p.group().decode(required(mapAnswer, 0x82, f));
                generator = PaceCrypto.genericMap(p, s, mapKey, chipMapKey);
            }
            Arrays.fill(s, (byte) 0);
            BigInteger ownKey = PaceCrypto.randomScalar(p, random);
            PaceCrypto.Element own = generator.times(ownKey);
            Tlv keyAnswer = generalAuthenticate(card, f, true, Tlv.constructed(0x7C, Tlv.of(0x83, own.encoded())));
            PaceCrypto.Element chip = p.group().decode(required(keyAnswer, 0x84, f));
            if (chip.equals(own)) { // 9303-11 §4.4.3.4: the chip must not reflect our key
                throw f.fail(ChipException.Reason.PACE_FAILED, "chip returned the terminal's own public key", -1,
                        null);
            }
            if (chipMapKey != null && chip.equals(chipMapKey)) {
                throw f.fail(ChipException.Reason.PACE_FAILED, "chip reused its mapping key for key agreement", -1,
                        null);
            }
            k = chip.times(ownKey).secret();
            byte[] kEnc = PaceCrypto.deriveKey(p, k, SmAlgorithm.KDF_ENC);
            byte[] kMac = PaceCrypto.deriveKey(p, k, SmAlgorithm.KDF_MAC);
            byte[] token = PaceCrypto.authenticationToken(p, kMac, chip);
            Tlv last = generalAuthenticate(card, f, false, Tlv.constructed(0x7C, Tlv.of(0x85, token)));
            if (!MessageDigest.isEqual(required(last, 0x86, f), PaceCrypto.authenticationToken(p, kMac, own))) {
                throw f.fail(ChipException.Reason.PACE_FAILED, "chip authentication token does not verify", -1,
                        null);
            }
            Optional<CamClaim> cam = Optional.empty();
            if (p.mapping() == PaceCrypto.Mapping.CAM) {
                // §4.4.5: DO'8A' is required with CAM; the chip has proved the password, so a missing or
                // undecryptable A_IC is a chip-authentication failure, not an access failure
                Optional<byte[]> encrypted = last.child(0x8A).map(Tlv::value);
                if (encrypted.isPresent()) {
                    try {
                        cam = Optional.of(new CamClaim(p, chipMapKey,
                                PaceCrypto.decryptChipAuthenticationData(p, kEnc, encrypted.get())));
                    } catch (IllegalArgumentException e) {
                        cam = Optional.of(new CamClaim(p, chipMapKey, BigInteger.ZERO));
                    }
                } else {
                    cam = Optional.of(new CamClaim(p, chipMapKey, BigInteger.ZERO));
                }
            }
            SecureMessaging session = PaceCrypto.session(p, kEnc, kMac);
            Arrays.fill(kEnc, (byte) 0);
            Arrays.fill(kMac, (byte) 0);
            return new Outcome(session, cam);
        } catch (IllegalArgumentException e) {
            throw f.fail(ChipException.Reason.PACE_FAILED, e.getMessage(), -1, e);
        } finally {
            Arrays.fill(kPi, (byte) 0);
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }

    /** One GENERAL AUTHENTICATE step: sends 7C{...}, returns the 7C answer (9303-11 §4.4.4.2). */
    private static Tlv generalAuthenticate(Card card, Failures f, boolean chained, Tlv data) {
        ResponseApdu r = card.transmit(new CommandApdu(chained ? ApduChannels.CLA_CHAINING : 0x00, 0x86, 0x00, 0x00,
                data.encode(), 256));
        if (!r.isSuccess()) {
            // 63 00 at the mapping or token step: the password is wrong (9303-11 §4.4.4.2)
            throw f.fail(ChipException.Reason.PACE_FAILED, "GENERAL AUTHENTICATE refused (wrong MRZ or CAN?)",
                    r.sw(), null);
        }
        if (r.dataLength() == 0) {
            return Tlv.constructed(0x7C); // an IM chip that leaves out the empty DO'82' entirely
        }
        try {
            Tlv answer = TlvReader.read(r.data());
            if (answer.tag() != 0x7C) {
                throw f.fail(ChipException.Reason.PROTOCOL_VIOLATION, "GENERAL AUTHENTICATE answered tag "
                        + Tlv.tagHex(answer.tag()), r.sw(), null);
            }
            return answer;
        } catch (TlvException e) {
            throw f.fail(ChipException.Reason.PROTOCOL_VIOLATION, "GENERAL AUTHENTICATE: " + e.getMessage(), r.sw(),
                    e);
        }
    }

    private static byte[] required(Tlv answer, int tag, Failures f) {
        try {
            return answer.requireChild(tag).value();
        } catch (TlvException e) {
            throw f.fail(ChipException.Reason.PROTOCOL_VIOLATION, "GENERAL AUTHENTICATE: " + e.getMessage(), -1, e);
        }
    }

    /**
     * PACE-CAM verification (9303-11 §4.4.3.5.2): PK_map,IC = CA_IC * PK_IC with the chip's static key PK_IC from
     * a DG14 ChipAuthenticationPublicKeyInfo on the PACE curve. PASSED here means the chip holds the key DG14
     * names; {@link ChipAuthenticity#assess} then ties DG14 to Passive Authentication.
     */
    static ChipAuthenticity verifyChipAuthenticationMapping(CamClaim claim, byte[] dg14Bytes) {
        List<Integer> keyGroups = List.of(14);
        String what = "PACE-CAM " + claim.parameters().oid();
        if (dg14Bytes == null) {
            return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.UNDETERMINED,
                    ChipAuthReason.KEY_FILE_MALFORMED, java.util.Set.of(14), what + ": no DG14 with the chip's key");
        }
        List<SecurityInfo.ChipAuthenticationPublicKeyInfo> keys;
        try {
            keys = Dg14.parse(dg14Bytes).infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class);
        } catch (LdsException e) {
            return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.UNDETERMINED,
                    ChipAuthReason.KEY_FILE_MALFORMED, java.util.Set.copyOf(keyGroups), "DG14: " + e.getMessage());
        }
        if (claim.ca().signum() == 0) {
            return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.FAILED, ChipAuthReason.CAM_MISMATCH,
                    java.util.Set.copyOf(keyGroups), what + ": no valid encrypted chip authentication data (DO'8A')");
        }
        int candidates = 0;
        for (SecurityInfo.ChipAuthenticationPublicKeyInfo info : keys) {
            PublicKey key;
            try {
                key = info.publicKey();
            } catch (LdsException e) {
                continue;
            }
            Optional<Boolean> matches = PaceCrypto.camMatches(claim.parameters(), key, claim.chipMapKey(),
                    claim.ca());
            if (matches.isEmpty()) {
                continue; // a key on another curve, or DH: not the PACE-CAM key
            }
            candidates++;
            if (matches.get()) {
                return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.PASSED,
                        ChipAuthReason.PA_NOT_ASSESSED, java.util.Set.copyOf(keyGroups), what);
            }
        }
        if (candidates == 0) {
            return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.UNDETERMINED,
                    ChipAuthReason.KEY_FILE_MALFORMED, java.util.Set.copyOf(keyGroups),
                    what + ": DG14 has no chip key on the PACE curve");
        }
        return new ChipAuthenticity(ChipAuthMethod.PACE_CAM, CheckStatus.FAILED, ChipAuthReason.CAM_MISMATCH,
                java.util.Set.copyOf(keyGroups), what + ": PK_map,IC is not CA_IC * PK_IC for any DG14 key");
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
