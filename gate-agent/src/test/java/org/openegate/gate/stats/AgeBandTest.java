package org.openegate.gate.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AgeBandTest {

    @Test
    void at_takesTheAgeOnTheCrossingDate() {
        LocalDate born = LocalDate.of(2008, 11, 29);
        assertThat(AgeBand.at(born, LocalDate.of(2026, 11, 28))).isEqualTo(AgeBand.CHILD);
        assertThat(AgeBand.at(born, LocalDate.of(2026, 11, 29))).isEqualTo(AgeBand.YOUNG_ADULT);
        assertThat(AgeBand.at(LocalDate.of(1966, 11, 29), LocalDate.of(2026, 11, 28))).isEqualTo(AgeBand.MIDDLE_AGED);
        assertThat(AgeBand.at(LocalDate.of(1966, 11, 29), LocalDate.of(2026, 11, 29))).isEqualTo(AgeBand.OLDER);
        assertThat(AgeBand.at(LocalDate.of(1996, 11, 29), LocalDate.of(2026, 11, 29))).isEqualTo(AgeBand.ADULT);
        // Leap-day birthday: 18 on 1 March in a common year (java.time.Period).
        assertThat(AgeBand.at(LocalDate.of(2008, 2, 29), LocalDate.of(2026, 2, 28))).isEqualTo(AgeBand.CHILD);
        assertThat(AgeBand.at(LocalDate.of(2008, 2, 29), LocalDate.of(2026, 3, 1))).isEqualTo(AgeBand.YOUNG_ADULT);
        assertThat(AgeBand.at(LocalDate.of(2030, 1, 1), LocalDate.of(2026, 1, 1))).isEqualTo(AgeBand.UNKNOWN);
    }

    @Test
    void labels_areTheOnesThePipelineJournals() {
        assertThat(AgeBand.values()).extracting(AgeBand::label)
                .containsExactly("0-17", "18-29", "30-44", "45-59", "60+", "UNKNOWN");
        assertThat(AgeBand.fromLabel("45-59")).contains(AgeBand.MIDDLE_AGED);
        assertThat(AgeBand.fromLabel("45")).isEmpty();
    }
}
