package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case's two records on the console: the case first, its images after it (or, out of order, before it). */
class CaseBoardTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T05:00:00Z"), ZoneOffset.UTC);
    private static final String ID = "0b7c2a2e-1111-4222-8333-444455556666";

    private final CaseBoard board = new CaseBoard(List.of(new ConsoleConfig.GateRef("t1", "gate-01")), CLOCK);

    private static JsonObject opened(boolean imagesFollow) {
        return new JsonObject().put("transactionId", ID).put("kind", "referral").put("reasons",
                new JsonArray().add("FACE_MISMATCH")).put("imagesFollow", imagesFollow)
                .put("traveller", new JsonObject().put("surname", "ERIKSSON").put("documentNumber", "L898902C3"));
    }

    private static JsonObject images() {
        JsonObject jpeg = new JsonObject().put("type", "image/jpeg")
                .put("data", Base64.getEncoder().encodeToString("live-bytes".getBytes(StandardCharsets.UTF_8)));
        return new JsonObject().put("transactionId", ID).put("kind", "referral-images").put("liveImage", jpeg)
                .put("portrait", jpeg.copy().put("type", "image/jp2"));
    }

    @Test
    void caseIsShownBeforeItsImages_whichFillInWhenTheyArrive() {
        assertThat(board.referral("t1", "gate-01", opened(true), null)).isTrue();
        CaseBoard.Case c = board.find(ID).orElseThrow();
        JsonObject before = board.view(c, Role.OFFICER);
        assertThat(before.getBoolean("imagesPending")).isTrue();
        assertThat(before.getJsonObject("traveller").getString("surname")).isEqualTo("ERIKSSON");
        assertThat(before.getJsonObject("images").getString("live")).isNull();
        assertThat(board.image(c, "live")).isEmpty();

        board.images("gate-01", images(), null);
        JsonObject after = board.view(c, Role.OFFICER);
        assertThat(after.getBoolean("imagesPending")).isFalse();
        assertThat(after.getJsonObject("images").getString("live")).isEqualTo("image/jpeg");
        assertThat(after.getJsonObject("images").getString("portrait")).isEqualTo("image/jp2");
        assertThat(new String(board.image(c, "live").orElseThrow().getValue(), StandardCharsets.UTF_8))
                .isEqualTo("live-bytes");
        assertThat(board.view(c, Role.SUPERVISOR).encode()).doesNotContain("ERIKSSON").doesNotContain("images\"");
    }

    @Test
    void imagesArrivingBeforeTheirCase_areKeptForIt() {
        board.images("gate-01", images(), null);
        board.referral("t1", "gate-01", opened(true), null);
        CaseBoard.Case c = board.find(ID).orElseThrow();
        assertThat(board.view(c, Role.OFFICER).getBoolean("imagesPending")).isFalse();
        assertThat(board.image(c, "live")).isPresent();
    }

    @Test
    void imagesOfAClosedCase_areDropped() {
        board.referral("t1", "gate-01", opened(true), null);
        CaseBoard.Case c = board.find(ID).orElseThrow();
        board.close(c, CaseBoard.Status.DECIDED, new JsonObject().put("verdict", "REFUSE"));
        board.images("gate-01", images(), null);
        assertThat(c.personal).isNull();
        assertThat(board.image(c, "live")).isEmpty();
        assertThat(board.view(c, Role.OFFICER).encode()).doesNotContain("image/jpeg").doesNotContain("ERIKSSON");
    }

    @Test
    void imagesFromAnotherGate_orUnopened_orOmitted_neverFillACase() {
        board.referral("t1", "gate-01", opened(true), null);
        CaseBoard.Case c = board.find(ID).orElseThrow();
        board.images("gate-02", images(), null); // not supervised
        assertThat(board.image(c, "live")).isEmpty();
        board.images("gate-01", new JsonObject().put("transactionId", ID), "UNKNOWN_KID");
        JsonObject view = board.view(c, Role.OFFICER);
        assertThat(view.getBoolean("imagesPending")).isFalse();
        assertThat(view.getString("imagesUnavailable")).contains("UNKNOWN_KID");
        board.images("gate-01", images(), null); // a second copy after the first settled it: ignored
        assertThat(board.image(c, "live")).isEmpty();

        String other = "1b7c2a2e-1111-4222-8333-444455556666";
        board.referral("t1", "gate-01", opened(true).put("transactionId", other), null);
        board.images("gate-01", new JsonObject().put("transactionId", other).put("imagesOmitted", "too large"), null);
        assertThat(board.view(board.find(other).orElseThrow(), Role.OFFICER).getString("imagesOmitted"))
                .isEqualTo("too large");
    }

    @Test
    void aNewReferralOfAClosedTransaction_isANewCase_butACopyOfTheFirstIsNot() {
        board.referral("t1", "gate-01", opened(false).put("eventId", "e1"), null);
        CaseBoard.Case first = board.find(ID).orElseThrow();
        board.close(first, CaseBoard.Status.DECIDED, new JsonObject().put("verdict", "ADMIT"));
        assertThat(board.referral("t1", "gate-01", opened(false).put("eventId", "e1"), null)).isFalse();
        assertThat(board.referral("t1", "gate-01", new JsonObject().put("transactionId", ID).put("eventId", "e2")
                .put("reasons", new JsonArray().add("TAILGATING")).put("during", "EXIT_OPEN"), null)).isTrue();
        assertThat(board.find(ID).orElseThrow().status).isEqualTo(CaseBoard.Status.OPEN);
        assertThat(board.referral("t1", "gate-01", opened(false).put("eventId", "e2"), null)).isFalse();
    }

    @Test
    void aSnapshotOlderThanTheReferral_doesNotCloseIt_butANewerOneDoes() {
        // The gate's outbox drains records before telemetry: after a backlog, the snapshot of the traveller
        // before (taken earlier) arrives after this traveller's referral and must not close it.
        board.referral("t1", "gate-01", opened(false).put("referredAt", "2026-11-29T05:00:10Z"), null);
        CaseBoard.Case c = board.find(ID).orElseThrow();
        JsonObject before = new JsonObject().put("state", "IDLE").put("transactionId", "the-traveller-before")
                .put("at", "2026-11-29T05:00:09.500Z");
        board.health("gate-01", before);
        assertThat(c.status).isEqualTo(CaseBoard.Status.OPEN);
        board.health("gate-01", before.copy().put("at", "not a time"));
        board.health("gate-01", before.copy().put("state", "DOCUMENT").put("transactionId", "the-next")
                .put("at", "2026-11-29T05:00:10Z"));
        assertThat(c.status).as("a snapshot from the referral's own instant is not proof").isEqualTo(
                CaseBoard.Status.OPEN);

        board.health("gate-01", before.copy().put("state", "DOCUMENT").put("transactionId", "the-next")
                .put("at", "2026-11-29T05:00:11Z"));
        assertThat(c.status).as("the gate moved on after the referral").isEqualTo(CaseBoard.Status.STALE);
    }
}
