package org.openegate.gate.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.DemoPerson;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.risk.RiskChecks;
import org.openegate.gate.risk.names.DateOfBirth;
import org.openegate.gate.risk.names.ListedPerson;
import org.openegate.gate.risk.names.PersonWatchlist;
import org.openegate.gate.risk.names.ScreeningConfig;
import org.openegate.gate.risk.rules.ActiveRiskProfiles;
import org.openegate.gate.risk.rules.RiskProfileException;

/**
 * What a simulated gate stands in: a test CSCA its trust store holds, the travellers a seed gives, the
 * lists and rules they are screened against (the lost-and-stolen list their WATCHLISTED ones are on, the person
 * list their WANTED_PERSON ones are on, one risk profile), and the factory that makes each traveller's passport,
 * chip and devices. The demo, {@code egate bench} and {@code egate run} in simulation all start from one.
 *
 * @param trust      the trust store with the simulation's CSCA
 * @param travellers the travellers, in order
 * @param risk       the document list, person list and risk profiles
 * @param factory    makes each traveller's devices
 */
public record SimulatedWorld(TrustStore trust, List<SimulatedTraveller> travellers, RiskChecks risk,
                             TravellerFactory factory) {

    /** The simulation's one risk profile refers documents that expire within this many days. */
    static final int RISK_PROFILE_DAYS = 20;

    public SimulatedWorld {
        travellers = List.copyOf(travellers);
    }

    /**
     * The world of {@code seed} with {@code count} travellers; the CSCA is made at first start under
     * {@code home/pki} and kept, as a real gate keeps its trust list.
     */
    public static SimulatedWorld create(Path home, long seed, int count, TravellerFactory.Delays delays, Clock clock,
                                        SecureRandom random) throws IOException {
        TestPassportFactory passports = new TestPassportFactory(random, clock);
        CscaCredentials csca = loadOrCreateCsca(passports, home.resolve("pki"));
        DocumentSigner signer = passports.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        TrustStore trust = TrustStore.builder(clock).addCertificate(csca.certificate()).build();
        List<DemoPerson> people = DemoFaces.persons();
        ScenarioGenerator generator = new ScenarioGenerator(seed, clock, people.size());
        List<SimulatedTraveller> travellers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            travellers.add(generator.next());
        }
        DocumentWatchlist watchlist = new DocumentWatchlist(travellers.stream()
                .filter(t -> t.kind() == TravellerKind.WATCHLISTED)
                .map(t -> new DocumentWatchlist.Entry(TravellerFactory.ISSUING_STATE, "P", t.documentNumber()))
                .toList());
        PersonWatchlist persons = PersonWatchlist.of(travellers.stream()
                .filter(t -> t.kind() == TravellerKind.WANTED_PERSON)
                .map(t -> new ListedPerson("sim-wanted-" + t.number(),
                        ScenarioGenerator.WANTED_SURNAMES.get(t.surname()), t.givenNames(),
                        new DateOfBirth(t.dateOfBirth().getYear(), t.dateOfBirth().getMonthValue(),
                                t.dateOfBirth().getDayOfMonth()), t.nationality()))
                .toList(), ScreeningConfig.DEFAULTS);
        ActiveRiskProfiles profiles = new ActiveRiskProfiles();
        try {
            profiles.activate(("{\"format\": \"openegate.risk-profiles.v1\", \"rules\": [{\"id\": \"sim-expiring\","
                    + " \"reason\": \"Document expires within " + RISK_PROFILE_DAYS + " days: check onward travel\","
                    + " \"when\": {\"daysToExpiry\": {\"min\": 0, \"max\": " + RISK_PROFILE_DAYS + "}}}]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RiskProfileException e) {
            throw new IllegalStateException("the simulation's own risk profile does not compile: " + e.getMessage(), e);
        }
        return new SimulatedWorld(trust, travellers, new RiskChecks(watchlist, Optional.of(persons), profiles),
                new TravellerFactory(passports, csca, signer, people, random, delays));
    }

    /** The lost-and-stolen list. */
    public DocumentWatchlist watchlist() {
        return risk.documents();
    }

    private static CscaCredentials loadOrCreateCsca(TestPassportFactory factory, Path pki) throws IOException {
        if (Files.exists(pki.resolve(CscaCredentials.CERTIFICATE_FILE))) {
            return CscaCredentials.load(pki);
        }
        CscaCredentials csca = factory.createCsca("UT", KeyAlgorithm.EC_P256);
        csca.save(pki);
        return csca;
    }
}
