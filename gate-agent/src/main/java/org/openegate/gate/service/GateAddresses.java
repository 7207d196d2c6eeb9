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

    /**
     * Published by each driver's verticle when its device's health changes (and once when it starts):
     * {@code {"device":"mrz|chip|camera","status":"UP|DOWN","reason":"NOT_CONNECTED","detail":"..."}} (reason a
     * {@code DeviceException.Reason} name, only when DOWN). The device supervisor turns a DOWN into a
     * {@link #FAULT} (exit locked) and, once every device is UP again, a RESET of the fault it caused.
     */
    public static final String DEVICE_HEALTH = "egate.device.health";

    /**
     * Published by the MRZ reader's verticle for each read it made for a transaction:
     * {@code {"device":"mrz","event":"DOCUMENT_PRESENTED","transactionId":"...","readId":"..."}} or
     * {@code {"device":"mrz","event":"READ_FAILED","transactionId":"...","reason":"TIMEOUT"}}. The lines themselves
     * stay in the verticle's single-use in-memory slot, which only the pipeline's in-process reader takes from;
     * {@code readId} is a random handle, not derived from the document.
     */
    public static final String MRZ_DOCUMENT = "egate.device.mrz.document";

    /**
     * Published by the chip reader's verticle for each PC/SC event:
     * {@code {"device":"chip","event":"CARD_INSERTED|CARD_REMOVED|READER_ADDED|READER_REMOVED","reader":"..."}}
     * (a {@code CardEvent.Type} name and the reader's PC/SC name). The chip session itself stays in-process.
     */
    public static final String CHIP = "egate.device.chip";

    /**
     * Published by the camera's verticle once per report period while it grabs:
     * {@code {"device":"camera","event":"FRAMES","frames":25,"total":1200,"periodMs":1000}} (frames grabbed in the
     * period, since start); never a frame.
     */
    public static final String CAMERA = "egate.device.camera";
}
