package org.openegate.gate.sim;

/** The kinds of traveller the simulation sends through the gate, one for each outcome and reason it must reach. */
public enum TravellerKind {
    /** A genuine document presented by its holder: the exit should open. */
    GENUINE,
    /** A genuine document presented by someone else: the face does not match. */
    IMPOSTOR,
    /** A document whose chip data was altered after signing: Passive Authentication fails. */
    TAMPERED_SOD,
    /** A genuine document that is on the lost-and-stolen list. */
    WATCHLISTED,
    /** A genuine document past its expiry date. */
    EXPIRED,
    /** A clone: the genuine files copied onto a chip that lacks the genuine chip's private key. */
    CLONED_CHIP,
    /** A genuine document of a child under the policy's minors age: referred (Frontex: minors need an officer). */
    MINOR,
    /** A genuine document presented with a photo of its holder held up to the camera instead of a live face. */
    PRESENTATION_ATTACK,
    /** A document whose chip does not answer to the key printed in its MRZ (damaged or swapped chip). */
    UNREADABLE_CHIP,
    /** A genuine traveller followed into the gate by a second person. */
    TAILGATING,
    /** A document whose printed MRZ has a wrong composite check digit (a misprint or an altered data page). */
    MRZ_MISPRINT,
    /** A document whose MRZ the reader cannot make out (a worn, dirty or covered data page). */
    UNREADABLE_MRZ,
    /** A genuine travel document of a type the lane does not take (type I in a passport-only lane). */
    INELIGIBLE_DOCUMENT,
    /** A genuine document signed under a CSCA the gate's trust list lacks (a state it has no certificate for). */
    UNKNOWN_ISSUER,
    /** The traveller is out of the camera's view (turned away, stepped back): no face in the frame. */
    NO_FACE,
    /**
     * A wanted person on the person watchlist, listed under the Unicode spelling of their name (Müller) while the
     * passport's MRZ carries its ICAO 9303-3 transliteration (MUELLER): found by name screening, not by equality.
     */
    WANTED_PERSON,
    /** A genuine document that expires within the simulation's risk profile's window (20 days). */
    RISK_PROFILE
}
