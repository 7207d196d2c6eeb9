package org.openegate.gate.service;

/**
 * The gate's event-bus contract: every address, who sends, and the JSON it carries. Personal data never travels
 * on the bus (MRZ lines, images and chip data go from driver to pipeline through the {@code GateDevices}
 * interfaces, in-process); see docs/gate-eventbus.md for examples.
 */
public final class GateAddresses {

    private GateAddresses() {
    }

    /**
     * Request/reply, to the gate verticle. Request {@code {"command":"MODE","mode":"OPEN|CLOSED|MAINTENANCE"}},
     * {@code {"command":"RESET"}} or {@code {"command":"OFFICER_DECISION","transactionId":"...","officerId":"...",
     * "verdict":"ADMIT|REFUSE","reason":"CODE"}}. Reply {@code {"accepted":true|false,"state":"IDLE","mode":"OPEN"}};
     * a malformed command fails with code 400 and a message naming the bad field.
     */
    public static final String COMMAND = "egate.gate.command";

    /** Published by the gate verticle on every state change: {@code {"state":"CHIP","mode":"OPEN","transactionId":"..."}}. */
    public static final String STATE = "egate.gate.state";

    /**
     * Published by the gate verticle after each decision, no personal data:
     * {@code {"transactionId":"...","outcome":"REFER","reasons":["MINOR"],"timingsMs":{"mrz":1.2,...}}}.
     */
    public static final String CROSSING = "egate.gate.crossing";

    /**
     * Published by the officer-console link after the gate accepted an officer's decision, no personal data:
     * {@code {"transactionId":"...","verdict":"ADMIT|REFUSE|MANUAL_BOOTH"}} (the traveller screen guides by it).
     */
    public static final String OFFICER = "egate.gate.officer";

    /** Sent by the GPIO driver on each sensor edge: {@code {"signal":"ENTRY_BEAM_BROKEN"}} (a {@code GateSignal} name). */
    public static final String SIGNAL = "egate.device.signal";

    /**
     * Sent by any driver that fails: {@code {"device":"chip|mrz|camera|gpio","reason":"IO_ERROR","detail":"..."}}
     * (reason a {@code DeviceException.Reason} name). The gate goes to FAULT: exit locked.
     */
    public static final String FAULT = "egate.device.fault";

    /**
     * Published by the serial MRZ reader for each read it did not take (misread check digits, a partial frame):
     * {@code {"device":"mrz","reason":"CHECK_DIGIT"}} (an {@code MrzRejection.Reason} name), never the characters.
     */
    public static final String MRZ_REJECTED = "egate.device.mrz.rejected";
}
