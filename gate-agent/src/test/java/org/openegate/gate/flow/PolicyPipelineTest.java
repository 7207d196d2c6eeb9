package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.FaceEngine;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.decision.Check;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.decision.UndeterminedAction;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.gate.sim.TravellerKind;

/** The same genuine traveller through the real pipeline under different policies: the policy, not code, decides. */
class PolicyPipelineTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static FaceEngine faces;
    private static TrustStore trust;
    private static TravellerFactory factory;

    @BeforeAll
    static void setUp() {
        faces = FaceEngine.load();
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

    private static PreparedTraveller genuine() {
        return traveller(TravellerKind.GENUINE, 0);
    }

    private static PreparedTraveller traveller(TravellerKind kind, int person) {
        LocalDate today = LocalDate.now(CLOCK);
        return factory.prepare(new SimulatedTraveller(1, kind, "HOLM", "LENA", "UTO", 'F',
                today.minusYears(40), today.plusYears(5), "AB1234567", person, person));
    }

    private static CrossingPipeline.Crossing cross(GatePolicy policy) {
        return cross(policy, genuine());
    }

    private static CrossingPipeline.Crossing cross(GatePolicy policy, PreparedTraveller t) {
        return new CrossingPipeline("gate-t", "key-t", trust, faces, new DocumentWatchlist(List.of()),
                new DecisionPolicy(policy), CLOCK, RANDOM).process(t.mrzReader(), t.chip(), t.camera());
    }

    private static GatePolicy with(Set<String> nationalities, double face, double pad) {
        GatePolicy s = GatePolicy.standard();
        return new GatePolicy(s.mandatoryChecks(), face, pad, s.minorUnderAge(), s.minorOutcome(), nationalities,
                s.eligibleDocumentTypes(), s.undetermined(), s.rejecting());
    }

    @Test
    void standardPolicy_opensForTheGenuineTraveller_andJournalsThresholds() {
        CrossingPipeline.Crossing crossing = cross(GatePolicy.standard());
        assertThat(crossing.decision().outcome()).isEqualTo(Outcome.OPEN_EXIT);
        assertThat(crossing.record().checks().getJsonObject("face").getDouble("threshold")).isEqualTo(0.34);
        assertThat(crossing.record().checks().getJsonObject("presentationAttack").getDouble("threshold"))
                .isEqualTo(0.5);
        assertThat(crossing.record().checks().getJsonObject("eligibility").getString("status")).isEqualTo("PASSED");
        assertThat(crossing.record().versions().fieldNames()).contains("gateAgent", "crypto", "biometrics",
                "faceThreshold", "padThreshold");
    }

    @Test
    void nationalityNotEligible_refers() {
        CrossingPipeline.Crossing crossing = cross(with(Set.of("DEU", "FRA"), 0.34, 0.5));
        assertThat(crossing.decision().outcome()).isEqualTo(Outcome.REFER);
        assertThat(crossing.decision().reasons()).containsExactly(ReasonCode.NOT_ELIGIBLE);
    }

    @Test
    void policyFaceThresholdAboveTheScore_isAMismatch() {
        CrossingPipeline.Crossing crossing = cross(with(Set.of(), 0.9999, 0.5));
        assertThat(crossing.decision().reasons()).contains(ReasonCode.FACE_MISMATCH);
        assertThat(crossing.record().checks().getJsonObject("face").getDouble("threshold")).isEqualTo(0.9999);
    }

    @Test
    void padThresholdAboveTheLiveness_isAPresentationAttack() {
        CrossingPipeline.Crossing crossing = cross(with(Set.of(), 0.34, 1.0));
        assertThat(crossing.decision().reasons()).contains(ReasonCode.PRESENTATION_ATTACK);
    }

    /**
     * Issues #5 and #7: the real PAD model catches the phone held up with the holder's portrait and passes the
     * holder's own live capture, for every demo person; the check result carries the continuous score (BSI
     * TR-03121-3 §4.5.1: in [0, 1], at least 10 levels) and the policy's threshold.
     */
    @Test
    void padCheck_catchesThePhoneWithThePortrait_passesTheLiveCapture_andReportsScoreAndThreshold() {
        for (int person = 0; person < DemoFaces.persons().size(); person++) {
            for (TravellerKind kind : List.of(TravellerKind.GENUINE, TravellerKind.PRESENTATION_ATTACK)) {
                boolean attack = kind == TravellerKind.PRESENTATION_ATTACK;
                CrossingPipeline.Crossing crossing = cross(GatePolicy.standard(), traveller(kind, person));
                io.vertx.core.json.JsonObject pad = crossing.record().checks().getJsonObject("presentationAttack");
                assertThat(pad.getString("status")).as("%s, person %d", kind, person)
                        .isEqualTo(attack ? "FAILED" : "PASSED");
                assertThat(pad.getString("reason")).isEqualTo(attack ? "ATTACK_SUSPECTED" : "LIVE");
                assertThat(pad.getDouble("threshold")).isEqualTo(0.5);
                assertThat(pad.getDouble("score")).isBetween(0.0, 1.0);
                assertThat(pad.getDouble("score") < 0.5).isEqualTo(attack);
                assertThat(crossing.decision().reasons().contains(ReasonCode.PRESENTATION_ATTACK)).isEqualTo(attack);
                assertThat(crossing.decision().outcome()).isEqualTo(attack ? Outcome.REFER : Outcome.OPEN_EXIT);
            }
        }
    }

    @Test
    void mandatoryChipAuthenticity_rejectWhenUndetermined_isInTheRejectingSet() {
        GatePolicy s = GatePolicy.standard();
        EnumMap<Check, UndeterminedAction> undetermined = new EnumMap<>(s.undetermined());
        undetermined.put(Check.CHIP_AUTHENTICITY, UndeterminedAction.REJECT);
        DecisionPolicy policy = new DecisionPolicy(new GatePolicy(s.mandatoryChecks(), 0.34, 0.5, 18, Outcome.REFER,
                Set.of(), Set.of("P"), undetermined, Set.of()));
        assertThat(policy.onUndetermined(Check.CHIP_AUTHENTICITY))
                .containsExactly(ReasonCode.CHIP_AUTHENTICITY_UNDETERMINED);
        assertThat(policy.decide(List.of(ReasonCode.CHIP_AUTHENTICITY_UNDETERMINED)).outcome())
                .isEqualTo(Outcome.REJECT);
        undetermined.put(Check.CHIP_AUTHENTICITY, UndeterminedAction.ACCEPT);
        DecisionPolicy accepting = new DecisionPolicy(new GatePolicy(Set.of(Check.MRZ), 0.34, 0.5, 18,
                Outcome.REJECT, Set.of(), Set.of("P"), undetermined, Set.of()));
        assertThat(accepting.onUndetermined(Check.CHIP_AUTHENTICITY)).isEmpty();
        assertThat(accepting.decide(List.of(ReasonCode.MINOR)).outcome()).isEqualTo(Outcome.REJECT);
    }
}
