package org.openegate.mqtt;

import java.util.Locale;
import java.util.Optional;

/** The outbound streams of a gate: the last segment of {@code egate/v1/<site>/<gate>/<stream>}. */
public enum Stream {
    CROSSINGS(PriorityClass.RECORD),
    REFERRALS(PriorityClass.RECORD),
    DECISIONS(PriorityClass.RECORD),
    STATS(PriorityClass.TELEMETRY),
    HEALTH(PriorityClass.TELEMETRY),
    TELEMETRY(PriorityClass.TELEMETRY),
    /** Retained birth / last-will state; published by {@link MqttPublisher} itself, never through the outbox. */
    PRESENCE(PriorityClass.TELEMETRY);

    private final PriorityClass priority;
    private final String segment;

    Stream(PriorityClass priority) {
        this.priority = priority;
        this.segment = name().toLowerCase(Locale.ROOT);
    }

    /**
     * The priority class every event of this stream has. It is fixed per stream so that shedding
     * telemetry can never reorder or thin out a record stream.
     */
    public PriorityClass priority() {
        return priority;
    }

    /** The topic segment, e.g. {@code crossings}. */
    public String segment() {
        return segment;
    }

    /** The stream whose topic segment is {@code segment}, if any. */
    public static Optional<Stream> fromSegment(String segment) {
        for (Stream s : values()) {
            if (s.segment.equals(segment)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
