package org.openegate.mqtt;

/** How an outbox event may be treated when the gate is offline for long. */
public enum PriorityClass {
    /** Crossing, referral and decision records: never dropped; they wait in the outbox until acknowledged. */
    RECORD,
    /** Statistics, health and telemetry: may be shed, oldest first, when the outbox holds too many. */
    TELEMETRY
}
