package org.openegate.gate.enrol;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.flow.GateMode;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.TlsOptions;
import org.openegate.provisioning.DeviceIdentity;
import org.openegate.provisioning.enrol.Credentials;
import org.openegate.provisioning.enrol.DeviceAttributes;
import org.openegate.provisioning.enrol.DeviceStore;
import org.openegate.provisioning.enrol.DeviceWipe;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.openegate.provisioning.enrol.EnrolmentClient;
import org.openegate.provisioning.enrol.EnrolmentException;
import org.openegate.provisioning.enrol.EnrolmentOutcome;
import org.openegate.provisioning.enrol.RevocationWatch;
import org.openegate.provisioning.enrol.RotationPolicy;
import org.tinylog.Logger;

/**
 * The gate's life in its fleet (issue #10; gate-agent/docs/enrolment-on-gate.md), for {@code egate run}:
 * <ol>
 * <li><b>First start</b>: the device key is made on the gate ({@link DeviceStore}, encrypted PKCS#8, 0600); the gate
 * enrols by claim ({@link EnrolmentClient#enrol}) with its one-time token if it has one, else waits for
 * {@code egate fleet approve}, retrying with backoff — in MAINTENANCE, which {@code /health} says under
 * {@code enrolment}; then it fetches its initial bundles, verifies and keeps them, and only then connects its MQTT
 * publisher with its OWN certificate and opens.</li>
 * <li><b>Later starts</b>: an enrolled gate opens at once and connects with its certificate (offline it works on,
 * its outbox queues).</li>
 * <li><b>Rotation</b>: every {@code rotationCheck} the {@link RotationPolicy} is asked; when due, the next key is
 * made, renewed on the gate's own connection, committed, and the publisher is restarted on the new certificate.
 * Nothing is lost: events leave the outbox only when the broker acknowledges them, so what was in flight on the
 * old connection is sent again on the new one (QoS 1, at least once, deduplicated by event id).</li>
 * <li><b>Revocation</b>: a {@link RevocationWatch} listens on the gate's provisioning topic. A notice signed by the
 * operator wipes the keys at once ({@link GateWipe}, step 1) and is confirmed; the gate goes to MAINTENANCE
 * (exits locked once the traveller inside is out), its publisher stops, {@link #revoked()} completes, and when the
 * service closes the journal and outbox are wiped (step 2). A revoked gate refuses to start again
 * ({@link EnrolmentException} with reason REVOKED).</li>
 * </ol>
 * All fleet work runs on one thread of its own ({@code egate-enrol}); the revocation watch waits on another.
 */
public final class GateEnrolment implements AutoCloseable {

    /** What a revocation did: when, which key files were destroyed, how many undelivered events go with the data. */
    public record Revocation(Instant at, DeviceWipe.Report keys, long undeliveredEvents) {
    }

    private static final String DIR = "provisioning";
    /**
     * How often the revocation watch is made again. Its connection (provisioning's MqttLink) has a clean session and
     * no automatic reconnect, and RevocationWatch cannot say whether it is still connected: after a broker restart
     * the gate would never hear a notice again. The new watch connects before the old one closes, so there is no gap.
     */
    static final Duration WATCH_REARM = Duration.ofMinutes(10);

    private final GateConfig.Provisioning settings;
    private final String gateId;
    private final String site;
    private final Clock clock;
    private final SecureRandom random;
    private final DeviceStore store;
    private final EnrolmentClient client;
    private final RotationPolicy rotation;
    private final GateWipe wipe;
    private final TlsFiles tls;
    private final ReceivedBundles bundles;
    private final ScheduledExecutorService exec;
    private final PublisherSlot publisher = new PublisherSlot();
    private final CompletableFuture<Revocation> revoked = new CompletableFuture<>();
    private final CompletableFuture<X509Certificate> enrolled = new CompletableFuture<>();

    private volatile EnrolmentState state = EnrolmentState.CLAIMING;
    private volatile String detail = "starting";
    private volatile Instant nextAttempt;
    private volatile X509Certificate certificate;
    private volatile long rotations;
    private volatile boolean closed;

    // Set before start; then touched on the exec thread only.
    private MqttOptions.Builder mqtt;
    private Function<MqttOptions, MqttPublisher> publisherFactory;
    private Consumer<GateMode> mode = m -> { };
    private LongSupplier outboxDepth = () -> 0;
    private Consumer<List<EnrolmentBundle>> install = b -> { };
    private boolean tokenRefused;
    private int retries;
    private RevocationWatch watch;
    private Thread watcher;

    private GateEnrolment(GateConfig config, GateConfig.Provisioning settings, DeviceStore store,
            X509Certificate fleetCa, TlsFiles tls, GateWipe wipe, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.gateId = config.gateId();
        this.site = config.site();
        this.clock = clock;
        this.random = random;
        this.store = store;
        this.tls = tls;
        this.wipe = wipe;
        this.bundles = new ReceivedBundles(config.dataDir().resolve(DIR).resolve("bundles"));
        this.client = new EnrolmentClient(config.mqttBroker().orElseThrow(), fleetCa, settings.requestTimeout(), clock,
                random);
        this.rotation = new RotationPolicy(settings.rotationFraction());
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "egate-enrol");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The gate's enrolment when the configuration has a {@code provisioning:} section, else empty. Opens the device
     * store (making the key passphrase on first start); does not talk to the network yet.
     *
     * @throws EnrolmentException REVOKED if this gate was revoked (its remaining data is wiped first),
     *                            BAD_CONFIGURATION if the fleet CA or passphrase file is wrong, STORAGE if the
     *                            provisioning folder cannot be written
     */
    public static Optional<GateEnrolment> open(GateConfig config, Clock clock, SecureRandom random) {
        if (config.provisioning().isEmpty()) {
            return Optional.empty();
        }
        GateConfig.Provisioning p = config.provisioning().get();
        Path data = config.dataDir();
        Path dir = data.resolve(DIR);
        List<Path> secrets = new ArrayList<>(List.of(p.claimKey(), p.keyPassphraseFile(), data.resolve("data.key"),
                data.resolve("device"), dir.resolve("bundles")));
        p.tokenFile().ifPresent(secrets::add);
        GateWipe revokedWipe = new GateWipe(data, dir, secrets);
        Optional<String> marker = revokedWipe.markerText();
        if (marker.isPresent()) {
            // A crash between the two wipe steps leaves data behind: finish it before refusing.
            revokedWipe.data().wipe();
            throw new EnrolmentException(EnrolmentException.Reason.REVOKED, marker.get());
        }
        X509Certificate fleetCa = FactoryFiles.certificate(p.fleetCa());
        char[] passphrase = FactoryFiles.passphrase(p.keyPassphraseFile(), random);
        DeviceStore store;
        try {
            Files.createDirectories(dir);
            store = DeviceStore.encrypted(dir, passphrase, random);
            store.installFleetCa(fleetCa);
        } catch (IOException | GeneralSecurityException e) {
            throw new EnrolmentException(EnrolmentException.Reason.STORAGE, "cannot open the device store "
                    + dir + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        TlsFiles tls = TlsFiles.create(p.runtimeDir(), config.gateId(), p.fleetCa(), random);
        secrets.addAll(store.secretFiles());
        secrets.add(tls.dir());
        return Optional.of(new GateEnrolment(config, p, store, fleetCa, tls, new GateWipe(data, dir, secrets), clock,
                random));
    }

    /**
     * Joins the gate's MQTT reporting: once enrolled (and after each rotation) the publisher is made by {@code
     * factory} from {@code options} plus the device certificate. Returns what closes the current publisher: the
     * service closes it before its outbox.
     */
    public AutoCloseable link(MqttOptions.Builder options, Function<MqttOptions, MqttPublisher> factory) {
        this.mqtt = Objects.requireNonNull(options, "options");
        this.publisherFactory = Objects.requireNonNull(factory, "factory");
        return publisher;
    }

    /**
     * Where the initial bundles go once received and verified (the gate's bundle store). Until it is set they are
     * kept in the device store only; {@link #initialBundles()} reads them back.
     */
    public void onInitialBundles(Consumer<List<EnrolmentBundle>> installer) {
        this.install = Objects.requireNonNull(installer, "installer");
    }

    /** Adds a store to what a revocation wipes once the gate has stopped (for example the bundle store's folder). */
    public void alsoWipe(Path path) {
        wipe.alsoWipe(path);
    }

    /**
     * Starts the fleet work in the background: enrolment (or straight to reporting if enrolled), rotation checks,
     * the revocation watch. {@code gateMode} is called with OPEN once the gate may admit travellers and with
     * MAINTENANCE on revocation; {@code undelivered} tells how many events the outbox still holds.
     */
    public void start(Consumer<GateMode> gateMode, LongSupplier undelivered) {
        if (publisherFactory == null) {
            throw new IllegalStateException("GateEnrolment.link must be called before start: the gate reports over"
                    + " mqtt.broker with its device certificate");
        }
        this.mode = Objects.requireNonNull(gateMode, "gateMode");
        this.outboxDepth = Objects.requireNonNull(undelivered, "undelivered");
        exec.execute(this::step);
    }

    // ---- enrolment (exec thread) ---------------------------------------------------------------------------

    private void step() {
        if (closed || revoked.isDone()) {
            return;
        }
        try {
            Optional<Credentials> own = store.credentials();
            if (own.isEmpty()) {
                own = claim();
                if (own.isEmpty()) {
                    return;
                }
            }
            if (!bundles.complete()) {
                List<EnrolmentBundle> received = client.fetchBundles(own.get());
                List<EnrolmentBundle> kept = bundles.save(received, store.operatorCertificate().orElseThrow(), gateId,
                        site, clock);
                install.accept(kept);
            }
            online(own.get());
        } catch (EnrolmentException e) {
            boolean network = e.reason() == EnrolmentException.Reason.TIMEOUT
                    || e.reason() == EnrolmentException.Reason.BROKER;
            retryLater(network ? EnrolmentState.UNREACHABLE : EnrolmentState.REFUSED, e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            retryLater(EnrolmentState.UNREACHABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (closed) {
                return; // close() shut the executor down under this step
            }
            // A background loop must not die silently (the executor would keep the exception in a Future nobody
            // reads): say it, keep the gate in MAINTENANCE, try again.
            Logger.error(e, "Gate {}: enrolment step failed unexpectedly", gateId);
            retryLater(EnrolmentState.UNREACHABLE, e.toString());
        }
    }

    /** One enrolment attempt with the claim; empty (and a retry scheduled, or not) unless a certificate came. */
    private Optional<Credentials> claim() throws IOException, GeneralSecurityException {
        Credentials claim = FactoryFiles.claim(settings.claimCertificate(), settings.claimKey());
        Optional<String> token = tokenRefused ? Optional.empty() : FactoryFiles.token(settings.tokenFile());
        DeviceIdentity key = store.key();
        EnrolmentOutcome outcome = client.enrol(claim, key, new DeviceAttributes(gateId, settings.hardware(), site),
                token);
        switch (outcome.status()) {
            case ISSUED -> {
                Credentials own = outcome.issued();
                store.saveEnrolment(own, outcome.operatorCertificate().orElseThrow());
                if (token.isPresent()) {
                    // Spent by the registrar: useless now, but a secret is not left lying about.
                    Files.deleteIfExists(settings.tokenFile().orElseThrow());
                }
                Logger.info("Gate {} enrolled by claim {} ({}): certificate serial {} valid until {}", gateId,
                        claim.commonName(), token.isPresent() ? "one-time token" : "allow-list",
                        own.certificate().getSerialNumber().toString(16), own.certificate().getNotAfter().toInstant());
                return Optional.of(own);
            }
            case PENDING -> retryLater(EnrolmentState.PENDING_APPROVAL, "waiting for the operator: egate fleet approve "
                    + gateId + " (" + outcome.reason() + ")");
            case REFUSED -> {
                String reason = String.valueOf(outcome.reason());
                if (reason.startsWith(EnrolmentException.Reason.REVOKED.name())) {
                    state = EnrolmentState.REFUSED;
                    detail = "the registrar refuses " + gateId + " for good: " + reason;
                    Logger.error("Gate {} cannot enrol: {}", gateId, detail);
                    return Optional.empty();
                }
                if (token.isPresent() && reason.startsWith(EnrolmentException.Reason.BAD_TOKEN.name())) {
                    // Without the token the request is PENDING and listed for the operator to approve.
                    tokenRefused = true;
                    Logger.warn("Gate {}: the registrar refused the enrolment token ({}); asking without it",
                            gateId, reason);
                }
                retryLater(EnrolmentState.REFUSED, reason);
            }
            default -> throw new IllegalStateException("unknown enrolment status " + outcome.status());
        }
        return Optional.empty();
    }

    /** Exponential backoff with jitter from {@code approvalRetry} up to {@code approvalRetryMax}. */
    private void retryLater(EnrolmentState newState, String why) {
        state = newState;
        detail = why;
        if (closed) {
            return; // the attempt was cut short by close()
        }
        long base = settings.approvalRetry().toMillis() << Math.min(retries, 20);
        long capped = Math.min(base, settings.approvalRetryMax().toMillis());
        long delay = (long) (capped * (0.8 + 0.4 * random.nextDouble()));
        retries++;
        nextAttempt = clock.instant().plusMillis(delay);
        Logger.warn("Gate {} not enrolled yet ({}: {}); attempt {} again in {} ms (the gate stays in MAINTENANCE)",
                gateId, newState, why, retries + 1, delay);
        exec.schedule(this::step, delay, TimeUnit.MILLISECONDS);
    }

    /** Enrolled: report with the device certificate, open, watch for revocation, check for rotation. */
    private void online(Credentials own) {
        connect(own);
        state = EnrolmentState.ENROLLED;
        detail = "reporting with its own certificate";
        nextAttempt = null;
        retries = 0;
        mode.accept(GateMode.OPEN);
        enrolled.complete(own.certificate());
        watch(own);
        long every = settings.rotationCheck().toMillis();
        exec.scheduleWithFixedDelay(this::checkRotation, every, every, TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(this::watchAgain, WATCH_REARM.toMillis(), WATCH_REARM.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void connect(Credentials own) {
        if (revoked.isDone()) {
            return;
        }
        TlsOptions files = tls.write(own);
        certificate = own.certificate();
        publisher.replace(() -> publisherFactory.apply(mqtt.tls(files).build()));
        tls.dropOlderGenerations();
    }

    // ---- rotation (exec thread) ------------------------------------------------------------------------------

    private void checkRotation() {
        if (closed || revoked.isDone()) {
            return;
        }
        try {
            Credentials current = store.credentials().orElseThrow(() -> new EnrolmentException(
                    EnrolmentException.Reason.STORAGE, "the device certificate has gone"));
            if (!rotation.isDue(current.certificate(), clock)) {
                return;
            }
            DeviceIdentity next = store.nextKey();
            Credentials renewed = client.renew(current, next);
            store.commitRotation(renewed.certificate());
            rotations++;
            Logger.info("Gate {} renewed its certificate (due at {}): serial {} -> {}, valid until {}; reconnecting",
                    gateId, rotation.renewAt(current.certificate()), current.certificate().getSerialNumber().toString(16),
                    renewed.certificate().getSerialNumber().toString(16), renewed.certificate().getNotAfter().toInstant());
            connect(renewed);
            watch(renewed);
            confirm(renewed);
        } catch (EnrolmentException | IOException | GeneralSecurityException e) {
            // The old certificate stays valid until it expires: the next check tries again.
            Logger.warn("Gate {}: certificate renewal failed, tried again in {}: {}", gateId, settings.rotationCheck(),
                    e.getMessage());
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            // scheduleWithFixedDelay stops for good on an exception: log it and keep the checks running.
            Logger.error(e, "Gate {}: certificate renewal failed unexpectedly, tried again in {}", gateId,
                    settings.rotationCheck());
        }
    }

    /**
     * Tells the registrar the new certificate is in use, so it puts the old one on the CRL (reason superseded) at
     * once; if the confirmation fails the registrar supersedes the old certificate when its grace period ends.
     */
    private void confirm(Credentials renewed) {
        try {
            int superseded = client.confirmRotation(renewed);
            Logger.info("Gate {}: rotation confirmed, {} older certificate(s) superseded", gateId, superseded);
        } catch (GeneralSecurityException | EnrolmentException e) {
            Logger.warn("Gate {}: rotation not confirmed (the registrar supersedes the old certificate after its"
                    + " grace period): {}", gateId, e.getMessage());
        }
    }

    // ---- revocation ------------------------------------------------------------------------------------------

    /** (Re)connects the revocation watch with the current certificate; retried until it connects. */
    private void watch(Credentials own) {
        if (closed || revoked.isDone()) {
            return;
        }
        RevocationWatch next;
        try {
            next = client.watchRevocation(own, store.operatorCertificate().orElseThrow(), wipe.secrets());
        } catch (EnrolmentException | IOException | GeneralSecurityException e) {
            if (closed) {
                return; // interrupted by close()
            }
            Duration again = settings.approvalRetry();
            Logger.warn("Gate {}: revocation watch not connected ({}); trying again in {}", gateId, e.getMessage(), again);
            exec.schedule(this::watchAgain, again.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        RevocationWatch previous = watch;
        Thread previousWatcher = watcher;
        watch = next;
        watcher = new Thread(() -> awaitRevocation(next), "egate-revocation-watch");
        watcher.setDaemon(true);
        watcher.start();
        if (previous != null) {
            previousWatcher.interrupt();
            previous.close();
        }
    }

    private void watchAgain() {
        if (closed || revoked.isDone()) {
            return;
        }
        try {
            store.credentials().ifPresent(this::watch);
        } catch (IOException | GeneralSecurityException | EnrolmentException e) {
            Logger.warn("Gate {}: cannot read its credentials for the revocation watch: {}", gateId, e.getMessage());
        } catch (RuntimeException e) {
            if (!closed) { // the periodic re-arm must survive a surprise
                Logger.error(e, "Gate {}: revocation watch not re-armed", gateId);
            }
        }
    }

    private void awaitRevocation(RevocationWatch w) {
        try {
            while (!closed) {
                Optional<DeviceWipe.Report> report = w.awaitRevocation(Duration.ofMinutes(1));
                if (report.isPresent()) {
                    onRevoked(report.get());
                    return;
                }
            }
        } catch (InterruptedException e) {
            // replaced by a newer watch, or closing
        }
    }

    /** On the watcher thread, after {@code RevocationWatch} has wiped the keys and confirmed. */
    private void onRevoked(DeviceWipe.Report keys) {
        if (revoked.isDone()) {
            return;
        }
        state = EnrolmentState.REVOKED;
        Instant at = clock.instant();
        detail = "revoked by the operator at " + at + "; keys wiped, out of service";
        mode.accept(GateMode.MAINTENANCE);
        long undelivered = outboxDepth.getAsLong();
        wipe.writeMarker(gateId, at, keys, undelivered);
        publisher.close();
        Logger.error("Gate {} was REVOKED by the operator: {} key file(s) wiped{}, gate in MAINTENANCE, reporting"
                + " stopped; {} undelivered event(s) and the journal are wiped when it stops", gateId,
                keys.deleted().size(), keys.complete() ? "" : " (failures: " + keys.failures() + ")", undelivered);
        revoked.complete(new Revocation(at, keys, undelivered));
    }

    // ---- what the service and tests read ---------------------------------------------------------------------

    public EnrolmentState state() {
        return state;
    }

    /** Completes with the device certificate once the gate is enrolled and reporting with it. */
    public CompletableFuture<X509Certificate> enrolled() {
        return enrolled;
    }

    /** Completes when the operator has revoked this gate (keys wiped, gate in MAINTENANCE): the service then stops. */
    public CompletableFuture<Revocation> revoked() {
        return revoked;
    }

    /** The certificate the gate reports with now (empty before enrolment). */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** Certificates renewed since start. */
    public long rotations() {
        return rotations;
    }

    /** The current MQTT publisher (empty before enrolment and after revocation). */
    public Optional<MqttPublisher> publisher() {
        return publisher.current();
    }

    /** The initial bundles received at enrolment and verified, as kept in the device store. */
    public List<EnrolmentBundle> initialBundles() {
        return bundles.load();
    }

    /** The {@code enrolment} object of {@code /health}: no key, no token, nothing personal. */
    public JsonObject health() {
        JsonObject health = new JsonObject().put("state", state.name()).put("detail", detail).put("rotations", rotations);
        X509Certificate cert = certificate;
        if (cert != null) {
            health.put("certificateSerial", cert.getSerialNumber().toString(16))
                    .put("certificateNotAfter", cert.getNotAfter().toInstant().toString())
                    .put("renewAt", rotation.renewAt(cert).toString());
        }
        Instant next = nextAttempt;
        if (next != null) {
            health.put("nextAttempt", next.toString());
        }
        return health;
    }

    /** {@code health} with the enrolment added when there is one (for the service's {@code /health}). */
    public static JsonObject addHealth(Optional<GateEnrolment> enrolment, JsonObject health) {
        enrolment.ifPresent(e -> health.put("enrolment", e.health()));
        return health;
    }

    /**
     * Stops the fleet work and removes the decrypted TLS copy. After a revocation, with the service's stores closed
     * (the service closes this last), wipes the journal, the outbox and the rest of the gate's data (step 2).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        exec.shutdownNow();
        try {
            exec.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread w = watcher;
        if (w != null) {
            w.interrupt();
        }
        RevocationWatch current = watch;
        if (current != null) {
            current.close();
        }
        publisher.close();
        tls.close();
        if (revoked.isDone()) {
            DeviceWipe.Report data = wipe.data().wipe();
            Logger.error("Gate {} (revoked) wiped its journal, outbox and provisioning data: {} file(s){}; it will"
                    + " not start again until re-enrolled", gateId, data.deleted().size(),
                    data.complete() ? "" : ", failures " + data.failures());
        }
    }

    @Override
    public String toString() {
        return "GateEnrolment[" + gateId + "@" + site + ", " + state + "]";
    }

    /** The current publisher; replaced on rotation (the old one closed first: both would drain one outbox). */
    private static final class PublisherSlot implements AutoCloseable {
        private MqttPublisher current;

        synchronized void replace(java.util.function.Supplier<MqttPublisher> next) {
            close();
            current = next.get();
        }

        synchronized Optional<MqttPublisher> current() {
            return Optional.ofNullable(current);
        }

        @Override
        public synchronized void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
