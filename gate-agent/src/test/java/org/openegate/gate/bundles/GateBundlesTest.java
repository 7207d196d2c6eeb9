package org.openegate.gate.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.flow.CrossingPipeline.Screening;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.risk.RiskChecks;
import org.openegate.mqtt.AsyncApiContract;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.bundle.BundleException;
import org.openegate.provisioning.bundle.BundleSigner;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.bundle.TrustListAge;
import org.openegate.provisioning.bundle.TrustListContent;

/**
 * The gate's bundles without a broker: each type installed through the real store (operator signature, version,
 * target) is put to use in the pipeline's screening or in the next start's configuration; refused ones change
 * nothing; the state survives a restart; the trust list's age alarm follows an injected clock.
 */
class GateBundlesTest {

    /** A Friday, 10:00 UTC: TrustListAge's worked example. */
    static final Instant FRIDAY = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    /** Fixed: the trust-list test moves time by reopening the gate's bundles with a later clock. */
    private java.time.Clock clock = java.time.Clock.fixed(FRIDAY, java.time.ZoneOffset.UTC);
    private BundleRig rig;
    private GateConfig config;
    private final List<GateBundles> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        rig = new BundleRig(dir, clock);
        config = rig.config(rig.yaml(null));
    }

    @AfterEach
    void tearDown() {
        opened.forEach(GateBundles::close);
    }

    private GateBundles open() throws BundleException {
        GateBundles bundles = GateBundles.open(config, clock).orElseThrow();
        opened.add(bundles);
        return bundles;
    }

    private void close(GateBundles bundles) {
        bundles.close();
        opened.remove(bundles);
    }

    private static Supplier<Screening> screen(GateBundles bundles) throws BundleException {
        return bundles.screening(TrustStore.empty(java.time.Clock.systemUTC()),
                RiskChecks.documentsOnly(new DocumentWatchlist(List.of())));
    }

    private static boolean listed(Supplier<Screening> screening, String number) {
        return screening.get().risk().documents().isListed("UTO", "P", number);
    }

    @Test
    void noBundlesSection_opensNothing() throws Exception {
        GateConfig plain = rig.config(rig.yaml(null).replace(BundleRig.BUNDLES, ""));
        assertThat(GateBundles.open(plain, clock)).isEmpty();
    }

    @Test
    void watchlist_snapshotThenDelta_swapTheScreening_andSurviveARestart() throws Exception {
        GateBundles bundles = open();
        Supplier<Screening> screening = screen(bundles);
        Screening before = screening.get();
        bundles.store().install(rig.sign(BundleType.WATCHLIST, 1, BundleRig.snapshot(1, List.of("L898902C3", "X1234567"))));
        assertThat(screening.get()).isNotSameAs(before);
        assertThat(before.risk().documents().size()).isZero(); // a crossing that began before still sees its list
        assertThat(listed(screening, "L898902C3")).isTrue();
        assertThat(listed(screening, "X1234567")).isTrue();

        bundles.store().install(rig.sign(BundleType.WATCHLIST, 2,
                BundleRig.delta(1, 2, List.of("X1234567"), List.of("Y7654321"))));
        assertThat(listed(screening, "X1234567")).isFalse();
        assertThat(listed(screening, "Y7654321")).isTrue();
        assertThat(listed(screening, "L898902C3")).isTrue();
        assertThat(bundles.status().getLong("watchlistListVersion")).isEqualTo(2);

        // Restart: the active bundle is a delta, yet the whole list at version 2 comes back.
        close(bundles);
        GateBundles again = open();
        Supplier<Screening> restarted = screen(again);
        assertThat(listed(restarted, "Y7654321")).isTrue();
        assertThat(listed(restarted, "L898902C3")).isTrue();
        assertThat(listed(restarted, "X1234567")).isFalse();
        assertThat(restarted.get().risk().documents().size()).isEqualTo(2);
    }

    @Test
    void watchlist_badDeltas_areRefusedWithTheReason_andTheListStays() throws Exception {
        GateBundles bundles = open();
        Supplier<Screening> screening = screen(bundles);
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.WATCHLIST, 1,
                BundleRig.delta(1, 2, List.of(), List.of("Y7654321")))))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason())
                        .isEqualTo(BundleException.Reason.INVALID_CONTENT))
                .hasMessageContaining("no watchlist yet");
        bundles.store().install(rig.sign(BundleType.WATCHLIST, 1, BundleRig.snapshot(5, List.of("L898902C3"))));

        // base version 4 is not the list's 5
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.WATCHLIST, 2,
                BundleRig.delta(4, 6, List.of(), List.of("Y7654321")))))
                .hasMessageContaining("VERSION_GAP");
        // removes a document that is not listed: all or nothing, so the add does not happen either
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.WATCHLIST, 2,
                BundleRig.delta(5, 6, List.of("Q0000000"), List.of("Y7654321")))))
                .hasMessageContaining("REMOVE_NOT_LISTED");
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.WATCHLIST, 2,
                "OEDW garbage".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("shorter than its 16-byte header");
        assertThat(listed(screening, "Y7654321")).isFalse();
        assertThat(listed(screening, "L898902C3")).isTrue();
        assertThat(bundles.store().committedVersion(BundleType.WATCHLIST)).isEqualTo(1);
        // the refused version is not burnt
        bundles.store().install(rig.sign(BundleType.WATCHLIST, 2, BundleRig.delta(5, 6, List.of(), List.of("Y7654321"))));
        assertThat(listed(screening, "Y7654321")).isTrue();
    }

    @Test
    void watchlist_crashAfterItsFileWasSwappedButBeforeTheStoreCommitted_restartsOnThePreviousList() throws Exception {
        GateBundles bundles = open();
        screen(bundles);
        bundles.store().install(rig.sign(BundleType.WATCHLIST, 1, BundleRig.snapshot(1, List.of("L898902C3"))));
        close(bundles);
        // What a process killed inside the store's apply step leaves: our file of list version 2 written and
        // renamed, the store's version file still at 1 (the provisioning crash test covers the store's side).
        List<DocumentWatchlist> applied = new ArrayList<>();
        WatchlistBundles files = new WatchlistBundles(config.dataDir().resolve("watchlist"), applied::add);
        files.apply(BundleRig.snapshot(1, List.of("L898902C3")));
        byte[] delta = BundleRig.delta(1, 2, List.of("L898902C3"), List.of("Y7654321"));
        files.validate(delta);
        files.apply(delta);
        assertThat(applied.get(1).isListed("UTO", "P", "Y7654321")).isTrue();

        GateBundles again = open();
        Supplier<Screening> screening = screen(again);
        assertThat(again.store().committedVersion(BundleType.WATCHLIST)).isEqualTo(1);
        assertThat(listed(screening, "L898902C3")).isTrue();
        assertThat(listed(screening, "Y7654321")).isFalse();
        // and the delta can be delivered again
        again.store().install(rig.sign(BundleType.WATCHLIST, 2, delta));
        assertThat(listed(screening, "Y7654321")).isTrue();
    }

    @Test
    void policy_swapsTheRiskProfilesTheScreeningEvaluates() throws Exception {
        GateBundles bundles = open();
        Supplier<Screening> screening = screen(bundles);
        bundles.store().install(rig.sign(BundleType.POLICY, 1, BundleRig.rules("minors", "\"age\": {\"max\": 17}")));
        assertThat(screening.get().risk().profiles().current().ruleIds()).containsExactly("minors");
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.POLICY, 2,
                BundleRig.rules("broken", "\"age\": {\"max\": -3}"))))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason())
                        .isEqualTo(BundleException.Reason.INVALID_CONTENT));
        assertThat(screening.get().risk().profiles().current().ruleIds()).containsExactly("minors");
    }

    @Test
    void trustList_missingThenFreshThenStale_eachChangeRaisesAnAlarmOnTheContract() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            GateBundles bundles = open();
            Supplier<Screening> screening = screen(bundles);
            bundles.attach(outbox, new SecureRandom());
            assertThat(bundles.checkTrustList().state()).isEqualTo(TrustListAge.State.MISSING);
            assertThat(outbox.depth()).isEqualTo(1); // the first check always reports
            assertThat(bundles.checkTrustList().state()).isEqualTo(TrustListAge.State.MISSING);
            assertThat(outbox.depth()).isEqualTo(1); // no change, no new alarm

            bundles.store().install(rig.sign(BundleType.TRUSTLIST, 1, germanCscas())); // signed Friday 10:00
            assertThat(screening.get().trust().size()).isEqualTo(3);
            assertThat(bundles.checkTrustList().state()).isEqualTo(TrustListAge.State.OK);
            assertThat(outbox.depth()).isEqualTo(2);
            assertThat(bundles.recentAlarms()).extracting(a -> a.get("state").asText()).containsExactly("MISSING", "OK");
            bundles.recentAlarms().forEach(GateBundlesTest::assertOnContract);
            close(bundles);

            // 47 working hours on Tuesday 09:00: still fine.
            clock = java.time.Clock.fixed(FRIDAY.plus(Duration.ofDays(4)).minusSeconds(3600), java.time.ZoneOffset.UTC);
            GateBundles tuesday = open();
            screen(tuesday);
            assertThat(tuesday.checkTrustList().state()).isEqualTo(TrustListAge.State.OK);
            close(tuesday);

            // Wednesday 10:01: past 3 working days.
            clock = java.time.Clock.fixed(FRIDAY.plus(Duration.ofDays(5)).plusSeconds(60), java.time.ZoneOffset.UTC);
            GateBundles wednesday = open();
            Supplier<Screening> restarted = screen(wednesday);
            assertThat(restarted.get().trust().size()).isEqualTo(3); // the list came back with the restart
            wednesday.attach(outbox, new SecureRandom());
            assertThat(outbox.depth()).isEqualTo(3);
            JsonObject status = wednesday.status();
            assertThat(status.getJsonObject("trustList").getString("state")).isEqualTo("STALE");
            assertThat(status.getJsonObject("active").getLong("trustlist")).isEqualTo(1);
            ObjectNode stale = wednesday.recentAlarms().get(0);
            assertThat(stale.get("state").asText()).isEqualTo("STALE");
            assertThat(stale.get("trustListVersion").asLong()).isEqualTo(1);
            assertThat(stale.get("workingAgeHours").asDouble()).isGreaterThanOrEqualTo(72.0);

            // a fresh list clears it
            BundleSigner now = new BundleSigner(rig.fleet.operatorKey(), rig.fleet.operatorCertificate(), clock,
                    new SecureRandom());
            wednesday.store().install(now.sign(BundleType.TRUSTLIST, 2, BundleRig.GATE, germanCscas()));
            assertThat(wednesday.checkTrustList().state()).isEqualTo(TrustListAge.State.OK);
            assertThat(outbox.depth()).isEqualTo(4);
            ObjectNode cleared = wednesday.recentAlarms().get(1);
            assertThat(cleared.get("previousState").asText()).isEqualTo("STALE");
            wednesday.recentAlarms().forEach(GateBundlesTest::assertOnContract);
        }
    }

    static void assertOnContract(ObjectNode alarm) {
        OutboxEvent event = OutboxEvent.create(Stream.HEALTH, alarm, java.time.Clock.systemUTC(), new SecureRandom());
        assertThat(AsyncApiContract.load().violations(Topics.of(BundleRig.SITE, BundleRig.GATE).topic(Stream.HEALTH),
                event.payload())).isEmpty();
    }

    static byte[] germanCscas() throws Exception {
        Path pki = Path.of(System.getProperty("testdata.dir"), "pki", "port-py-server");
        List<byte[]> files = new ArrayList<>();
        for (String f : List.of("csca_de_1.cer", "csca_de_3e8.cer", "lcsca_de_9d.cer")) {
            files.add(Files.readAllBytes(pki.resolve(f)));
        }
        return TrustListContent.pack(files);
    }

    @Test
    void config_thatFailsValidation_isRefusedWithEveryFieldNamed_andNothingChanges() throws Exception {
        GateBundles bundles = open();
        String bad = rig.yaml(null).replace("faceThreshold: 0.34", "faceThreshold: 1.7")
                .replace("chipMs: 10000", "chipMs: 10") + "colour: blue\n";
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.CONFIG, 1,
                bad.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason())
                        .isEqualTo(BundleException.Reason.INVALID_CONTENT))
                .hasMessageContaining("policy.faceThreshold").hasMessageContaining("timeouts.chipMs")
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.CONFIG, 1,
                "gate: [unclosed".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("not valid YAML at line 1");
        assertThat(bundles.store().active(BundleType.CONFIG)).isEmpty();
        assertThat(bundles.configToRun()).isSameAs(config);
    }

    @Test
    void config_mayNotMoveTheGateOrReplaceItsTrustRoots() throws Exception {
        GateBundles bundles = open();
        Files.copy(dir.resolve("fleet/operator.pem"), dir.resolve("other.pem"));
        String moved = rig.yaml(null).replace("id: gate-01", "id: gate-02").replace("site: demo-site", "site: elsewhere")
                .replace("dataDir: data", "dataDir: data2").replace("operators: [fleet/operator.pem]",
                        "operators: [other.pem]");
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.CONFIG, 1,
                moved.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("gate.id").hasMessageContaining("gate.site").hasMessageContaining("dataDir")
                .hasMessageContaining("bundles.operators");
        String off = rig.yaml(null).replace(BundleRig.BUNDLES, "");
        assertThatThrownBy(() -> bundles.store().install(rig.sign(BundleType.CONFIG, 1,
                off.getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("cannot turn bundles off");
    }

    @Test
    void config_valid_runsFromTheNextStart_andOneThatFailsToStartFallsBackToThePrevious() throws Exception {
        GateBundles bundles = open();
        byte[] v1 = rig.yaml(null).replace("faceThreshold: 0.34", "faceThreshold: 0.4").getBytes(StandardCharsets.UTF_8);
        bundles.store().install(rig.sign(BundleType.CONFIG, 1, v1));
        assertThat(bundles.status().getJsonObject("config").getBoolean("restartPending")).isTrue();
        assertThat(bundles.running()).isSameAs(config);
        close(bundles);

        GateBundles second = open();
        GateConfig run = second.configToRun();
        assertThat(run.policy().faceThreshold()).isEqualTo(0.4);
        assertThat(second.status().getJsonObject("config").getValue("running")).isEqualTo(1L);
        assertThat(second.status().getJsonObject("config").getBoolean("restartPending")).isFalse();
        byte[] v2 = rig.yaml(null).replace("faceThreshold: 0.34", "faceThreshold: 0.5").getBytes(StandardCharsets.UTF_8);
        second.store().install(rig.sign(BundleType.CONFIG, 2, v2));
        close(second);

        GateBundles third = open();
        assertThat(third.configToRun().policy().faceThreshold()).isEqualTo(0.5);
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            GateConfig back = third.configFailedToStart(new java.net.BindException("Address already in use"));
            assertThat(back.policy().faceThreshold()).isEqualTo(0.4); // v1, the one before
            JsonObject status = third.status().getJsonObject("config");
            assertThat(status.getValue("running")).isEqualTo(1L);
            assertThat(status.getValue("failed")).isEqualTo(2L);
            assertThat(status.getBoolean("restartPending")).isFalse();
            third.attach(outbox, new SecureRandom());
            // the roll-back alarm raised before the outbox was open, then the trust list's first check
            assertThat(outbox.depth()).isEqualTo(2);
            ObjectNode alarm = third.recentAlarms().get(0);
            assertThat(alarm.get("alarm").asText()).isEqualTo("CONFIG_ROLLED_BACK");
            assertThat(alarm.get("failedVersion").asLong()).isEqualTo(2);
            assertThat(alarm.get("runningVersion").asLong()).isEqualTo(1);
            assertThat(alarm.get("reason").asText()).contains("BindException", "Address already in use");
            assertOnContract(alarm);
            assertOnContract(third.recentAlarms().get(1));
        }
        close(third);
        // Failing on the configuration file itself: nothing to undo, the failure is the gate's.
        GateBundles plain = open();
        assertThatThrownBy(() -> plain.configFailedToStart(new IllegalStateException("x")))
                .isInstanceOf(IllegalStateException.class);
    }
}
