package org.openegate.mqtt;

import java.util.Optional;

/**
 * The inbound commands a gate acts on: the last level of {@code egate/v1/<site>/<gate>/cmd/<name>}. Every
 * one must be signed by a trusted operator key (see {@link OperatorKeys}); anything else on {@code cmd/+}
 * is answered with {@link CommandStatus#UNKNOWN_COMMAND} and nothing runs.
 */
public enum CommandType {
    /** Replace the gate's configuration; {@code args} is the configuration bundle. */
    CONFIG("config"),
    /** Replace the decision policy (thresholds, rules). */
    POLICY("policy"),
    /** Replace the trust list (CSCA master list, CRLs). */
    TRUST_LIST("trust-list"),
    /** Replace the watchlist. */
    WATCHLIST("watchlist"),
    /** Set the gate's mode; {@code args} is {@code {"mode":"open"|"closed"|"maintenance"}}. */
    MODE("mode"),
    /**
     * An officer's resolution of a referral, signed by the officer console's key; {@code args} is
     * {@code {"transactionId":"...","officerId":"...","verdict":"ADMIT"|"REFUSE"|"MANUAL_BOOTH","reason":"CODE"}}.
     */
    OFFICER_DECISION("officer-decision"),
    /** Liveness check; answered by the bridge itself without calling the handler. */
    PING("ping");

    private final String segment;

    CommandType(String segment) {
        this.segment = segment;
    }

    /** The topic level, e.g. {@code trust-list}. */
    public String segment() {
        return segment;
    }

    /** The command whose topic level is {@code segment}, if any. */
    public static Optional<CommandType> fromSegment(String segment) {
        for (CommandType t : values()) {
            if (t.segment.equals(segment)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The gate modes a {@link #MODE} command may set. */
    public enum Mode {
        OPEN, CLOSED, MAINTENANCE;

        /** The wire form, e.g. {@code maintenance}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Optional<Mode> fromWire(String s) {
            for (Mode m : values()) {
                if (m.wire().equals(s)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }
}
