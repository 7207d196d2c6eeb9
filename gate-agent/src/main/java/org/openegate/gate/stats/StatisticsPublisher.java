package org.openegate.gate.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Random;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.OutboxException;
import org.openegate.mqtt.Stream;
import org.tinylog.Logger;

/**
 * Publishes each completed UTC hour's k-suppressed statistics once, through the outbox, on the stats stream.
 *
 * <p>Why the event id is derived from the gate and the hour rather than drawn: the marker file that says which hour
 * went out last is written after the enqueue, so a crash between the two republishes that hour on restart. With the
 * same id, the outbox refuses it as a duplicate if it still waits there, and central systems de-duplicate it if it
 * was already delivered: an hour is never counted twice. A gate that was off for a while catches up on at most
 * {@link #CATCH_UP} hours; older hours stay in the journal for {@code egate stats}.
 */
public final class StatisticsPublisher {

    /** How many missed hours a gate publishes after an outage. */
    public static final int CATCH_UP = 72;

    private final HourlyStatistics statistics;
    private final Outbox outbox;
    private final Path marker;
    private final Clock clock;

    /**
     * @param marker a file holding the start of the last hour published (created on first publication)
     */
    public StatisticsPublisher(HourlyStatistics statistics, Outbox outbox, Path marker, Clock clock) {
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.marker = Objects.requireNonNull(marker, "marker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Publishes every completed hour not yet published (blocking: reads the journal, commits to the outbox).
     * Returns how many hours were handed to the outbox.
     */
    public int publishDue() throws SQLException, IOException {
        Instant last = HourlyStatistics.lastCompleteHour(clock);
        Instant oldest = last.minus(Duration.ofHours(CATCH_UP - 1L));
        Instant next = lastPublished().map(h -> h.plus(Duration.ofHours(1))).filter(h -> h.isAfter(oldest))
                .orElse(oldest);
        int published = 0;
        for (Instant hour = next; !hour.isAfter(last); hour = hour.plus(Duration.ofHours(1))) {
            String id = eventId(statistics.gateId(), hour);
            byte[] payload = statistics.payloadFor(hour).put("eventId", id).encode().getBytes(StandardCharsets.UTF_8);
            try {
                outbox.enqueue(new OutboxEvent(id, Stream.STATS, payload, clock.instant()));
            } catch (OutboxException e) {
                if (e.reason() != OutboxException.Reason.DUPLICATE_EVENT_ID) {
                    throw e;
                }
                // Enqueued before a crash that lost the marker: it waits there already.
            }
            writeMarker(hour);
            published++;
        }
        if (published > 0) {
            Logger.info("Statistics of {} hour(s) up to {} queued for publication", published, last);
        }
        return published;
    }

    /** A version-7 id stamped with the hour, its random bits fixed by the gate and the hour. */
    static String eventId(String gateId, Instant hourStart) {
        long seed = gateId.hashCode() * 0x9E3779B97F4A7C15L ^ hourStart.getEpochSecond();
        return OutboxEvent.newEventId(hourStart, new Random(seed));
    }

    private java.util.Optional<Instant> lastPublished() throws IOException {
        if (!Files.exists(marker)) {
            return java.util.Optional.empty();
        }
        String text = Files.readString(marker, StandardCharsets.UTF_8).strip();
        try {
            return java.util.Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            // A torn or foreign marker: start from the catch-up window; duplicates are refused by id.
            Logger.warn("Statistics marker {} is unreadable; publishing the last {} hours again", marker, CATCH_UP);
            return java.util.Optional.empty();
        }
    }

    private void writeMarker(Instant hour) throws IOException {
        Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(tmp, hour.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
