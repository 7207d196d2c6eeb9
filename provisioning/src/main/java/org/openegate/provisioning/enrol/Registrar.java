package org.openegate.provisioning.enrol;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;
import org.openegate.provisioning.enrol.Messages.Reply;
import org.openegate.provisioning.enrol.Messages.Request;
import org.openegate.provisioning.enrol.Messages.Status;
import org.tinylog.Logger;

/**
 * The registrar ({@code egate fleet serve}): answers enrolment, renewal and bundle requests on
 * {@code egate/v1/provisioning/+/request}, connected to the broker as {@code CN=registrar} with a short-lived
 * certificate it issues itself from the fleet CA at start (no registrar key ever lands on disk).
 *
 * <p>Throughput design: Paho's callback thread only queues the raw message. One worker drains the queue in
 * batches and handles a whole batch inside one SQLite write transaction (each request under its own savepoint),
 * so a thousand gates enrolling at once cost a few dozen commits, not a thousand fsyncs. When a batch enrolled
 * new gates, the broker ACL is regenerated and the broker reloaded once for the batch (with the dynamic-security
 * plugin: the new gates' users are added in one control message instead), before the replies go out: a gate that
 * gets its certificate can use its own topics straight away. Replies are published without
 * waiting for each PUBACK (at most {@link Options#maxInflight()} in flight).
 *
 * <p>Who may ask what: the broker's ACL lets a client publish only under {@code provisioning/<its CN>/}, so the
 * topic names the asker. {@code ENROL} is accepted only from claim users ({@code claim-*}); {@code RENEW},
 * {@code BUNDLES} and {@code WIPED} only from the device itself, and {@code RENEW} must in addition carry the
 * device's current certificate and a signature over the new CSR by its current key — the registrar does not rely
 * on the broker alone.
 */
public final class Registrar implements AutoCloseable {

    /** Settings of a registrar. */
    public record Options(String brokerUri, Duration deviceCertificateLifetime, Duration revocationAckTimeout,
            int batchSize, int maxInflight, Duration timeout, InitialBundles bundles, BrokerReload reload,
            BrokerAccess access, Duration supersededGrace) {
        /**
         * How long a certificate a rotation replaced stays valid when the gate never confirms the new one
         * ({@link EnrolmentClient#confirmRotation}): a week. A gate that got its new certificate confirms within
         * seconds; the grace only serves a gate that lost the reply and retries RENEW with its old certificate (which
         * must still be valid then), or an older gate that does not confirm. The old key is deleted on the gate at
         * the swap, so the week is exposure only for a key stolen before it.
         */
        public static final Duration DEFAULT_SUPERSEDED_GRACE = Duration.ofDays(7);

        public Options {
            Objects.requireNonNull(brokerUri, "brokerUri");
            Objects.requireNonNull(bundles, "bundles");
            Objects.requireNonNull(reload, "reload");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(supersededGrace, "supersededGrace");
            if (supersededGrace.isNegative()) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, "superseded grace " + supersededGrace + " is negative");
            }
            if (deviceCertificateLifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION,
                        "device certificate lifetime " + deviceCertificateLifetime + " is shorter than a minute");
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, "batch size " + batchSize + " is not 1..10000");
            }
            if (maxInflight < 1 || maxInflight > 65_535) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, "max in-flight " + maxInflight + " is not 1..65535");
            }
        }

        /** The settings before broker access and the superseded grace existed: an {@code acl_file}, a week. */
        public Options(String brokerUri, Duration deviceCertificateLifetime, Duration revocationAckTimeout,
                int batchSize, int maxInflight, Duration timeout, InitialBundles bundles, BrokerReload reload) {
            this(brokerUri, deviceCertificateLifetime, revocationAckTimeout, batchSize, maxInflight, timeout, bundles,
                    reload, BrokerAccess.ACL_FILE, DEFAULT_SUPERSEDED_GRACE);
        }

        /**
         * 90-day device certificates, 10 s for a revoked gate to confirm its wipe, batches of 256, a broker with the
         * {@code acl_file} (use {@link #withBrokerAccess} for the dynamic-security plugin), a week of grace.
         */
        public static Options defaults(String brokerUri, InitialBundles bundles, BrokerReload reload) {
            return new Options(brokerUri, Duration.ofDays(90), Duration.ofSeconds(10), 256, 1000,
                    Duration.ofSeconds(30), bundles, reload);
        }

        public Options withDeviceCertificateLifetime(Duration lifetime) {
            return new Options(brokerUri, lifetime, revocationAckTimeout, batchSize, maxInflight, timeout, bundles, reload,
                    access, supersededGrace);
        }

        public Options withRevocationAckTimeout(Duration ackTimeout) {
            return new Options(brokerUri, deviceCertificateLifetime, ackTimeout, batchSize, maxInflight, timeout, bundles,
                    reload, access, supersededGrace);
        }

        /** The broker runs the dynamic-security plugin ({@code mosquitto-dynsec.conf}) or the {@code acl_file}. */
        public Options withBrokerAccess(BrokerAccess brokerAccess) {
            return new Options(brokerUri, deviceCertificateLifetime, revocationAckTimeout, batchSize, maxInflight,
                    timeout, bundles, reload, brokerAccess, supersededGrace);
        }

        public Options withSupersededGrace(Duration grace) {
            return new Options(brokerUri, deviceCertificateLifetime, revocationAckTimeout, batchSize, maxInflight,
                    timeout, bundles, reload, access, grace);
        }
    }

    /** What the registrar has done since it started. */
    public record Stats(long issued, long renewed, long pending, long refused, long bundlesSent, long batches,
            long largestBatch) {
    }

    /**
     * What {@link #syncBroker} changed: gates whose replaced certificates went on the CRL (grace run out), and broker
     * users added or removed (dynamic security only).
     */
    public record BrokerSync(List<String> superseded, List<String> usersAdded, List<String> usersRemoved) {
        public BrokerSync {
            superseded = List.copyOf(superseded);
            usersAdded = List.copyOf(usersAdded);
            usersRemoved = List.copyOf(usersRemoved);
        }
    }

    /** The outcome of {@link #revoke}: whether the gate confirmed its wipe before the broker shut it out. */
    public record Revocation(String deviceId, boolean wipeConfirmed, int revokedCertificates) {
    }

    private static final Duration REGISTRAR_CERT_LIFETIME = Duration.ofDays(2);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Fleet fleet;
    private final Registry registry;
    private final BrokerFiles brokerFiles;
    private final Options options;
    private final Clock clock;
    private final SecureRandom random;
    private final BlockingQueue<Incoming> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Void>> awaitingWipe = new ConcurrentHashMap<>();
    private final Thread worker;
    private final MqttLink link;
    private final ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong renewed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bundlesSent = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();
    private final boolean serving;
    /** CSR checks and certificate signing for a batch run here in parallel, before the serial database work. */
    private final java.util.concurrent.ExecutorService crypto;
    /** Broker reloads are coalesced on their own thread: spawning {@code kill} can take seconds on a loaded host. */
    private final BlockingQueue<CompletableFuture<Void>> reloads = new LinkedBlockingQueue<>();
    /** How long a batch's replies wait for the broker reload that opens the new gates' topics. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(5);
    private final Thread reloader;
    /** The broker's dynamic-security plugin, or null with an {@code acl_file}. */
    private final DynamicSecurity dynamicSecurity;
    /** How often the reloader thread runs {@link #syncBroker} by itself (new claims, unconfirmed rotations). */
    private static final long MAINTENANCE_SECONDS = 10;
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(MAINTENANCE_SECONDS);
    private final Object maintenance = new Object();
    private volatile boolean closing;

    private record Incoming(String topic, byte[] payload) {
    }

    private record Outgoing(String topic, Reply reply) {
    }

    /**
     * A request after its CPU work: decoded, and for ENROL its CSR checked and a certificate signed in advance (it
     * is used only if the registry then approves; an unused one is dropped unseen).
     */
    private record Prepared(Incoming incoming, String user, Request request, EnrolmentException refusal,
            X509Certificate certificate) {
    }

    private Registrar(Fleet fleet, Registry registry, Options options, Clock clock, SecureRandom random,
            boolean serveRequests) throws GeneralSecurityException {
        this.fleet = fleet;
        this.registry = registry;
        this.brokerFiles = fleet.brokerFiles(registry, clock);
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.serving = serveRequests;
        Credentials credentials = fleet.issueServiceCredentials(Ids.REGISTRAR, REGISTRAR_CERT_LIFETIME, clock, random);
        this.link = MqttLink.connect(options.brokerUri(), credentials, fleet.caCertificate(),
                (topic, payload) -> queue.add(new Incoming(topic, payload)), options.maxInflight(), options.timeout(),
                random);
        if (options.access() == BrokerAccess.DYNAMIC_SECURITY) {
            // The admin commands go over a connection of their own: on the serving connection a thousand replies
            // awaiting their PUBACKs fill the in-flight window and a control message could not get through (seen in
            // the 1,000-gate load test), nor could the replies' flow control account for it.
            CompletableFuture<DynamicSecurity> admin = new CompletableFuture<>();
            MqttLink adminLink;
            try {
                adminLink = MqttLink.connect(options.brokerUri(), credentials, fleet.caCertificate(), (topic, payload) -> {
                    DynamicSecurity d = admin.getNow(null);
                    if (d != null && topic.equals(DynamicSecurity.RESPONSE_TOPIC)) {
                        d.received(payload);
                    }
                }, 10, options.timeout(), random);
            } catch (RuntimeException e) {
                link.close();
                throw e;
            }
            this.dynamicSecurity = new DynamicSecurity(adminLink, brokerFiles, options.timeout(), random);
            admin.complete(dynamicSecurity);
            try {
                dynamicSecurity.start();
                dynamicSecurity.sync();
            } catch (RuntimeException e) {
                adminLink.close();
                link.close();
                throw e instanceof EnrolmentException ee ? ee : new EnrolmentException(Reason.BROKER,
                        "cannot bring the broker's dynamic security in step with the registry: " + e.getMessage(), e);
            }
        } else {
            this.dynamicSecurity = null;
        }
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.crypto = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "registrar-crypto-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.reloader = new Thread(this::reloadLoop, "registrar-broker-reload");
        this.reloader.setDaemon(true);
        this.reloader.start();
        this.worker = new Thread(this::work, "registrar");
        this.worker.setDaemon(true);
        this.worker.start();
        if (serveRequests) {
            link.subscribeOrFail(Ids.requestFilter());
        }
    }

    /** Connects to the broker and serves requests until closed. */
    public static Registrar start(Fleet fleet, Registry registry, Options options, Clock clock, SecureRandom random)
            throws GeneralSecurityException {
        Registrar registrar = new Registrar(fleet, registry, options, clock, random, true);
        Logger.info("Registrar serving {} on {}", Ids.requestFilter(), options.brokerUri());
        return registrar;
    }

    /**
     * Connects without serving requests: for {@code egate fleet revoke} while another process serves. It listens
     * only for the revoked gate's wipe confirmation.
     */
    public static Registrar connectForRevocation(Fleet fleet, Registry registry, Options options, Clock clock,
            SecureRandom random) throws GeneralSecurityException {
        return new Registrar(fleet, registry, options, clock, random, false);
    }

    public Stats stats() {
        return new Stats(issued.get(), renewed.get(), pending.get(), refused.get(), bundlesSent.get(), batches.get(),
                largestBatch.get());
    }

    // ---- revocation ------------------------------------------------------------------------------------------

    /**
     * Revokes a gate: marks it and all its certificates revoked, sends it a notice signed with the operator key
     * (the gate wipes its keys and personal data and confirms), waits up to
     * {@link Options#revocationAckTimeout()} for the confirmation, then regenerates the CRL and the ACL and
     * reloads the broker, which from then on refuses the gate's TLS handshake and its topics. With the
     * dynamic-security plugin the gate's broker user is deleted as well, which closes its live connections at once
     * (belt and braces with the CRL, which only stops new handshakes). The notice goes first because afterwards
     * the gate can no longer receive it.
     */
    public Revocation revoke(String deviceId) throws Exception {
        DeviceRecord device = registry.device(deviceId).orElseThrow(() -> new EnrolmentException(Reason.UNKNOWN_DEVICE,
                "no device " + deviceId + " in the registry"));
        boolean newly = registry.markRevoked(deviceId);
        boolean confirmed = false;
        if (newly) {
            String noticeId = newRequestId();
            long at = clock.millis();
            byte[] signature = Notices.sign(fleet.operatorKey(), Notices.content(deviceId, noticeId, at));
            CompletableFuture<Void> wiped = new CompletableFuture<>();
            awaitingWipe.put(deviceId + "/" + noticeId, wiped);
            if (!serving) {
                link.subscribeOrFail(Ids.requestTopic(deviceId)); // the serving registrar hears it already
            }
            link.publishAndWait(Ids.replyTopic(deviceId), Messages.encode(new Reply(noticeId, Status.REVOKED,
                    "revoked by the operator", null, null, null, List.of(), deviceId, at, signature)));
            try {
                wiped.get(options.revocationAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
                confirmed = true;
            } catch (TimeoutException e) {
                Logger.warn("Device {} did not confirm its wipe within {}; shutting it out anyway", deviceId,
                        options.revocationAckTimeout());
            } finally {
                awaitingWipe.remove(deviceId + "/" + noticeId);
            }
        }
        brokerFiles.writeAll(random);
        if (dynamicSecurity != null) {
            dynamicSecurity.remove(deviceId);
        }
        options.reload().reload();
        int revoked = registry.revokedSerials().size();
        Logger.info("Device {} revoked (wipe confirmed: {}); CRL lists {} certificate(s), broker reloaded", deviceId,
                confirmed, revoked);
        return new Revocation(deviceId, confirmed, revoked);
    }

    // ---- the worker ------------------------------------------------------------------------------------------

    private void work() {
        List<Incoming> batch = new ArrayList<>();
        while (!closing) {
            try {
                Incoming first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, options.batchSize() - 1);
                handleBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A storage or broker failure fails this batch only; its gates retry. Never carry on silently.
                Logger.error(e, "Registrar batch of {} request(s) failed", batch.size());
            }
        }
    }

    private void handleBatch(List<Incoming> batch) throws InterruptedException {
        batches.incrementAndGet();
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        List<java.util.concurrent.Callable<Prepared>> work = new ArrayList<>(batch.size());
        for (Incoming in : batch) {
            work.add(() -> prepare(in));
        }
        List<Prepared> prepared = new ArrayList<>(batch.size());
        for (java.util.concurrent.Future<Prepared> f : crypto.invokeAll(work)) {
            try {
                prepared.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("preparing a request failed unexpectedly", e.getCause());
            }
        }
        List<Outgoing> replies = new ArrayList<>(batch.size());
        Effects effects = new Effects();
        registry.inTransaction(() -> {
            for (Prepared p : prepared) {
                Outgoing out = handle(p, effects);
                if (out != null) {
                    replies.add(out);
                }
            }
            return null;
        });
        if (effects.enrolled && dynamicSecurity != null) {
            try {
                // The new gates' broker users exist before their replies go out: each can use its own topics at once.
                dynamicSecurity.sync();
            } catch (RuntimeException e) {
                // The gates' provisioning topics need no change; their own topics open at the next good sync.
                Logger.error("Cannot add the new gates to the broker's dynamic security: {}", e.getMessage());
            }
        }
        // The ACL file is kept current with either set-up (an operator may switch); only a broker using it reloads.
        boolean aclChanged = effects.enrolled && dynamicSecurity == null;
        if (effects.enrolled || effects.superseded) {
            try {
                if (effects.enrolled) {
                    brokerFiles.writeAcl();
                }
                if (effects.superseded) {
                    brokerFiles.writeCrl();
                }
                if (aclChanged || effects.superseded) {
                    CompletableFuture<Void> reloaded = new CompletableFuture<>();
                    reloads.add(reloaded);
                    // Normally the replies go out once the broker knows the new gates (and no longer takes superseded
                    // certificates); a slow reload delays them at most RELOAD_WAIT.
                    reloaded.get(RELOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                Logger.warn("Broker reload not done within {}: replying anyway ({})", RELOAD_WAIT, e.toString());
            } catch (java.io.IOException | GeneralSecurityException e) {
                // The gates' provisioning topics need no ACL change; their own topics open at the next good write, and
                // a superseded certificate is refused once the next CRL is written.
                Logger.error("Cannot write the broker files in {}: {}", brokerFiles.dir(), e.getMessage());
            }
        }
        for (Outgoing out : replies) {
            send(out.topic(), Messages.encode(out.reply()));
        }
    }

    private void reloadLoop() {
        long nextMaintenance = System.nanoTime() + MAINTENANCE_PERIOD.toNanos();
        while (!closing) {
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            try {
                CompletableFuture<Void> first = reloads.poll(
                        Math.max(1, nextMaintenance - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first == null) {
                    nextMaintenance = System.nanoTime() + MAINTENANCE_PERIOD.toNanos();
                    syncBroker();
                    continue;
                }
                waiting.add(first);
                reloads.drainTo(waiting); // one reload covers every ACL write before it
                options.reload().reload();
                waiting.forEach(f -> f.complete(null));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The next enrolment (or maintenance) asks again; a failed reload must not stop the registrar.
                Logger.error("Broker reload or maintenance failed: {}", e.getMessage());
                waiting.forEach(f -> f.completeExceptionally(e));
            }
        }
    }

    /**
     * Brings the broker in step with the registry now; the registrar also does this by itself every
     * {@value #MAINTENANCE_SECONDS} seconds. Puts on the CRL (reason superseded) the replaced certificates of gates
     * that did not confirm their new one within {@link Options#supersededGrace()}, and reloads the broker if it did;
     * with the dynamic-security plugin it also adds users for claim certificates issued since the last sync
     * ({@link Fleet#issueClaimCertificate}) and removes expired claims and revoked gates.
     */
    public BrokerSync syncBroker() throws Exception {
        synchronized (maintenance) {
            List<String> superseded = registry.supersedeUnconfirmed(clock.instant().minus(options.supersededGrace()));
            if (!superseded.isEmpty()) {
                brokerFiles.writeCrl();
                options.reload().reload();
                Logger.info("Superseded certificates of {} gate(s) put on the CRL (not confirmed within {}): {}",
                        superseded.size(), options.supersededGrace(), superseded);
            }
            DynamicSecurity.Change change = dynamicSecurity == null ? new DynamicSecurity.Change(List.of(), List.of())
                    : dynamicSecurity.sync();
            return new BrokerSync(superseded, change.added(), change.removed());
        }
    }

    /** The CPU part of a request (runs on the crypto pool, no database). */
    private Prepared prepare(Incoming in) {
        String user = Ids.userOfRequestTopic(in.topic());
        if (user == null) {
            return new Prepared(in, null, null, null, null);
        }
        Request request;
        try {
            request = Messages.decodeRequest(in.payload());
        } catch (EnrolmentException e) {
            return new Prepared(in, user, null, e, null);
        }
        if (request.type() != Messages.Type.ENROL) {
            return new Prepared(in, user, request, null, null);
        }
        try {
            if (!user.startsWith(Ids.CLAIM_PREFIX)) {
                throw new EnrolmentException(Reason.IDENTITY_MISMATCH,
                        "ENROL came from " + user + ", not a claim certificate; enrolled gates use RENEW");
            }
            require(request.serial(), "serial");
            require(request.site(), "site");
            require(request.hardware(), "hardware");
            Ids.requireDevice(request.serial(), request.site());
            PublicKey key = verifiedCsr(request.csr(), request.serial(), request.site());
            X509Certificate certificate = fleet.issueDeviceCertificate(request.serial(), request.site(), key,
                    options.deviceCertificateLifetime(), clock.instant(), random);
            return new Prepared(in, user, request, null, certificate);
        } catch (EnrolmentException e) {
            return new Prepared(in, user, request, e, null);
        } catch (GeneralSecurityException e) {
            return new Prepared(in, user, request, new EnrolmentException(Reason.STORAGE,
                    "cannot issue the certificate of " + request.serial() + ": " + e.getMessage(), e), null);
        }
    }

    /** Publishes a reply, waiting for earlier PUBACKs while the broker's Receive Maximum is reached. */
    private void send(String topic, byte[] payload) throws InterruptedException {
        inFlight.removeIf(IMqttToken::isComplete);
        while (true) {
            IMqttToken token = inFlight.size() >= options.maxInflight() ? null : link.tryPublish(topic, payload);
            if (token != null) {
                inFlight.add(token);
                return;
            }
            IMqttToken oldest = inFlight.poll();
            if (oldest == null) {
                throw new EnrolmentException(Reason.BROKER, "the broker accepts no publish from the registrar");
            }
            try {
                oldest.waitForCompletion(options.timeout().toMillis());
            } catch (MqttException e) {
                Logger.warn("A registrar reply was not acknowledged: {}", e.toString());
            }
        }
    }

    /** What a batch changed that the broker must learn before the replies go out. */
    private static final class Effects {
        boolean enrolled;
        boolean superseded;
    }

    /** One request, inside the batch transaction. Returns the reply, or null when there is no one to answer. */
    private Outgoing handle(Prepared p, Effects effects) throws SQLException {
        String user = p.user();
        if (user == null) {
            Logger.warn("Ignored a message on {}: not a provisioning request topic", p.incoming().topic());
            return null;
        }
        Request request = p.request();
        if (request == null) {
            refused.incrementAndGet();
            Logger.warn("Ignored a malformed request from {}: {}", user, p.refusal().getMessage());
            return null;
        }
        String replyTopic = Ids.replyTopic(user);
        try {
            Reply reply = registry.request(() -> {
                if (p.refusal() != null) {
                    throw p.refusal();
                }
                return switch (request.type()) {
                    case ENROL -> enrol(request, p.certificate(), effects);
                    case RENEW -> renew(user, request);
                    case CONFIRM -> confirm(user, request, effects);
                    case BUNDLES -> bundles(user, request);
                    case WIPED -> wiped(user, request);
                };
            });
            return reply == null ? null : new Outgoing(replyTopic, reply);
        } catch (EnrolmentException e) {
            refused.incrementAndGet();
            Logger.warn("Refused {} from {}: {}", request, user, e.getMessage());
            return new Outgoing(replyTopic, Reply.simple(request.requestId(), Status.REFUSED, e.getMessage()));
        }
    }

    /** ENROL, with the CSR checked and the certificate signed already ({@link #prepare}). */
    private Reply enrol(Request r, X509Certificate prepared, Effects effects) throws SQLException {
        PublicKey key = prepared.getPublicKey();
        DeviceRecord.Status status = registry.statusOf(r.serial());
        if (status == DeviceRecord.Status.ACTIVE) {
            // A gate whose reply was lost asks again with the same key: it gets the same certificate back (retries
            // are safe); another key under an enrolled serial is refused.
            Optional<X509Certificate> issuedBefore = registry.latestCertificate(r.serial());
            if (issuedBefore.isPresent() && Arrays.equals(issuedBefore.get().getPublicKey().getEncoded(), key.getEncoded())) {
                Logger.info("Enrolment of {} repeated with the same key: sending its certificate again", r.serial());
                return issuedReply(r.requestId(), issuedBefore.get());
            }
            throw new EnrolmentException(Reason.ALREADY_ENROLLED, "device " + r.serial() + " is enrolled already");
        }
        if (status == DeviceRecord.Status.REVOKED) {
            throw new EnrolmentException(Reason.REVOKED, "device " + r.serial() + " was revoked");
        }
        if (r.token() != null) {
            registry.consumeToken(r.token(), r.serial(), r.site());
        } else if (!registry.isApproved(r.serial(), r.site())) {
            registry.recordPending(r.serial(), r.site(), r.hardware());
            pending.incrementAndGet();
            Logger.info("Enrolment of {} at {} waits for approval (egate fleet approve {})", r.serial(), r.site(),
                    r.serial());
            return Reply.simple(r.requestId(), Status.PENDING, "waiting for the operator's approval");
        }
        registry.insertDevice(r.serial(), r.site(), r.hardware());
        registry.insertCertificate(r.serial(), prepared);
        X509Certificate certificate = prepared;
        effects.enrolled = true;
        issued.incrementAndGet();
        Logger.info("Enrolled {} at {} ({}), certificate {} until {}", r.serial(), r.site(), r.hardware(),
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
        return issuedReply(r.requestId(), certificate);
    }

    private Reply renew(String user, Request r) throws SQLException {
        X509Certificate current = presentedCertificate(user, r);
        String deviceId = user;
        require(r.csr(), "csr");
        if (!Notices.verify(current.getPublicKey(), r.csr(), r.proof())) {
            throw new EnrolmentException(Reason.BAD_CERTIFICATE,
                    "the proof of " + deviceId + " is not a signature of the CSR by its current key");
        }
        String site = registry.device(deviceId).orElseThrow().site();
        PublicKey key = verifiedCsr(r.csr(), deviceId, site);
        if (Arrays.equals(key.getEncoded(), current.getPublicKey().getEncoded())) {
            throw new EnrolmentException(Reason.BAD_CSR, "RENEW of " + deviceId + " reuses its current key");
        }
        X509Certificate certificate = issue(deviceId, site, key);
        renewed.incrementAndGet();
        Logger.info("Renewed {}: certificate {} until {} replaces {}", deviceId,
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(),
                current.getSerialNumber().toString(16));
        return issuedReply(r.requestId(), certificate);
    }

    /**
     * The certificate a RENEW or CONFIRM carries, with its proof present: it must chain to the fleet CA, be in its
     * validity period, name the topic's user, and be an unrevoked certificate the registry issued to that active
     * device.
     */
    private X509Certificate presentedCertificate(String user, Request r) throws SQLException {
        if (r.certificate() == null || r.proof() == null) {
            throw new EnrolmentException(Reason.MALFORMED_MESSAGE, r.type() + " from " + user
                    + " lacks certificate or proof");
        }
        X509Certificate presented;
        try {
            presented = Pki.certificate(r.certificate());
            presented.verify(fleet.caCertificate().getPublicKey());
            presented.checkValidity(java.util.Date.from(clock.instant()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EnrolmentException(Reason.BAD_CERTIFICATE, "the certificate in the " + r.type() + " of " + user
                    + " does not verify against the fleet CA: " + e.getMessage());
        }
        String deviceId = Names.commonName(presented);
        if (!user.equals(deviceId)) {
            throw new EnrolmentException(Reason.IDENTITY_MISMATCH,
                    r.type() + " on " + user + "'s topic carries the certificate of " + deviceId);
        }
        if (registry.statusOf(deviceId) != DeviceRecord.Status.ACTIVE
                || !registry.isCurrent(deviceId, presented.getSerialNumber())) {
            throw new EnrolmentException(Reason.REVOKED, "certificate " + presented.getSerialNumber().toString(16)
                    + " of " + deviceId + " is revoked or unknown");
        }
        return presented;
    }

    /**
     * CONFIRM after a rotation: the gate, connected with its new certificate, shows it holds the new key (a signature
     * over the certificate). Every other certificate of the gate then goes on the CRL with reason superseded
     * (RFC 5280 §5.3.1), and the broker reloads before the reply, so the old certificate is refused from then on.
     */
    private Reply confirm(String user, Request r, Effects effects) throws SQLException {
        X509Certificate confirmed = presentedCertificate(user, r);
        String deviceId = user;
        if (!Notices.verify(confirmed.getPublicKey(), r.certificate(), r.proof())) {
            throw new EnrolmentException(Reason.BAD_CERTIFICATE,
                    "the proof of " + deviceId + " is not a signature of its new certificate by the new key");
        }
        int superseded = registry.supersedeAllBut(deviceId, confirmed.getSerialNumber());
        effects.superseded |= superseded > 0;
        Logger.info("{} confirmed certificate {}: {} older certificate(s) superseded", deviceId,
                confirmed.getSerialNumber().toString(16), superseded);
        return Reply.simple(r.requestId(), Status.CONFIRMED, superseded + " superseded");
    }

    private Reply bundles(String user, Request r) {
        Optional<DeviceRecord> device = registry.device(user);
        if (device.isEmpty() || device.get().status() != DeviceRecord.Status.ACTIVE) {
            throw new EnrolmentException(Reason.UNKNOWN_DEVICE, "BUNDLES from " + user + ", which is not an active device");
        }
        List<EnrolmentBundle> bundles;
        try {
            bundles = List.copyOf(options.bundles().forDevice(device.get()));
        } catch (Exception e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION,
                    "cannot make the initial bundles of " + user + ": " + e.getMessage(), e);
        }
        bundlesSent.addAndGet(bundles.size());
        Logger.info("Sending {} initial bundle(s) to {}: {}", bundles.size(), user, bundles);
        return new Reply(r.requestId(), Status.BUNDLES, null, null, null, null, bundles, user, null, null);
    }

    private Reply wiped(String user, Request r) {
        CompletableFuture<Void> waiting = awaitingWipe.get(user + "/" + r.requestId());
        if (waiting != null) {
            Logger.info("Device {} confirmed its wipe", user);
            waiting.complete(null);
        }
        return null;
    }

    private X509Certificate issue(String deviceId, String site, PublicKey key) {
        try {
            X509Certificate certificate = fleet.issueDeviceCertificate(deviceId, site, key,
                    options.deviceCertificateLifetime(), clock.instant(), random);
            registry.insertCertificate(deviceId, certificate);
            return certificate;
        } catch (GeneralSecurityException | SQLException e) {
            throw new EnrolmentException(Reason.STORAGE, "cannot issue the certificate of " + deviceId + ": "
                    + e.getMessage(), e);
        }
    }

    private Reply issuedReply(String requestId, X509Certificate certificate) {
        try {
            return new Reply(requestId, Status.ISSUED, null, certificate.getEncoded(),
                    fleet.caCertificate().getEncoded(), fleet.operatorCertificate().getEncoded(), List.of(), null, null,
                    null);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("re-encoding a certificate just made failed", e);
        }
    }

    /** Checks the CSR's proof of possession (PKCS#10, RFC 2986 §3), its key (P-256) and its names. */
    private static PublicKey verifiedCsr(byte[] der, String deviceId, String site) {
        require(der, "csr");
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(der))
                    .setProvider(BC);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                    .build(csr.getSubjectPublicKeyInfo()))) {
                throw new EnrolmentException(Reason.BAD_CSR, "the CSR of " + deviceId + " has a bad signature");
            }
            PublicKey key = csr.getPublicKey();
            if (!Pki.isP256(key)) {
                throw new EnrolmentException(Reason.BAD_CSR,
                        "the CSR of " + deviceId + " has a " + key.getAlgorithm() + " key, not EC P-256");
            }
            X500Name subject = csr.getSubject();
            String cn = Names.attribute(subject, "CN");
            String ou = Names.attribute(subject, "OU");
            if (!deviceId.equals(cn) || !site.equals(ou)) {
                throw new EnrolmentException(Reason.IDENTITY_MISMATCH, "the CSR names CN=" + cn + ", OU=" + ou
                        + " but the request is for " + deviceId + " at " + site);
            }
            return key;
        } catch (EnrolmentException e) {
            throw e;
        } catch (Exception e) {
            // BouncyCastle throws a variety of unchecked and checked exceptions for corrupt DER.
            throw new EnrolmentException(Reason.BAD_CSR, "the CSR of " + deviceId + " (" + der.length
                    + " bytes) does not parse: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new EnrolmentException(Reason.MALFORMED_MESSAGE, "field " + field + " is missing");
        }
    }

    private String newRequestId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    @Override
    public void close() {
        closing = true;
        worker.interrupt();
        reloader.interrupt();
        crypto.shutdownNow();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        if (dynamicSecurity != null) {
            dynamicSecurity.close();
        }
    }

    @Override
    public String toString() {
        return "Registrar[" + options.brokerUri() + ", " + stats() + "]";
    }

}
