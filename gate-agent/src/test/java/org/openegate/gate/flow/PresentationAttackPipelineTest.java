package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.FaceEngine;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.gate.sim.TravellerKind;

/**
 * Issue #5 / #7: the real PAD model, through the real pipeline, catches the phone held up with the holder's
 * portrait and passes the holder's own live capture; the check result carries the continuous score and the
 * policy's threshold (BSI TR-03121-3 §4.5.1 asks for a score in [0, 1] with at least 10 levels).
 */
class PresentationAttackPipelineTest {

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

    private static CrossingPipeline.Crossing cross(int number, TravellerKind kind, int person) {
        LocalDate today = LocalDate.now(CLOCK);
        PreparedTraveller t = factory.prepare(new SimulatedTraveller(number, kind, "HOLM", "LENA", "UTO", 'F',
                today.minusYears(40), today.plusYears(5), "AB1234567", person, person));
        return new CrossingPipeline("gate-t", "key-t", trust, faces, new DocumentWatchlist(List.of()),
                new DecisionPolicy(GatePolicy.standard()), CLOCK, RANDOM).process(t.mrzReader(), t.chip(), t.camera());
    }

    @Test
    void phoneWithTheHoldersPortrait_isReferredAsAPresentationAttack_forEveryDemoPerson() {
        for (int person = 0; person < DemoFaces.persons().size(); person++) {
            CrossingPipeline.Crossing crossing = cross(7, TravellerKind.PRESENTATION_ATTACK, person);
            JsonObject pad = crossing.record().checks().getJsonObject("presentationAttack");
            assertThat(pad.getString("status")).as("person %d", person).isEqualTo("FAILED");
            assertThat(pad.getString("reason")).isEqualTo("ATTACK_SUSPECTED");
            assertThat(pad.getDouble("score")).isBetween(0.0, 0.5);
            assertThat(pad.getDouble("threshold")).isEqualTo(0.5);
            assertThat(crossing.decision().reasons()).contains(ReasonCode.PRESENTATION_ATTACK);
            assertThat(crossing.decision().outcome()).isNotEqualTo(Outcome.OPEN_EXIT);
        }
    }

    @Test
    void holdersOwnLiveCapture_passesThePadCheck_withItsScoreAndThreshold() {
        for (int person = 0; person < DemoFaces.persons().size(); person++) {
            CrossingPipeline.Crossing crossing = cross(1, TravellerKind.GENUINE, person);
            JsonObject pad = crossing.record().checks().getJsonObject("presentationAttack");
            assertThat(pad.getString("status")).as("person %d", person).isEqualTo("PASSED");
            assertThat(pad.getString("reason")).isEqualTo("LIVE");
            assertThat(pad.getDouble("score")).isBetween(0.5, 1.0);
            assertThat(pad.getDouble("threshold")).isEqualTo(0.5);
            assertThat(crossing.decision().outcome()).isEqualTo(Outcome.OPEN_EXIT);
        }
    }
}
