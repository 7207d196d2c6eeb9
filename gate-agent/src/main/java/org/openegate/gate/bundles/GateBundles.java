package org.openegate.gate.bundles;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.flow.CrossingPipeline.Screening;
import org.openegate.gate.risk.RiskChecks;
import org.openegate.gate.risk.rules.ActiveRiskProfiles;
import org.openegate.gate.risk.rules.PolicyBundleValidator;
import org.openegate.mqtt.CommandHandler;
import org.openegate.mqtt.OperatorKeys;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.Stream;
import org.openegate.provisioning.bundle.BundleCommands;
import org.openegate.provisioning.bundle.BundleException;
import org.openegate.provisioning.bundle.BundleStore;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.bundle.BundleValidator;
import org.openegate.provisioning.bundle.BundleVerifier;
import org.openegate.provisioning.bundle.TrustListAge;
import org.openegate.provisioning.bundle.TrustListValidator;
import org.openegate.provisioning.bundle.VerifiedBundle;
import org.tinylog.Logger;

/**
 * The running gate's signed bundles (issues #10 and #8): the provisioning {@link BundleStore} under
 * {@code dataDir/bundles}, with the gate's validator for each type, wired to what the gate runs on.
 *
 * <ul>
 *   <li>TRUSTLIST ({@link TrustListValidator}) and WATCHLIST ({@link WatchlistBundles}) replace the trust store
 *       and the lost-and-stolen list in one {@link Screening} value that the pipeline reads once as each crossing
 *       starts ({@link #screening}): a swap takes effect from the next traveller, never half-way through one.</li>
 *   <li>POLICY ({@link PolicyBundleValidator}) swaps the risk profiles, which the pipeline also evaluates once per
 *       crossing.</li>
 *   <li>CONFIG ({@link ConfigBundles}) is validated whole on arrival and run from the next start
 *       ({@link #configToRun}); if the gate cannot start on it, {@link #configFailedToStart} falls back to the
 *       configuration before it and raises an alarm.</li>
 * </ul>
 * The trust list's age is checked at start, every {@link #TRUST_LIST_CHECK_MS} and after each trust-list bundle;
 * its state is in {@link #status()} (the health endpoint, the console's status) and each change goes out as an
 * alarm on the health stream (AsyncAPI message {@code trustListAlarm}).
 */
public final class GateBundles implements AutoCloseable {

    /** How often the running gate checks its trust list's age. */
    public static final long TRUST_LIST_CHECK_MS = 15 * 60_000;

    private final GateConfig fileConfig;
    private final Clock clock;
    private final BundleStore store;
    private final OperatorKeys operatorKeys;
    private final TrustListAge trustListAge;
    private final ConfigBundles configs;
    private final WatchlistBundles watchlist;
    private final AtomicReference<Screening> screening = new AtomicReference<>();
    private volatile PolicyBundleValidator policy;
    private volatile GateConfig running;
    private volatile Optional<Long> runningConfigVersion = Optional.empty();
    private volatile Optional<Long> failedConfigVersion = Optional.empty();
    private final List<ObjectNode> pendingAlarms = new ArrayList<>();
    /** The last alarms raised, newest last: shown in {@link #status()} (no personal data in any of them). */
    private final java.util.ArrayDeque<ObjectNode> recentAlarms = new java.util.ArrayDeque<>();
    private static final int RECENT_ALARMS = 8;
    private Outbox outbox;
    private Random random;
    private TrustListAge.Status lastTrustList;

    private GateBundles(GateConfig fileConfig, Clock clock, Path root, BundleVerifier verifier,
            OperatorKeys operatorKeys) throws BundleException {
        this.fileConfig = fileConfig;
        this.running = fileConfig;
        this.clock = clock;
        this.operatorKeys = operatorKeys;
        GateConfig.Bundles settings = fileConfig.bundles().orElseThrow();
        this.trustListAge = new TrustListAge(clock, settings.maxTrustListAgeWorkingDays());
        this.configs = new ConfigBundles(fileConfig);
        this.watchlist = new WatchlistBundles(fileConfig.dataDir().resolve("watchlist"), list -> swap(s ->
                new Screening(s.trust(), new RiskChecks(list, s.risk().persons(), s.risk().profiles()))));
        Map<BundleType, BundleValidator> validators = new EnumMap<>(BundleType.class);
        validators.put(BundleType.CONFIG, configs);
        validators.put(BundleType.POLICY, new BundleValidator() {
            @Override
            public void validate(byte[] content) throws InvalidContentException {
                new PolicyBundleValidator(new ActiveRiskProfiles()).validate(content);
            }

            @Override
            public void apply(byte[] content) throws Exception {
                requireScreening().apply(content);
            }
        });
        // Master lists are checked against their own signer; the gate has no separate master-list roots.
        validators.put(BundleType.TRUSTLIST, new TrustListValidator(clock, List.of(),
                trust -> swap(s -> new Screening(trust, s.risk()))));
        validators.put(BundleType.WATCHLIST, watchlist);
        this.store = BundleStore.open(root, verifier, fileConfig.gateId(), fileConfig.site(), validators);
    }

    /**
     * Opens the gate's bundle store if the configuration has a {@code bundles:} section, finishing or undoing an
     * activation a crash interrupted. Nothing is applied yet: see {@link #screening}.
     *
     * @throws BundleException {@code STORE_FAILED} when the store cannot be opened (locked, altered on disk)
     * @throws IllegalStateException naming the field when a certificate file cannot be read
     */
    public static Optional<GateBundles> open(GateConfig config, Clock clock) throws BundleException {
        if (config.bundles().isEmpty()) {
            return Optional.empty();
        }
        GateConfig.Bundles settings = config.bundles().get();
        List<X509Certificate> anchors = certificates("bundles.anchors", settings.anchors());
        List<X509Certificate> operators = certificates("bundles.operators", settings.operators());
        GateBundles bundles = new GateBundles(config, clock, config.dataDir().resolve("bundles"),
                new BundleVerifier(clock, anchors), BundleCommands.operatorKeys(operators));
        bundles.store.recoveries().forEach(line -> Logger.warn("Bundle store recovered after a crash: {}", line));
        return Optional.of(bundles);
    }

    private static List<X509Certificate> certificates(String field, List<Path> files) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CertificateFactory.getInstance("X.509").generateCertificates(in)
                        .forEach(c -> certs.add((X509Certificate) c));
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException(field + ": " + file + " cannot be read as certificates: " + e, e);
            }
        }
        return certs;
    }

    /**
     * The configuration the gate should run: the active CONFIG bundle's, or the file's when none was pushed. A
     * bundle that no longer validates here (a file it names is gone) is not run: the file's configuration is, and
     * an alarm says why.
     */
    public synchronized GateConfig configToRun() {
        Optional<VerifiedBundle> active = store.active(BundleType.CONFIG);
        if (active.isEmpty()) {
            return use(fileConfig, Optional.empty());
        }
        try {
            return use(configs.parse(active.get().content(), "config bundle v" + active.get().version()),
                    Optional.of(active.get().version()));
        } catch (BundleValidator.InvalidContentException e) {
            return fallBack(active.get().version(), e.getMessage());
        }
    }

    /**
     * The gate did not start on the configuration {@link #configToRun} gave: the configuration before it (the
     * previous CONFIG bundle, else the file's) is returned to start on, and an alarm is raised. The failed bundle
     * stays active in the store (the store has no demotion), so each start tries it first and falls back again
     * until the operator pushes a fixed version.
     *
     * @throws IllegalStateException when the gate was already running the file's configuration: nothing to fall
     *                               back to
     */
    public synchronized GateConfig configFailedToStart(Exception failure) {
        if (runningConfigVersion.isEmpty()) {
            throw new IllegalStateException("the gate's own configuration file failed to start; no bundle to undo",
                    failure);
        }
        long failed = runningConfigVersion.get();
        outbox = null; // the failed start's outbox is closed: the alarm waits for the next attach
        Logger.error("Config bundle v{} failed to start the gate ({}); rolling back", failed, failure.toString());
        return fallBack(failed, "the gate did not start on it: " + failure.getClass().getSimpleName() + ": "
                + failure.getMessage());
    }

    private GateConfig fallBack(long failedVersion, String why) {
        failedConfigVersion = Optional.of(failedVersion);
        String reason = why.length() > 1000 ? why.substring(0, 1000) + "..." : why;
        GateConfig previous = fileConfig;
        Optional<Long> previousVersion = Optional.empty();
        try {
            Optional<VerifiedBundle> before = store.previous(BundleType.CONFIG);
            if (before.isPresent() && before.get().version() < failedVersion) {
                previous = configs.parse(before.get().content(), "config bundle v" + before.get().version());
                previousVersion = Optional.of(before.get().version());
            }
        } catch (BundleException | BundleValidator.InvalidContentException e) {
            Logger.warn("Previous config bundle unusable too ({}); starting on the configuration file", e.getMessage());
        }
        ObjectNode alarm = JsonNodeFactory.instance.objectNode().put("kind", "alarm")
                .put("alarm", "CONFIG_ROLLED_BACK").put("failedVersion", failedVersion).put("reason", reason)
                .put("at", clock.instant().toString());
        previousVersion.ifPresentOrElse(v -> alarm.put("runningVersion", v), () -> alarm.putNull("runningVersion"));
        raise(alarm);
        Logger.error("Config bundle v{} not used: {}; running {}", failedVersion, why,
                previousVersion.map(v -> "config bundle v" + v).orElse("the configuration file"));
        return use(previous, previousVersion);
    }

    private GateConfig use(GateConfig config, Optional<Long> version) {
        running = config;
        runningConfigVersion = version;
        return config;
    }

    /**
     * Makes the pipeline's screening start from {@code trust} and {@code risk} (the configured trust store, the
     * simulated world's lists) and applies every active bundle over them: a trust list replaces the trust store,
     * a watchlist the document list, a policy the risk profiles.
     *
     * @return what the pipeline reads once per crossing
     * @throws BundleException {@code APPLY_FAILED} naming the type whose active bundle cannot be applied
     */
    public Supplier<Screening> screening(TrustStore trust, RiskChecks risk) throws BundleException {
        screening.set(new Screening(trust, risk));
        policy = new PolicyBundleValidator(risk.profiles());
        store.applyActive();
        return screening::get;
    }

    private void swap(java.util.function.UnaryOperator<Screening> change) {
        if (screening.get() == null) {
            throw new IllegalStateException("a bundle was applied before the gate's screening was set up");
        }
        Screening now = screening.updateAndGet(change);
        Logger.info("Screening swapped: trust list of {} certificates, {}", now.trust().size(), now.risk().documents());
    }

    private PolicyBundleValidator requireScreening() {
        PolicyBundleValidator p = policy;
        if (p == null) {
            throw new IllegalStateException("a policy bundle was applied before the gate's screening was set up");
        }
        return p;
    }

    /** The keys that may sign commands: the operators' (for bundles) and {@code others} (the console's). */
    public OperatorKeys commandKeys(OperatorKeys others) {
        Objects.requireNonNull(others, "others");
        return id -> operatorKeys.find(id).or(() -> others.find(id));
    }

    /**
     * The gate's command handler: the four bundle commands install into the store ({@link BundleCommands}: the
     * reply carries the version, or the refusal's reason); every other command goes to {@code others}. After a
     * trust-list command the age is checked again, so a fresh list clears the alarm at once.
     */
    public CommandHandler commandHandler(CommandHandler others) {
        CommandHandler bundles = BundleCommands.handler(store, others);
        return command -> {
            var reply = bundles.handle(command);
            if (BundleCommands.bundleType(command.type()).filter(t -> t == BundleType.TRUSTLIST).isPresent()) {
                checkTrustList();
            }
            return reply;
        };
    }

    /**
     * Starts publishing alarms into {@code outbox} (the health stream): those raised before it was open (a config
     * roll-back at start) and the first trust-list check.
     */
    public synchronized void attach(Outbox outbox, Random random) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.random = Objects.requireNonNull(random, "random");
        List<ObjectNode> waiting = List.copyOf(pendingAlarms);
        pendingAlarms.clear();
        waiting.forEach(this::raise);
        checkTrustList();
    }

    /**
     * Checks the trust list's age now; publishes an alarm when its state changed since the last check (the
     * first check always publishes, so central knows the state after a restart).
     */
    public synchronized TrustListAge.Status checkTrustList() {
        TrustListAge.Status status = trustListAge.check(store);
        TrustListAge.Status before = lastTrustList;
        lastTrustList = status;
        if (before == null || before.state() != status.state()) {
            if (status.state() != TrustListAge.State.OK) {
                Logger.warn("Trust list {}: {}", status.state(), status);
            } else {
                Logger.info("Trust list OK: {}", status);
            }
            raise(trustListAlarm(status, before, store.active(BundleType.TRUSTLIST).map(VerifiedBundle::version)));
        }
        return status;
    }

    static ObjectNode trustListAlarm(TrustListAge.Status status, TrustListAge.Status before,
            Optional<Long> version) {
        ObjectNode alarm = JsonNodeFactory.instance.objectNode().put("kind", "alarm").put("alarm", "TRUST_LIST_AGE")
                .put("state", status.state().name())
                .put("previousState", before == null ? "UNKNOWN" : before.state().name());
        status.issuedAt().ifPresentOrElse(t -> alarm.put("issuedAt", t.toString()), () -> alarm.putNull("issuedAt"));
        version.ifPresentOrElse(v -> alarm.put("trustListVersion", v), () -> alarm.putNull("trustListVersion"));
        alarm.put("ageHours", hours(status.age())).put("workingAgeHours", hours(status.workingAge()))
                .put("limitWorkingDays", status.limit().toHours() / 24);
        return alarm;
    }

    private static double hours(Duration d) {
        return Math.round(d.toMinutes() / 6.0) / 10.0;
    }

    private synchronized void raise(ObjectNode alarm) {
        if (!alarm.has("at")) {
            alarm.put("at", clock.instant().toString());
        }
        if (!recentAlarms.contains(alarm)) {
            recentAlarms.addLast(alarm);
            while (recentAlarms.size() > RECENT_ALARMS) {
                recentAlarms.removeFirst();
            }
        }
        if (outbox == null) {
            pendingAlarms.add(alarm);
            return;
        }
        outbox.enqueue(OutboxEvent.create(Stream.HEALTH, alarm, clock, random));
    }

    /**
     * What the health endpoint and the console show: per type the active version, the trust list's age state,
     * the configuration running (and whether a newer one waits for the next start).
     */
    public synchronized JsonObject status() {
        JsonObject types = new JsonObject();
        for (BundleType type : BundleType.values()) {
            Optional<VerifiedBundle> active = store.active(type);
            types.put(type.wireName(), active.<Object>map(VerifiedBundle::version).orElse(null));
        }
        JsonObject json = new JsonObject().put("active", types);
        TrustListAge.Status trust = lastTrustList != null ? lastTrustList : trustListAge.check(store);
        json.put("trustList", new JsonObject().put("state", trust.state().name())
                .put("issuedAt", trust.issuedAt().map(Object::toString).orElse(null))
                .put("workingAgeHours", hours(trust.workingAge()))
                .put("limitWorkingDays", trust.limit().toHours() / 24));
        Optional<Long> activeConfig = store.active(BundleType.CONFIG).map(VerifiedBundle::version);
        json.put("config", new JsonObject().put("running", runningConfigVersion.<Object>map(v -> v).orElse("file"))
                .put("failed", failedConfigVersion.<Object>map(v -> v).orElse(null))
                .put("restartPending", activeConfig.isPresent() && !activeConfig.equals(runningConfigVersion)
                        && !activeConfig.equals(failedConfigVersion)));
        watchlist.liveVersion().ifPresent(v -> json.put("watchlistListVersion", v));
        json.put("alarms", new io.vertx.core.json.JsonArray(recentAlarms.stream()
                .map(a -> new JsonObject(a.toString())).toList()));
        Screening now = screening.get();
        if (now != null) {
            json.put("trustListCertificates", now.trust().size()).put("watchlistEntries", now.risk().documents().size());
        }
        return json;
    }

    /** The last alarms raised (at most 8), oldest first, as published. */
    synchronized List<ObjectNode> recentAlarms() {
        return recentAlarms.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The configuration the gate runs now (after {@link #configToRun} or a fall-back). */
    public GateConfig running() {
        return running;
    }

    /** The store, for tests and tools that inspect what is active. */
    public BundleStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "GateBundles[" + store + "]";
    }
}
