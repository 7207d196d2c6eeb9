package org.openegate.gate.web;

import io.vertx.core.json.JsonObject;

/**
 * What the traveller screen may know: one guidance step, derived from the gate's state and, after a referral,
 * the officer's verdict. It is built here, on the gate, from an allow-list of steps, so no reason code (a
 * presentation-attack result, a watchlist hit) can reach the screen even by mistake: the screen's JavaScript
 * never receives one to show. Frontex Best Practice Guidelines on ABC: travellers are told what to do next,
 * never why a check failed.
 */
enum TravellerView {
    /** IDLE: step into the gate. */
    WELCOME,
    /** DOCUMENT: place the passport on the reader. */
    PRESENT_DOCUMENT,
    /** CHIP: keep the passport on the reader. */
    KEEP_DOCUMENT,
    /** FACE: look at the camera. */
    LOOK_AT_CAMERA,
    /** DECIDING: please wait. */
    PLEASE_WAIT,
    /** EXIT_OPEN: proceed through the exit. */
    PROCEED,
    /** REFERRED: an officer is coming; please wait here. */
    OFFICER_COMING,
    /** REJECTED after an officer sent the traveller to a staffed booth. */
    MANUAL_BOOTH,
    /** REJECTED otherwise: go back through the entry and follow the signs to an officer. */
    GO_BACK,
    /** FAULT, EMERGENCY, CLOSED, MAINTENANCE: the gate is not in service. */
    OUT_OF_SERVICE;

    /** The step for {@code state} (a {@code GateState} name); {@code verdict} is the last officer verdict, or null. */
    static TravellerView of(String state, String verdict) {
        return switch (state == null ? "" : state) {
            case "IDLE" -> WELCOME;
            case "DOCUMENT" -> PRESENT_DOCUMENT;
            case "CHIP" -> KEEP_DOCUMENT;
            case "FACE" -> LOOK_AT_CAMERA;
            case "DECIDING" -> PLEASE_WAIT;
            case "EXIT_OPEN" -> PROCEED;
            case "REFERRED" -> OFFICER_COMING;
            case "REJECTED" -> "MANUAL_BOOTH".equals(verdict) ? MANUAL_BOOTH : GO_BACK;
            default -> OUT_OF_SERVICE;
        };
    }

    /** The whole message the screen receives: the step name and nothing else. */
    JsonObject toJson() {
        return new JsonObject().put("step", name());
    }
}
