package org.openegate.gate.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.gate.risk.documents.DocumentDeltaBuilder;

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

    @Test
    void deltaOnTheIndex_changesWhatTheFlowSees() throws IOException {
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        new DocumentDeltaBuilder(1, 2).remove("UTO", "P", "L898902C3").add("D<<", "I", "T22000129")
                .writeTo(delta);
        list.index().applyDelta(new ByteArrayInputStream(delta.toByteArray()));
        assertThat(list.isListed("UTO", "P", "L898902C3")).isFalse();
        assertThat(list.isListed("D", "ID", "T22000129")).isTrue();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.toString()).contains("version 2").doesNotContain("T22000129");
    }

    @Test
    void unlistableEntry_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new DocumentWatchlist(List.of(new DocumentWatchlist.Entry("UTO", "P", "L89-SECRET"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INVALID_ENTRY")
                .hasMessageNotContaining("SECRET");
    }
}
