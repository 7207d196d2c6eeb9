package org.openegate.gate.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.DemoPerson;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.risk.DocumentWatchlist;

/**
 * What a simulated gate stands in: a test CSCA its trust store holds, the travellers a seed gives, the
 * lost-and-stolen list their WATCHLISTED ones are on, and the factory that makes each traveller's passport, chip
 * and devices. The demo, {@code egate bench} and {@code egate run} in simulation all start from one.
 *
 * @param trust      the trust store with the simulation's CSCA
 * @param travellers the travellers, in order
 * @param watchlist  the documents of the watchlisted travellers
 * @param factory    makes each traveller's devices
 */
public record SimulatedWorld(TrustStore trust, List<SimulatedTraveller> travellers, DocumentWatchlist watchlist,
                             TravellerFactory factory) {

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
        return new SimulatedWorld(trust, travellers, watchlist,
                new TravellerFactory(passports, csca, signer, people, random, delays));
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
