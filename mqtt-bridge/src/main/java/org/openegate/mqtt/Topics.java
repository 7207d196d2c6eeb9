package org.openegate.mqtt;

import java.util.Objects;
import java.util.Optional;

/**
 * The topic schema of one gate: {@code egate/v1/<site>/<gate>/<stream>} outbound and
 * {@code egate/v1/<site>/<gate>/cmd/<name>} inbound.
 *
 * <p>Site and gate ids and command names are single topic levels of 1 to 64 characters from
 * {@code [A-Za-z0-9._-]}, not starting with {@code .} or {@code -}. That rules out the MQTT wildcards
 * {@code +} and {@code #} and the separator {@code /} (MQTT 5 §4.7), a leading {@code $} (reserved for
 * broker topics, §4.7.2), spaces, NUL and non-ASCII look-alikes that make ACLs hard to audit.
 */
public final class Topics {

    /** The fixed root of every OpenEgate topic. */
    public static final String PREFIX = "egate/v1/";
    static final String COMMAND_LEVEL = "cmd";
    static final String REPLY_LEVEL = "reply";
    /** The reply id used when a command named no usable response topic. */
    public static final String UNADDRESSED_REPLY = "unaddressed";
    static final int MAX_ID_LENGTH = 64;

    private final String site;
    private final String gate;
    private final String base;

    private Topics(String site, String gate) {
        this.site = site;
        this.gate = gate;
        this.base = PREFIX + site + "/" + gate + "/";
    }

    /** The topics of gate {@code gate} at site {@code site}; both are validated. */
    public static Topics of(String site, String gate) {
        return new Topics(validId("site id", site), validId("gate id", gate));
    }

    public String site() {
        return site;
    }

    public String gate() {
        return gate;
    }

    /** {@code egate/v1/<site>/<gate>/<stream>}. */
    public String topic(Stream stream) {
        return base + Objects.requireNonNull(stream, "stream").segment();
    }

    /** {@code egate/v1/<site>/<gate>/cmd/<name>}; the name is validated like an id. */
    public String command(String name) {
        return base + COMMAND_LEVEL + "/" + validId("command name", name);
    }

    /** The filter this gate subscribes to for its commands: {@code egate/v1/<site>/<gate>/cmd/+}. */
    public String commandFilter() {
        return base + COMMAND_LEVEL + "/+";
    }

    /**
     * {@code egate/v1/<site>/<gate>/reply/<id>}: where command replies go. An operator tool picks {@code id}
     * (validated like an id) and names this topic as the MQTT 5 response topic of its command.
     */
    public String reply(String id) {
        return base + REPLY_LEVEL + "/" + validId("reply id", id);
    }

    /** {@code egate/v1/<site>/<gate>/reply/+}: every reply of this gate. */
    public String replyFilter() {
        return base + REPLY_LEVEL + "/+";
    }

    /** A fleet-wide filter for one stream: {@code egate/v1/+/+/<stream>}. */
    public static String fleetFilter(Stream stream) {
        return PREFIX + "+/+/" + Objects.requireNonNull(stream, "stream").segment();
    }

    /** A parsed OpenEgate topic: an outbound stream topic or an inbound command topic. */
    public record Parsed(String site, String gate, Optional<Stream> stream, Optional<String> command) {
        public Parsed {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(command, "command");
            if (stream.isPresent() == command.isPresent()) {
                throw new IllegalArgumentException("a topic is either a stream or a command, not both or neither");
            }
        }
    }

    /**
     * Parses a concrete topic (no wildcards) received from a broker. Topics arrive from the network, so
     * every refusal names the reason and the offending level.
     *
     * @throws TopicException if the topic is not an OpenEgate stream or command topic
     */
    public static Parsed parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.startsWith(PREFIX)) {
            throw new TopicException(TopicException.Reason.WRONG_PREFIX,
                    "topic " + quote(topic) + " does not start with " + PREFIX);
        }
        String[] levels = topic.substring(PREFIX.length()).split("/", -1);
        if (levels.length == 3) {
            String site = validId("site id", levels[0]);
            String gate = validId("gate id", levels[1]);
            Stream stream = Stream.fromSegment(levels[2]).orElseThrow(() -> new TopicException(
                    TopicException.Reason.UNKNOWN_STREAM, "stream level " + quote(levels[2]) + " in topic " + quote(topic)));
            return new Parsed(site, gate, Optional.of(stream), Optional.empty());
        }
        if (levels.length == 4 && COMMAND_LEVEL.equals(levels[2])) {
            return new Parsed(validId("site id", levels[0]), validId("gate id", levels[1]),
                    Optional.empty(), Optional.of(validId("command name", levels[3])));
        }
        throw new TopicException(TopicException.Reason.WRONG_SHAPE,
                "topic " + quote(topic) + " has " + levels.length + " levels after " + PREFIX
                        + "; expected <site>/<gate>/<stream> or <site>/<gate>/cmd/<name>");
    }

    static String validId(String what, String id) {
        if (id == null || id.isEmpty()) {
            throw new TopicException(TopicException.Reason.EMPTY, what + " is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new TopicException(TopicException.Reason.TOO_LONG,
                    what + " has " + id.length() + " characters; at most " + MAX_ID_LENGTH + " allowed");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ((c == '.' || c == '-' || c == '_') && (i > 0 || c == '_'));
            if (!ok) {
                throw new TopicException(TopicException.Reason.ILLEGAL_CHARACTER,
                        what + " " + quote(id) + " has illegal character U+" + String.format("%04X", (int) c)
                                + " at offset " + i);
            }
        }
        return id;
    }

    /** Quotes a value for an error message, cut short and with control characters escaped. */
    static String quote(String s) {
        return quote(s, 80);
    }

    /**
     * Quotes untrusted {@code s} for an error message: at most {@code maxChars} characters, control characters
     * escaped, so a hostile value can neither flood a log nor forge a line in it.
     */
    public static String quote(String s, int maxChars) {
        StringBuilder b = new StringBuilder("\"");
        int limit = Math.min(s.length(), maxChars);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > limit) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        return "Topics[" + base + "]";
    }
}
