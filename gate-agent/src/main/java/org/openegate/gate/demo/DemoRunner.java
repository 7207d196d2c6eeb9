package org.openegate.gate.demo;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.FaceEngines;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.flow.GateMode;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.sim.LatchGateIo;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedCrossing;
import org.openegate.gate.sim.TravellerFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.SimulatedWorld;
import org.openegate.mqtt.EmbeddedBroker;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.RecordCounter;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.DeviceIdentity;

/**
 * The whole simulated gate of {@code egate demo}: synthetic passports signed by the demo's own CSCA, served by
 * the eMRTD emulator, read through the real pipeline, journalled, and published over MQTT to a broker, where a
 * subscriber counts the crossing records back.
 *
 * <p>The demo's CSCA is made at first start and kept under the demo's home folder, as a real gate keeps its
 * trust list; the journal and outbox are kept there too, so records a broker outage left queued go out next time.
 */
public final class DemoRunner {

    /** What the demo was asked to do. */
    public record Options(int travellers, long seed, Optional<String> brokerUri, Duration drainTimeout, Path home) {
        public Options {
            if (travellers < 1) {
                throw new IllegalArgumentException("--travellers must be at least 1, was " + travellers);
            }
        }
    }

    /** The outcome of a run, as CLI.md's summary object. */
    public record Summary(int travellers, Map<Outcome, Integer> outcomes, Map<ReasonCode, Integer> reasons,
            long published, long queued, long durationMs) {

        public JsonObject toJson() {
            JsonObject outcomesJson = new JsonObject();
            for (Outcome outcome : Outcome.values()) {
                outcomesJson.put(outcome.name(), outcomes.getOrDefault(outcome, 0));
            }
            JsonObject reasonsJson = new JsonObject();
            reasons.forEach((reason, count) -> reasonsJson.put(reason.name(), count));
            return new JsonObject().put("travellers", travellers).put("outcomes", outcomesJson)
                    .put("reasons", reasonsJson).put("published", published).put("queued", queued)
                    .put("durationMs", durationMs);
        }
    }

    private static final String SITE = "demo-site";
    private static final String GATE = "gate-01";

    private final Options options;
    private final Clock clock;
    private final SecureRandom random;

    public DemoRunner(Options options, Clock clock, SecureRandom random) {
        this.options = options;
        this.clock = clock;
        this.random = random;
    }

    /** Runs the demo; with {@code lines} it prints a line per traveller to {@code out}. */
    public Summary run(PrintWriter out, boolean lines) throws IOException, SQLException, InterruptedException {
        long start = System.nanoTime();
        Path home = options.home();
        Files.createDirectories(home);

        DeviceIdentity identity = deviceIdentity(home.resolve("device"), random);
        SimulatedWorld world = SimulatedWorld.create(home, options.seed(), options.travellers(),
                TravellerFactory.Delays.NONE, clock, random);
        List<SimulatedTraveller> travellers = world.travellers();

        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Map<ReasonCode, Integer> reasons = new TreeMap<>();
        Set<String> eventIds = new HashSet<>();
        Topics topics = Topics.of(SITE, GATE);

        try (FaceEngines faces = FaceEngines.load();
                Journal journal = Journal.open(home.resolve("journal.db"),
                        DataKey.loadOrCreate(home.resolve("data.key"), random), clock, Duration.ofDays(90));
                Outbox outbox = Outbox.open(home.resolve("outbox.db"));
                BrokerHandle broker = BrokerHandle.open(options.brokerUri());
                RecordCounter counter = RecordCounter.start(broker.uri(), Topics.fleetFilter(Stream.CROSSINGS));
                MqttPublisher publisher = MqttPublisher.start(MqttOptions.builder(broker.uri(), topics)
                        .clientId("egate-demo-" + GATE).build(), outbox)) {
            journal.purgeExpired();
            CrossingPipeline pipeline = new CrossingPipeline(GATE, identity.keyId(), world.trust(), faces, world.risk(),
                    DecisionPolicy.standard(), clock, random);
            // Closed first: its recorder drains into the journal and outbox before they close.
            try (GateController controller = new GateController(GATE, pipeline, journal, outbox, clock,
                    new SimpleMeterRegistry())) {
                GateStateMachine gate = new GateStateMachine(new LatchGateIo(),
                        GateConfig.Timeouts.generous().byState(), clock, () -> UUID.randomUUID().toString(),
                        controller);
                controller.attach(gate);
                controller.recover();
                gate.start(GateMode.OPEN);
                for (SimulatedTraveller traveller : travellers) {
                    PreparedTraveller prepared = world.factory().prepare(traveller);
                    long crossingStart = System.nanoTime();
                    Optional<CrossingPipeline.Crossing> result = SimulatedCrossing.run(controller, prepared);
                    if (result.isEmpty()) {
                        throw new IllegalStateException("traveller " + traveller + " left the gate " + gate.state()
                                + " without a decision");
                    }
                    CrossingPipeline.Crossing crossing = result.get();
                    double stepsMs = crossing.timingsMs().stream()
                            .mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
                    double recordMs = Math.max(0, (System.nanoTime() - crossingStart) / 1e6 - stepsMs);
                    eventIds.add(crossing.record().transactionId());

                    outcomes.merge(crossing.decision().outcome(), 1, Integer::sum);
                    crossing.decision().reasons().forEach(r -> reasons.merge(r, 1, Integer::sum));
                    if (lines) {
                        out.println(DemoLine.format(traveller, crossing, recordMs));
                        out.flush();
                    }
                }
                // Every event handed to the outbox before the drain is awaited.
                controller.awaitRecorded();
            }
            long queued = publisher.awaitDrained(options.drainTimeout());
            counter.awaitCount(eventIds.size(), queued == 0 ? Duration.ofSeconds(10) : Duration.ofSeconds(1));
            long published = counter.eventIds().stream().filter(eventIds::contains).count();
            return new Summary(travellers.size(), outcomes, reasons, published, queued,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * The gate's own key, made here at first start and kept encrypted. On a real gate the passphrase is sealed by
     * the TPM or held by a PKCS#11 token; the demo keeps a random one in an owner-only file beside the key.
     */
    public static DeviceIdentity deviceIdentity(Path folder, SecureRandom random) throws IOException {
        Path secret = folder.resolve("passphrase");
        if (!Files.exists(secret)) {
            Files.createDirectories(folder);
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secret, Base64.getEncoder().encodeToString(bytes), StandardCharsets.US_ASCII);
        }
        char[] passphrase = Files.readString(secret, StandardCharsets.US_ASCII).strip().toCharArray();
        try {
            return DeviceIdentity.loadOrCreate(folder.resolve("device.key"), passphrase, random);
        } catch (GeneralSecurityException e) {
            throw new IOException("the demo's device key in " + folder + " cannot be opened: " + e.getMessage(), e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** The broker the demo publishes to: its own embedded one, or the one given with --broker. */
    private interface BrokerHandle extends AutoCloseable {
        String uri();

        @Override
        void close();

        static BrokerHandle open(Optional<String> external) {
            if (external.isPresent()) {
                String uri = external.get();
                return new BrokerHandle() {
                    @Override
                    public String uri() {
                        return uri;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
            EmbeddedBroker broker = EmbeddedBroker.start();
            return new BrokerHandle() {
                @Override
                public String uri() {
                    return broker.uri();
                }

                @Override
                public void close() {
                    broker.close();
                }
            };
        }
    }
}
