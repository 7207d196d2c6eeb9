package org.openegate.gate.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.gate.risk.rules.RiskProfileException.Reason;

/** Acceptance 3 at the content level: a malformed bundle or one bad rule leaves the previous set active. */
class ActiveRiskProfilesTest {

    private static final TravellerAttributes CHILD_LEAVING = new TravellerAttributes(Optional.of("UTO"),
            Optional.of("UTO"), Optional.of(Mrz.Sex.MALE), Optional.of("P"), Optional.of(LocalDate.of(2015, 3, 3)),
            Optional.empty(), Optional.of(LocalDate.of(2030, 3, 3)), Optional.of(Direction.EXIT),
            Instant.parse("2026-11-28T12:00:00Z"));

    private static final byte[] MINORS = ("{\"format\":\"openegate.risk-profiles.v1\",\"rules\":[{\"id\":\"minor-exit\","
            + "\"reason\":\"Minor leaving\",\"when\":{\"age\":{\"max\":17},\"direction\":{\"in\":[\"EXIT\"]}}}]}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void startsEmpty_andActivatesAGoodBundle() throws Exception {
        ActiveRiskProfiles active = new ActiveRiskProfiles();
        assertThat(active.evaluate(CHILD_LEAVING)).isEmpty();
        RiskProfiles now = active.activate(MINORS);
        assertThat(active.current()).isSameAs(now);
        assertThat(active.evaluate(CHILD_LEAVING)).containsExactly(new RuleHit("minor-exit", "Minor leaving"));
    }

    @Test
    void malformedBundle_keepsThePreviousSet() throws Exception {
        ActiveRiskProfiles active = new ActiveRiskProfiles();
        RiskProfiles previous = active.activate(MINORS);
        byte[] truncated = java.util.Arrays.copyOf(MINORS, MINORS.length - 3);
        RiskProfileException e = catchThrowableOfType(() -> active.activate(truncated), RiskProfileException.class);
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(active.current()).isSameAs(previous);
        assertThat(active.evaluate(CHILD_LEAVING)).hasSize(1);
    }

    @Test
    void oneBadRule_keepsThePreviousSetWhole() throws Exception {
        ActiveRiskProfiles active = new ActiveRiskProfiles();
        RiskProfiles previous = active.activate(MINORS);
        // The first rule would refer everybody from UTO; the second is bad. Nothing of it may take effect.
        byte[] bad = ("{\"format\":\"openegate.risk-profiles.v1\",\"rules\":["
                + "{\"id\":\"all-uto\",\"reason\":\"x\",\"when\":{\"nationality\":{\"in\":[\"UTO\"]}}},"
                + "{\"id\":\"broken\",\"reason\":\"y\",\"when\":{\"direction\":{\"in\":[\"SIDEWAYS\"]}}}]}")
                .getBytes(StandardCharsets.UTF_8);
        RiskProfileException e = catchThrowableOfType(() -> active.activate(bad), RiskProfileException.class);
        assertThat(e.reason()).isEqualTo(Reason.BAD_VALUE);
        assertThat(e.ruleId()).contains("broken");
        assertThat(e.pointer()).isEqualTo("/rules/1/when/direction/in/0");
        assertThat(active.current()).isSameAs(previous);
        assertThat(active.current().ruleIds()).containsExactly("minor-exit");
    }
}
