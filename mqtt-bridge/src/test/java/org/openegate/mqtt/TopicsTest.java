package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    private final Topics topics = Topics.of("lhr-t5", "gate_07");

    @Test
    void topic_buildsEveryStream() {
        assertThat(topics.topic(Stream.CROSSINGS)).isEqualTo("egate/v1/lhr-t5/gate_07/crossings");
        assertThat(topics.topic(Stream.REFERRALS)).isEqualTo("egate/v1/lhr-t5/gate_07/referrals");
        assertThat(topics.topic(Stream.DECISIONS)).isEqualTo("egate/v1/lhr-t5/gate_07/decisions");
        assertThat(topics.topic(Stream.STATS)).isEqualTo("egate/v1/lhr-t5/gate_07/stats");
        assertThat(topics.topic(Stream.HEALTH)).isEqualTo("egate/v1/lhr-t5/gate_07/health");
        assertThat(topics.topic(Stream.TELEMETRY)).isEqualTo("egate/v1/lhr-t5/gate_07/telemetry");
        assertThat(topics.topic(Stream.PRESENCE)).isEqualTo("egate/v1/lhr-t5/gate_07/presence");
    }

    @Test
    void command_andFilters() {
        assertThat(topics.command("reload-policy")).isEqualTo("egate/v1/lhr-t5/gate_07/cmd/reload-policy");
        assertThat(topics.commandFilter()).isEqualTo("egate/v1/lhr-t5/gate_07/cmd/+");
        assertThat(Topics.fleetFilter(Stream.CROSSINGS)).isEqualTo("egate/v1/+/+/crossings");
    }

    @Test
    void streamPriorities_recordsAreNeverTelemetry() {
        assertThat(Stream.CROSSINGS.priority()).isEqualTo(PriorityClass.RECORD);
        assertThat(Stream.REFERRALS.priority()).isEqualTo(PriorityClass.RECORD);
        assertThat(Stream.DECISIONS.priority()).isEqualTo(PriorityClass.RECORD);
        assertThat(Stream.TELEMETRY.priority()).isEqualTo(PriorityClass.TELEMETRY);
        assertThat(Stream.HEALTH.priority()).isEqualTo(PriorityClass.TELEMETRY);
        assertThat(Stream.STATS.priority()).isEqualTo(PriorityClass.TELEMETRY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/b", "site+", "s#", "$SYS", "with space", "-lead", ".lead", "nul\u0000", "caf\u00e9"})
    void of_rejectsWildcardsSeparatorsAndOddCharacters(String bad) {
        assertThatThrownBy(() -> Topics.of(bad, "g1"))
                .isInstanceOfSatisfying(TopicException.class,
                        e -> assertThat(e.reason()).isEqualTo(TopicException.Reason.ILLEGAL_CHARACTER))
                .hasMessageContaining("site id")
                .hasMessageContaining("at offset");
        assertThatThrownBy(() -> Topics.of("s1", bad)).isInstanceOf(TopicException.class).hasMessageContaining("gate id");
        assertThatThrownBy(() -> topics.command(bad)).isInstanceOf(TopicException.class).hasMessageContaining("command name");
    }

    @Test
    void of_rejectsEmptyAndTooLong() {
        assertThatThrownBy(() -> Topics.of("", "g"))
                .isInstanceOfSatisfying(TopicException.class, e -> assertThat(e.reason()).isEqualTo(TopicException.Reason.EMPTY));
        assertThatThrownBy(() -> Topics.of(null, "g"))
                .isInstanceOfSatisfying(TopicException.class, e -> assertThat(e.reason()).isEqualTo(TopicException.Reason.EMPTY));
        String longId = "a".repeat(65);
        assertThatThrownBy(() -> Topics.of("s", longId))
                .isInstanceOfSatisfying(TopicException.class, e -> assertThat(e.reason()).isEqualTo(TopicException.Reason.TOO_LONG))
                .hasMessageContaining("65 characters");
        assertThat(Topics.of("s", "a".repeat(64)).gate()).hasSize(64);
    }

    @Test
    void parse_streamAndCommandTopics() {
        assertThat(Topics.parse("egate/v1/lhr-t5/gate_07/crossings"))
                .isEqualTo(new Topics.Parsed("lhr-t5", "gate_07", Optional.of(Stream.CROSSINGS), Optional.empty()));
        assertThat(Topics.parse("egate/v1/lhr-t5/gate_07/cmd/reboot"))
                .isEqualTo(new Topics.Parsed("lhr-t5", "gate_07", Optional.empty(), Optional.of("reboot")));
    }

    @Test
    void parse_rejectsForeignAndMalformedTopicsWithReason() {
        assertReason("other/v1/s/g/crossings", TopicException.Reason.WRONG_PREFIX);
        assertReason("egate/v2/s/g/crossings", TopicException.Reason.WRONG_PREFIX);
        assertReason("egate/v1/s/g", TopicException.Reason.WRONG_SHAPE);
        assertReason("egate/v1/s/g/crossings/extra", TopicException.Reason.WRONG_SHAPE);
        assertReason("egate/v1/s/g/cmd/a/b", TopicException.Reason.WRONG_SHAPE);
        assertReason("egate/v1/s/g/gossip", TopicException.Reason.UNKNOWN_STREAM);
        assertReason("egate/v1/s/g/CROSSINGS", TopicException.Reason.UNKNOWN_STREAM);
        assertReason("egate/v1//g/crossings", TopicException.Reason.EMPTY);
        assertReason("egate/v1/s/+/crossings", TopicException.Reason.ILLEGAL_CHARACTER);
        assertReason("egate/v1/s/g/cmd/", TopicException.Reason.EMPTY);
    }

    @Test
    void parse_errorMessageEscapesControlCharactersAndTruncates() {
        String nasty = "egate/v1/s/g/\u001b[31m" + "x".repeat(500);
        assertThatThrownBy(() -> Topics.parse(nasty))
                .hasMessageContaining("\\u001b")
                .hasMessageNotContaining("\u001b")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    private static void assertReason(String topic, TopicException.Reason reason) {
        assertThatThrownBy(() -> Topics.parse(topic))
                .as(topic)
                .isInstanceOfSatisfying(TopicException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
