package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.biometrics.DemoFaces;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.sim.LatchGateIo;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.gate.sim.TravellerKind;
import org.openegate.mqtt.Outbox;

/**
 * The speed work of issue #7 must not cost correctness: the portrait on its own engine and thread scores exactly
 * as one engine analysing both images in turn, and the journal and outbox writes moved off the traveller's path
 * still land in order, with a STARTED row that cannot be written still stopping the gate.
 */
class GateControllerRecorderTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static FaceEngines faces;
    private static TrustStore trust;
    private static TravellerFactory factory;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        faces = FaceEngines.load();
        TestPassportFactory passports = new TestPassportFactory(RANDOM, CLOCK);
        CscaCredentials csca = passports.createCsca("UT", KeyAlgorithm.EC_P256);
        trust = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).build();
        factory = new TravellerFactory(passports, csca, passports.createDocumentSigner(csca, KeyAlgorithm.EC_P256),
                DemoFaces.persons(), RANDOM, TravellerFactory.Delays.NONE);
    }

    @AfterAll
    static void tearDown() {
        faces.close();
    }

    private static PreparedTraveller traveller(TravellerKind kind) {
        LocalDate today = LocalDate.now(CLOCK);
        return factory.prepare(new SimulatedTraveller(1, kind, "HOLM", "LENA", "UTO", 'F',
                today.minusYears(40), today.plusYears(5), "AB1234567", 0, kind == TravellerKind.IMPOSTOR ? 1 : 0));
    }

    private static CrossingPipeline pipeline(FaceEngines engines) {
        return new CrossingPipeline("gate-t", "key-t", trust, engines, new DocumentWatchlist(List.of()),
                DecisionPolicy.standard(), CLOCK, RANDOM);
    }

    @Test
    void portraitEngine_hasNoPad_andScoresAsOneEngineAnalysingBothInTurn() {
        assertThat(faces.portrait().options().liveness()).isFalse();
        assertThat(faces.live().options().liveness()).isTrue();
        PreparedTraveller same = traveller(TravellerKind.GENUINE);
        CrossingPipeline.Crossing parallel = pipeline(faces).process(same.mrzReader(), same.chip(), same.camera());
        CrossingPipeline.Crossing inTurn = pipeline(FaceEngines.sharing(faces.live()))
                .process(same.mrzReader(), same.chip(), same.camera());
        for (String check : List.of("face", "presentationAttack")) {
            assertThat(parallel.record().checks().getJsonObject(check).getDouble("score"))
                    .as(check).isEqualTo(inTurn.record().checks().getJsonObject(check).getDouble("score"));
        }
        assertThat(parallel.decision().outcome()).isEqualTo(Outcome.OPEN_EXIT);
    }

    @Test
    void impostor_isStillAMismatch_withThePortraitAnalysedAlongside() {
        PreparedTraveller impostor = traveller(TravellerKind.IMPOSTOR);
        CrossingPipeline.Crossing crossing = pipeline(faces).process(impostor.mrzReader(), impostor.chip(),
                impostor.camera());
        assertThat(crossing.record().checks().getJsonObject("face").getString("reason")).isEqualTo("MISMATCH");
    }

    @Test
    void crossing_journalsStartedThenCompleted_andQueuesItsEvent() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("journal.db"),
                DataKey.loadOrCreate(dir.resolve("data.key"), RANDOM), CLOCK, Duration.ofDays(1));
                Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
                GateController controller = controller(journal, outbox)) {
            GateStateMachine gate = controller.machine();
            gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
            String id = gate.transactionId().orElseThrow();
            gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
            PreparedTraveller t = traveller(TravellerKind.GENUINE);
            Optional<CrossingPipeline.Crossing> crossing = controller.runChecks(id, t.mrzReader(), t.chip(),
                    t.camera());

            assertThat(crossing).isPresent();
            assertThat(journal.status(id)).contains(Journal.Status.COMPLETED);
            controller.awaitRecorded();
            assertThat(outbox.depth()).isEqualTo(1);
            assertThat(journal.pendingEvents()).isEmpty();
        }
    }

    @Test
    void startedRowNotWritten_faultsTheGate_andActsOnNoDecision() throws Exception {
        Journal journal = Journal.open(dir.resolve("journal.db"),
                DataKey.loadOrCreate(dir.resolve("data.key"), RANDOM), CLOCK, Duration.ofDays(1));
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
                GateController controller = controller(journal, outbox)) {
            GateStateMachine gate = controller.machine();
            journal.close(); // the disk is gone: STARTED cannot be written
            gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
            String id = gate.transactionId().orElseThrow();
            gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
            PreparedTraveller t = traveller(TravellerKind.GENUINE);

            assertThat(controller.runChecks(id, t.mrzReader(), t.chip(), t.camera())).isEmpty();
            assertThat(gate.state()).isEqualTo(GateState.FAULT);
            controller.awaitRecorded();
            assertThat(outbox.depth()).isZero();
        }
    }

    private GateController controller(Journal journal, Outbox outbox) throws Exception {
        GateController controller = new GateController("gate-t", pipeline(FaceEngines.sharing(faces.live())),
                journal, outbox, CLOCK, new SimpleMeterRegistry());
        GateStateMachine gate = new GateStateMachine(new LatchGateIo(), GateConfig.Timeouts.generous().byState(),
                CLOCK, () -> UUID.randomUUID().toString(), controller);
        controller.attach(gate);
        controller.recover();
        gate.start(GateMode.OPEN);
        return controller;
    }
}
