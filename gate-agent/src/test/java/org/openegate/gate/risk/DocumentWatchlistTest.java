package org.openegate.gate.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentWatchlistTest {

    private final DocumentWatchlist list = new DocumentWatchlist(
            List.of(new DocumentWatchlist.Entry("UTO", "P", "L898902C3")));

    @Test
    void isListed_matchesIgnoringFillersAndCase() {
        assertThat(list.isListed("UTO", "P<", "l898902c3<")).isTrue();
        assertThat(list.isListed("UTO", "PO", "L898902C3")).isTrue();
    }

    @Test
    void isListed_needsStateTypeAndNumberToAllMatch() {
        assertThat(list.isListed("D<<", "P", "L898902C3")).isFalse();
        assertThat(list.isListed("UTO", "I", "L898902C3")).isFalse();
        assertThat(list.isListed("UTO", "P", "L898902C4")).isFalse();
    }

    @Test
    void entry_toStringHidesNumber() {
        assertThat(new DocumentWatchlist.Entry("UTO", "P", "L898902C3").toString()).doesNotContain("L898902C3");
    }
}
