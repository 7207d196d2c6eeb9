package org.openegate.gate.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Supplier;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.bundles.GateBundles;
import org.openegate.gate.device.GateDevices;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.gpio.MockGateHardware;
import org.openegate.gate.device.gpio.Pi4jGateIo;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.risk.RiskChecks;
import java.util.concurrent.CompletableFuture;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.demo.DemoRunner;
import org.openegate.gate.enrol.GateEnrolment;
import org.openegate.provisioning.bundle.BundleException;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.FaceEngines;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.flow.GateMode;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.sim.LatchGateIo;
import org.openegate.gate.sim.SimulatedDesk;
import org.openegate.gate.sim.SimulatedWorld;
import org.openegate.gate.stats.HourlyStatistics;
import org.openegate.gate.stats.StatisticsPublisher;
import org.openegate.gate.web.ConsoleKeys;
import org.openegate.gate.web.GateLink;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.OperatorKeys;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.Topics;
import org.tinylog.Logger;

/**
 * The long-running gate of {@code egate run}: Vert.x with Micrometer (Prometheus) metrics, the journal and
 * outbox, crash recovery, then the verticles (flow, HTTP, and in simulation the simulated world).
 *
 * <p>Start order is the safety argument: outputs are driven safe and interrupted transactions journalled ABORTED
 * ({@link GateController#recover}) before the machine opens and before any verticle can deliver a signal.
 */
public final class GateService implements AutoCloseable {

    /** How often the gate looks for a completed hour whose statistics are not yet published. */
    private static final long STATISTICS_CHECK_MS = 60_000;

    /** How many travellers a simulated gate's scenario holds; {@code egate run} in simulation cycles through them. */
    static final int SIMULATED_TRAVELLERS = 1000;

    private final Vertx vertx;
    private final List<AutoCloseable> resources;
    private final GateController controller;
    private final int httpPort;
    private final long readyMs;
    private final long readyCpuMs;
    private final Optional<MockGateHardware> mockGpio;
    private final Optional<GateEnrolment> enrolment;

    private GateService(Vertx vertx, List<AutoCloseable> resources, GateController controller, int httpPort,
            long readyMs, long readyCpuMs, Optional<MockGateHardware> mockGpio, Optional<GateEnrolment> enrolment) {
        this.mockGpio = mockGpio;
        this.enrolment = enrolment;
        this.vertx = vertx;
        this.resources = resources;
        this.controller = controller;
        this.httpPort = httpPort;
        this.readyMs = readyMs;
        this.readyCpuMs = readyCpuMs;
    }

    /** Starts the gate; blocks until it is ready (health endpoint up, machine open). */
    public static GateService start(GateConfig config, Clock clock, SecureRandom random) throws Exception {
        return start(config, clock, random, config.console().map(ConsoleKeys::load));
    }

    /**
     * Starts the gate supervised by an officer console over MQTT ({@link GateLink}): referrals go to the console
     * sealed for its key, signed officer decisions come back as commands; needs {@code mqtt.broker}.
     */
    public static GateService start(GateConfig config, Clock clock, SecureRandom random, Optional<ConsoleKeys> console)
            throws Exception {
        // Signed bundles (bundles-on-gate.md): a pushed configuration runs from the next start, and if the gate
        // does not start on it, on the one before.
        Optional<GateBundles> bundles = GateBundles.open(config, clock);
        try {
            GateConfig toRun = bundles.map(GateBundles::configToRun).orElse(config);
            try {
                return start(toRun, clock, random, console, bundles);
            } catch (Exception e) {
                if (bundles.isEmpty() || toRun == config) {
                    throw e;
                }
                return start(bundles.get().configFailedToStart(e), clock, random, console, bundles);
            }
        } catch (Exception | Error e) {
            bundles.ifPresent(GateBundles::close);
            throw e;
        }
    }

    private static GateService start(GateConfig config, Clock clock, SecureRandom random,
            Optional<ConsoleKeys> console, Optional<GateBundles> bundles) throws Exception {
        if (console.isPresent() && config.mqttBroker().isEmpty()) {
            throw new IllegalStateException("an officer console needs mqtt.broker: cases and decisions travel over MQTT");
        }
        // Issue #10: a revoked (wiped) gate refuses to start; an enrolled or enrolling one joins its fleet below.
        Optional<GateEnrolment> enrolment = GateEnrolment.open(config, clock, random);
        // Start-up in parallel (acceptance 5: ready within 3 s): the face models, the journal, the outbox, the
        // simulated world and the device key load on start-up threads while Vert.x starts on this one; each is
        // joined where it is first needed, all before "ready" (StartupTasks, StartupPhases).
        StartupPhases phases = new StartupPhases();
        phases.sinceJvmStart("before start");
        StartupTasks tasks = new StartupTasks(phases);
        Path data = config.dataDir();
        Files.createDirectories(data);
        CompletableFuture<FaceEngines> facesLoading = tasks.start("face models", FaceEngines::load);
        CompletableFuture<Journal> journalOpening = tasks.start("journal", () -> {
            Journal opened = Journal.open(data.resolve("journal.db"),
                    DataKey.loadOrCreate(data.resolve("data.key"), random), clock, config.retention());
            try {
                opened.purgeExpired();
            } catch (RuntimeException | Error e) {
                opened.close();
                throw e;
            }
            return opened;
        });
        CompletableFuture<Outbox> outboxOpening = tasks.start("outbox", () -> Outbox.open(data.resolve("outbox.db")));
        // The whole scenario is drawn up front, so the lost-and-stolen list knows every watchlisted traveller.
        CompletableFuture<Optional<SimulatedWorld>> worldCreating = tasks.start("simulated world", () ->
                config.simulation() ? Optional.of(SimulatedWorld.create(data, config.sim().orElseThrow().seed(),
                        SIMULATED_TRAVELLERS, delays(config.sim().orElseThrow()), clock, random)) : Optional.empty());
        CompletableFuture<String> deviceKeyLoading = tasks.start("device key",
                () -> DemoRunner.deviceIdentity(data.resolve("device"), random).keyId());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx;
        try {
            vertx = phases.time("vert.x", () -> Vertx.builder().with(new VertxOptions().setMetricsOptions(
                    new MicrometerMetricsOptions().setEnabled(true))).withMetrics(
                    new MicrometerMetricsFactory(registry)).build());
        } catch (Exception | Error e) {
            tasks.abandon();
            tasks.close();
            throw e;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Journal journal = tasks.join(journalOpening);
            resources.add(journal);
            Outbox outbox = tasks.join(outboxOpening);
            resources.add(outbox);

            // The world around the gate: simulated travellers and twins of every device, or the real drivers.
            Optional<SimulatedWorld> world = tasks.join(worldCreating);
            Optional<GateHardware> hardware = Optional.empty();
            GateDevices devices;
            TrustStore trust;
            RiskChecks risk;
            if (world.isPresent()) {
                devices = new SimulatedDesk();
                trust = world.get().trust();
                risk = world.get().risk();
            } else {
                GateHardware opened = phases.time("hardware", () -> GateHardware.open(config.devices().orElseThrow(),
                        clock, rejection -> vertx.eventBus().publish(GateAddresses.MRZ_REJECTED,
                                GpioVerticle.rejection(rejection))));
                resources.add(opened);
                hardware = Optional.of(opened);
                devices = opened;
                trust = opened.trust();
                // No lost-and-stolen feed is wired yet: an empty list, which the journal records as NO_HIT.
                risk = RiskChecks.documentsOnly(new DocumentWatchlist(List.of()));
            }
            String deviceKey = tasks.join(deviceKeyLoading);
            Supplier<CrossingPipeline.Screening> screening = bundles.isPresent() ? bundles.get().screening(trust, risk)
                    : fixed(new CrossingPipeline.Screening(trust, risk));
            FaceEngines faces = tasks.join(facesLoading);
            resources.add(faces);
            CrossingPipeline pipeline = new CrossingPipeline(config.gateId(), deviceKey, screening, faces,
                    new DecisionPolicy(config.policy()), clock, random);
            GateController controller = new GateController(config.gateId(), pipeline, journal, outbox, clock,
                    registry);
            resources.add(0, controller); // its recorder drains before the journal and outbox close
            LatchGateIo latch = new LatchGateIo();
            GateIo io = hardware.<GateIo>map(GateHardware::gpio).orElse(latch);
            GateStateMachine gate = new GateStateMachine(io, config.timeouts().byState(), clock,
                    () -> UUID.randomUUID().toString(), controller);
            controller.attach(gate);

            List<String> interrupted = phases.time("recover", controller::recover);
            gate.start(GateMode.MAINTENANCE); // outputs safe, nobody admitted until the verticles are up

            bundles.ifPresent(b -> b.attach(outbox, random));
            if (config.mqttBroker().isPresent()) {
                MqttOptions.Builder builder = MqttOptions.builder(config.mqttBroker().get(),
                        Topics.of(config.site(), config.gateId())).clientId("egate-" + config.gateId());
                MqttOptions options = enrolment.isPresent() ? null : builder.build();
                java.util.function.Function<MqttOptions, MqttPublisher> publisher;
                if (console.isEmpty() && bundles.isPresent()) {
                    publisher = o -> MqttPublisher.start(o, outbox, clock, random,
                            bundles.get().commandKeys(OperatorKeys.none()), bundles.get().commandHandler(command ->
                                    CommandReply.rejected("this gate takes bundle commands only (no console)")));
                } else if (console.isPresent()) {
                    GateLink link = GateLink.install(vertx, controller, outbox, config.gateId(), console.get(), clock,
                            random, () -> new JsonObject().put("site", config.site())
                                    .put("simulation", config.simulation())
                                    .put("versions", new JsonObject().put("gateAgent", version()))
                                    .put("trustListLoadedAt", screening.get().trust().loadedAt().toString())
                                    .put("trustListCertificates", screening.get().trust().size())
                                    .put("watchlistEntries", screening.get().risk().documents().size())
                                    .put("bundles", bundles.map(GateBundles::status).orElse(null))
                                    .put("outboxDepth", outbox.depth())
                                    .put("recoveredAborted", interrupted.size()));
                    publisher = o -> MqttPublisher.start(o, outbox, clock, random,
                            bundles.map(b -> b.commandKeys(console.get().officerKeys()))
                                    .orElse(console.get().officerKeys()),
                            bundles.map(b -> b.commandHandler(link.commandHandler())).orElse(link.commandHandler()));
                } else {
                    publisher = o -> MqttPublisher.start(o, outbox);
                }
                // With provisioning the publisher starts once enrolled, with the device certificate.
                resources.add(0, enrolment.isPresent() ? enrolment.get().link(builder, publisher)
                        : publisher.apply(options));
            }
            // Each driver is a verticle (real or simulated twin); the pipeline reads through them in-process.
            GateDrivers drivers = hardware.isPresent()
                    ? GateDrivers.real(hardware.get(), gate, config.timeouts().document(), clock, random)
                    : GateDrivers.simulated((SimulatedDesk) devices, gate, config.timeouts().document(), clock, random);
            phases.time("gate verticle", () -> await(vertx.deployVerticle(new GateVerticle(controller,
                    drivers.devices()))));
            phases.time("driver verticles", () -> await(drivers.deploy(vertx)));
            Optional<GateHardware> real = hardware;
            HttpVerticle http = new HttpVerticle(gate, registry, config.http().host(), config.http().port(),
                    () -> GateEnrolment.addHealth(enrolment,
                            health(config, interrupted.size(), outbox.depth(), latch, real)
                                    .put("devices", drivers.health())
                                    .put("bundles", bundles.map(GateBundles::status).orElse(null))));
            phases.time("http verticle", () -> await(vertx.deployVerticle(http)));
            // Hourly, k-suppressed statistics on the stats stream (issue #8): checked every minute, each completed
            // hour published once; the work is blocking (journal, outbox), so it runs on a worker.
            StatisticsPublisher statistics = new StatisticsPublisher(new HourlyStatistics(journal, config.gateId(),
                    Optional.empty(), HourlyStatistics.DEFAULT_K), outbox, data.resolve("stats-published"), clock);
            vertx.setPeriodic(STATISTICS_CHECK_MS, STATISTICS_CHECK_MS, id -> vertx.executeBlocking(
                    statistics::publishDue, false).onFailure(e -> Logger.warn("Statistics not published: {}",
                    e.getMessage())));
            bundles.ifPresent(b -> vertx.setPeriodic(GateBundles.TRUST_LIST_CHECK_MS, id -> vertx.executeBlocking(
                    b::checkTrustList, false).onFailure(e -> Logger.warn("Trust list age not checked: {}",
                    e.getMessage()))));
            if (world.isPresent()) {
                GateConfig.Simulation sim = config.sim().orElseThrow();
                SimulationVerticle simulation = new SimulationVerticle(world.get().factory(), (SimulatedDesk) devices,
                        world.get().travellers(), sim.travellerInterval().toMillis(), console.isEmpty());
                phases.time("simulation verticle", () -> await(vertx.deployVerticle(simulation)));
            } else {
                await(vertx.deployVerticle(new GpioVerticle(hardware.get().gpio())));
            }
            if (enrolment.isPresent() && bundles.isPresent()) {
                // The registrar's initial bundles (verified by the enrolment) go through the store like pushed ones;
                // a revocation wipes the store and the watchlist files with the rest.
                GateBundles signed = bundles.get();
                enrolment.get().onInitialBundles(list -> installInitial(signed, list));
                enrolment.get().alsoWipe(config.dataDir().resolve("bundles"));
                enrolment.get().alsoWipe(config.dataDir().resolve("watchlist"));
            }
            if (enrolment.isPresent()) {
                resources.add(enrolment.get()); // closed last: after a revocation it wipes the closed stores
                enrolment.get().start(gate::setMode, outbox::depth); // OPEN once enrolled
            } else {
                gate.setMode(GateMode.OPEN);
            }
            long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            // CPU time besides wall time: on a shared machine the wall time mostly measures the other load.
            long cpuMs = ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1_000_000 : -1;
            Logger.info("gate {} ready in {} ms (JVM start to ready; {} ms CPU), health on http://{}:{}/health",
                    config.gateId(), readyMs, cpuMs, config.http().host(), http.actualPort());
            Logger.debug("start-up phases (ms since JVM start): {}", phases.summary());
            bundles.ifPresent(resources::add);
            return new GateService(vertx, resources, controller, http.actualPort(), readyMs, cpuMs,
                    hardware.flatMap(GateHardware::mock), enrolment);
        } catch (Exception | Error e) {
            // What the start-up threads opened and the gate did not take is closed once ready; the rest now.
            tasks.abandon();
            closeAll(vertx, resources);
            if (enrolment.isPresent() && !resources.contains(enrolment.get())) {
                enrolment.get().close();
            }
            throw e;
        } finally {
            tasks.close();
        }
    }

    /** Installs the enrolment's initial bundles; one that is refused is logged and the others still go in. */
    private static void installInitial(GateBundles bundles, List<EnrolmentBundle> initial) {
        for (EnrolmentBundle bundle : initial) {
            try {
                bundles.store().install(bundle.signedBundle());
            } catch (BundleException e) {
                Logger.warn("Initial {} bundle from the registrar refused: {}", bundle.type(), e.getMessage());
            }
        }
    }

    private static <T> Supplier<T> fixed(T value) {
        return () -> value;
    }

    /** What /health adds to the state: doors and light as driven, outbox depth, crash recovery. */
    private static JsonObject health(GateConfig config, int recoveredAborted, long outboxDepth, LatchGateIo latch,
            Optional<GateHardware> hardware) {
        JsonObject health = new JsonObject().put("gateId", config.gateId()).put("simulation", config.simulation())
                .put("recoveredAborted", recoveredAborted).put("outboxDepth", outboxDepth);
        if (hardware.isEmpty()) {
            return health.put("entryDoor", latch.entry().name()).put("exitDoor", latch.exit().name())
                    .put("light", latch.light().name());
        }
        Pi4jGateIo gpio = hardware.get().gpio();
        return health.put("entryDoor", gpio.entryReleased() ? "OPEN" : "LOCKED")
                .put("exitDoor", gpio.exitReleased() ? "OPEN" : "LOCKED")
                .put("light", gpio.lit().map(Enum::name).orElse("OFF"));
    }

    private static String version() {
        String version = GateService.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The modelled hardware delays of a simulated gate's travellers. */
    private static TravellerFactory.Delays delays(GateConfig.Simulation sim) {
        return new TravellerFactory.Delays(sim.mrzDelay(), sim.chipDelay(), sim.faceDelay());
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** Milliseconds from JVM start to ready (acceptance 5: at most 3 s). */
    public long readyMs() {
        return readyMs;
    }

    /**
     * CPU time of every thread from JVM start to ready, in ms (-1 where the JVM does not tell): unlike {@link
     * #readyMs()}, hardly changed by other load on the machine.
     */
    public long readyCpuMs() {
        return readyCpuMs;
    }

    /** On a test rig with {@code gpioPlatform: mock}: its inputs, to break the beams as a traveller would. */
    public Optional<MockGateHardware> mockGpio() {
        return mockGpio;
    }

    /** The gate's enrolment in its fleet, with a {@code provisioning:} section (issue #10). */
    public Optional<GateEnrolment> enrolment() {
        return enrolment;
    }

    public GateController controller() {
        return controller;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        closeAll(vertx, resources);
    }

    private static void closeAll(Vertx vertx, List<AutoCloseable> resources) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            Logger.warn("vert.x did not close cleanly: {}", e.getMessage());
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                Logger.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

}
