package org.openegate.gate.sim;

import java.time.LocalDate;

/**
 * A made-up traveller and the document they carry. Names are synthetic; the face comes from the demo's licensed
 * portrait set (see the biometrics module), never from test data.
 *
 * @param portraitPerson index of the person whose photo is on the chip
 * @param livePerson     index of the person who stands in front of the camera
 */
public record SimulatedTraveller(
        int number,
        TravellerKind kind,
        String surname,
        String givenNames,
        String nationality,
        char sex,
        LocalDate dateOfBirth,
        LocalDate dateOfExpiry,
        String documentNumber,
        int portraitPerson,
        int livePerson) {

    /** Only the number and kind: the rest is personal data, even when made up. */
    @Override
    public String toString() {
        return "SimulatedTraveller[#" + number + ", " + kind + "]";
    }
}
