package org.openegate.gate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openegate.mqtt.CommandSigner;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.TopicException;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.bundle.BundleCommands;
import org.openegate.provisioning.bundle.BundleSigner;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.bundle.BundleValidator;
import org.openegate.provisioning.bundle.BundleVerifier;
import org.openegate.provisioning.bundle.TrustListContent;
import org.openegate.provisioning.enrol.DeviceRecord;
import org.openegate.provisioning.enrol.EnrolmentException;
import org.openegate.provisioning.enrol.Fleet;
import org.openegate.provisioning.enrol.Registry;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code egate fleet push config|policy|trustlist|watchlist FILE --to DEVICE|site:SITE|* --dir D --broker URL}:
 * signs FILE as a bundle with the fleet's operator key and delivers it to each target gate as the signed command of
 * its type, then waits for every gate's reply.
 *
 * <p>Gates are found in the fleet registry ({@code D/registry.db}, active devices) unless {@code --site} (for one
 * device) or {@code --gates} name them. A {@code trustlist} FILE is a directory of master lists, CSCA
 * certificates and CRLs, or one such file; it is checked here the way the gate will check it before anything is
 * sent. Exit status: 0 every gate installed the bundle, 1 a gate refused it, failed, or did not answer within
 * {@code --wait}, 2 bad usage or unreadable input.
 */
@Command(name = "push", description = "Sign a bundle with the operator key and push it to gates over MQTT.")
public final class FleetPushCommand implements Callable<Integer> {

    /** The largest command mqtt-bridge accepts (CommandCodec.MAX_PAYLOAD_BYTES). */
    static final int MAX_COMMAND_BYTES = 1024 * 1024;
    static final String PASSPHRASE_ENV = "EGATE_FLEET_PASSPHRASE";
    private static final DateTimeFormatter VERSION_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TYPE", description = "config, policy, trustlist or watchlist")
    String typeName;

    @Parameters(index = "1", paramLabel = "FILE", description = "the content (for trustlist: a file or a directory)")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "DEVICE|site:SITE|*",
            description = "the device id, a whole site as site:SITE, or * for the fleet; signed into the bundle")
    String to;

    @Option(names = "--dir", required = true, paramLabel = "D", description = "the fleet directory (egate fleet init)")
    Path dir;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "tcp://HOST:PORT or ssl://HOST:PORT")
    String broker;

    @Option(names = "--site", paramLabel = "SITE", description = "the site of the --to device (else from the registry)")
    String site;

    @Option(names = "--gates", split = ",", paramLabel = "GATE",
            description = "the gates to deliver to (SITE/GATE for --to *; GATE for site:SITE); else from the registry")
    List<String> gates;

    @Option(names = "--version", paramLabel = "N",
            description = "the bundle version, above the gates' current one (default: UTC now as yyyyMMddHHmmss)")
    Long version;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "file holding the operator key's passphrase (default: env " + PASSPHRASE_ENV + ")")
    Path passphraseFile;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long to wait for the gates' replies (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Option(names = "--validity-hours", paramLabel = "H", defaultValue = "24",
            description = "how long an offline gate may still receive the command (default ${DEFAULT-VALUE}, max 168)")
    int validityHours;

    @Option(names = "--cafile", paramLabel = "PEM", description = "CA certificates the broker's TLS certificate chains to")
    Path caFile;

    @Option(names = "--cert", paramLabel = "PEM", description = "client certificate for the broker (mutual TLS)")
    Path clientCert;

    @Option(names = "--key", paramLabel = "PEM", description = "unencrypted PKCS#8 key of --cert")
    Path clientKey;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();

    /** A gate to deliver to. */
    record Gate(String site, String gate) {
        String name() {
            return site + "/" + gate;
        }
    }

    /** One gate's answer, or why there is none. */
    record Result(Gate gate, String status, String reason, String detail, Long installedVersion) {
        boolean ok() {
            return status.equals("OK");
        }
    }

    @Override
    public Integer call() throws Exception {
        BundleType type = BundleType.fromWireName(typeName).orElseThrow(() -> new EgateCommand.UsageException(
                "unknown bundle type \"" + typeName + "\"; expected config, policy, trustlist or watchlist"));
        if (validityHours < 1 || validityHours > 168) {
            throw new EgateCommand.UsageException("--validity-hours " + validityHours + " is outside 1..168");
        }
        if (waitSeconds < 0 || waitSeconds > 3600) {
            throw new EgateCommand.UsageException("--wait " + waitSeconds + " is outside 0..3600");
        }
        List<Gate> targets = resolveGates();
        byte[] content = content(type);
        X509Certificate operatorCert = readCertificate(dir.resolve("operator.pem"));
        PrivateKey operatorKey = readOperatorKey(dir.resolve("operator.key"));
        long bundleVersion = version != null ? version : Long.parseLong(VERSION_FORMAT.format(clock.instant()));
        if (bundleVersion < 1) {
            throw new EgateCommand.UsageException("--version " + bundleVersion + " is below 1");
        }
        byte[] bundle;
        try {
            bundle = new BundleSigner(operatorKey, operatorCert, clock, random).sign(type, bundleVersion, to, content);
        } catch (IllegalArgumentException e) {
            throw new EgateCommand.UsageException(e.getMessage(), e);
        }
        CommandSigner commands = new CommandSigner(BundleCommands.operatorKeyId(operatorCert), operatorKey, clock, random);
        CommandType commandType = BundleCommands.commandType(type);
        Map<Gate, byte[]> payloads = new LinkedHashMap<>();
        for (Gate gate : targets) {
            byte[] payload = commands.sign(Topics.of(gate.site(), gate.gate()), commandType, BundleCommands.args(bundle),
                    Duration.ofHours(validityHours));
            if (payload.length > MAX_COMMAND_BYTES) {
                throw new EgateCommand.UsageException("the " + type.wireName() + " bundle of " + bundle.length
                        + " bytes makes a command of " + payload.length + " bytes even deflated; gates accept at most "
                        + MAX_COMMAND_BYTES);
            }
            payloads.put(gate, payload);
        }
        Logger.info("Pushing {} bundle v{} ({} bytes) for {} to {} gate(s)", type.wireName(), bundleVersion,
                bundle.length, to, targets.size());
        List<Result> results = deliver(commandType, payloads);
        print(type, bundleVersion, bundle, content, results);
        return results.stream().allMatch(Result::ok) ? EgateCommand.OK : EgateCommand.CHECK_FAILED;
    }

    private List<Gate> resolveGates() {
        boolean device = !to.equals("*") && !to.startsWith("site:");
        List<Gate> out = new ArrayList<>();
        try {
            if (device) {
                String deviceSite = site != null ? site : registrySiteOf(to);
                out.add(gate(deviceSite, to));
            } else if (to.startsWith("site:")) {
                String targetSite = to.substring(5);
                if (site != null && !site.equals(targetSite)) {
                    throw new EgateCommand.UsageException("--site " + site + " contradicts --to " + to);
                }
                List<String> names = gates != null ? gates : activeGates().stream()
                        .filter(g -> g.site().equals(targetSite)).map(Gate::gate).toList();
                for (String name : names) {
                    out.add(gate(targetSite, name));
                }
            } else {
                if (gates != null) {
                    for (String g : gates) {
                        int slash = g.indexOf('/');
                        if (slash < 0) {
                            throw new EgateCommand.UsageException("--gates " + g + " must be SITE/GATE with --to *");
                        }
                        out.add(gate(g.substring(0, slash), g.substring(slash + 1)));
                    }
                } else {
                    out.addAll(activeGates().stream().sorted(java.util.Comparator.comparing(Gate::site)
                            .thenComparing(Gate::gate)).toList());
                }
            }
        } catch (TopicException e) {
            throw new EgateCommand.UsageException(e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new EgateCommand.UsageException("no gate to push to for --to " + to);
        }
        return out;
    }

    private static Gate gate(String site, String gate) {
        Topics.of(site, gate); // validates both as topic levels
        return new Gate(site, gate);
    }

    private String registrySiteOf(String deviceId) {
        return activeGates().stream().filter(g -> g.gate().equals(deviceId)).findFirst().map(Gate::site)
                .orElseThrow(() -> new EgateCommand.UsageException("device " + deviceId + " is not an active device in "
                        + dir.resolve(Fleet.REGISTRY) + "; give its site with --site"));
    }

    /** Active devices of the fleet registry ({@code egate fleet init/serve} keep it), through {@link Registry}. */
    private List<Gate> activeGates() {
        Path registry = dir.resolve(Fleet.REGISTRY);
        if (!Files.isRegularFile(registry)) {
            throw new EgateCommand.UsageException("no fleet registry at " + registry
                    + "; name the gates with --site (one device) or --gates");
        }
        try (Registry fleetRegistry = Registry.openFleet(dir, clock)) {
            return fleetRegistry.devices().stream().filter(d -> d.status() == DeviceRecord.Status.ACTIVE)
                    .map(d -> gate(d.site(), d.deviceId())).toList();
        } catch (EnrolmentException e) {
            throw new EgateCommand.UsageException("cannot read the fleet registry " + registry + ": " + e.getMessage(), e);
        }
    }

    private byte[] content(BundleType type) {
        try {
            if (type == BundleType.TRUSTLIST) {
                List<byte[]> files = new ArrayList<>();
                if (Files.isDirectory(file)) {
                    try (Stream<Path> list = Files.list(file)) {
                        for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                            files.add(readBounded(f));
                        }
                    }
                } else {
                    files.add(readBounded(file));
                }
                if (files.isEmpty()) {
                    throw new EgateCommand.UsageException(file + " holds no trust files");
                }
                byte[] packed = TrustListContent.pack(files);
                TrustListContent.load(packed, clock, List.of());
                return packed;
            }
            return readBounded(file);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (BundleValidator.InvalidContentException e) {
            throw new EgateCommand.UsageException("the trust list in " + file + " would be refused: " + e.getMessage(), e);
        }
    }

    private static byte[] readBounded(Path f) throws IOException {
        long size = Files.size(f);
        if (size == 0 || size > BundleVerifier.MAX_CONTENT_BYTES) {
            throw new EgateCommand.UsageException(f + " has " + size + " bytes; 1.." + BundleVerifier.MAX_CONTENT_BYTES
                    + " allowed");
        }
        return Files.readAllBytes(f);
    }

    private static X509Certificate readCertificate(Path pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        } catch (IOException | GeneralSecurityException e) {
            throw new EgateCommand.UsageException("cannot read the certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The operator key: an encrypted PKCS#8 PEM (fleet contract), passphrase from the file or the environment. */
    private PrivateKey readOperatorKey(Path keyFile) {
        char[] passphrase = passphrase();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(keyFile, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
                throw new EgateCommand.UsageException(keyFile + " does not hold an encrypted PKCS#8 key");
            }
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            // the JDK's own key class: mqtt-bridge's ES256 signer (SunEC) refuses BouncyCastle's
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read the operator key " + keyFile + ": " + e.getMessage(), e);
        } catch (OperatorCreationException | PKCSException e) {
            throw new EgateCommand.UsageException("cannot decrypt the operator key " + keyFile
                    + " (wrong passphrase or altered file)", e);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private char[] passphrase() {
        if (passphraseFile != null) {
            try {
                return Files.readString(passphraseFile, StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                throw new EgateCommand.UsageException("cannot read --passphrase-file " + passphraseFile + ": "
                        + e.getMessage(), e);
            }
        }
        String env = System.getenv(PASSPHRASE_ENV);
        if (env == null || env.isEmpty()) {
            throw new EgateCommand.UsageException("the operator key needs a passphrase: set " + PASSPHRASE_ENV
                    + " or give --passphrase-file");
        }
        return env.toCharArray();
    }

    /** Publishes every command with a response topic of its own, and collects the replies by correlation data. */
    private List<Result> deliver(CommandType commandType, Map<Gate, byte[]> payloads) throws Exception {
        String replyId = "push-" + HexFormat.of().formatHex(randomBytes(6));
        Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        for (Gate g : payloads.keySet()) {
            waiting.put(g.name(), new CompletableFuture<>());
        }
        MqttAsyncClient client = new MqttAsyncClient(broker, replyId, new MemoryPersistence());
        client.setCallback(new ReplyCallback(waiting));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(Math.max(5, Math.min(waitSeconds, 60)));
        if (broker.startsWith("ssl://")) {
            options.setSocketFactory(tls().getSocketFactory());
        }
        List<Result> results = new ArrayList<>();
        try {
            client.connect(options).waitForCompletion(60_000);
            for (Gate g : payloads.keySet()) {
                client.subscribe(new MqttSubscription(Topics.of(g.site(), g.gate()).reply(replyId), 1))
                        .waitForCompletion(30_000);
            }
            for (Map.Entry<Gate, byte[]> e : payloads.entrySet()) {
                Topics topics = Topics.of(e.getKey().site(), e.getKey().gate());
                MqttProperties p = new MqttProperties();
                p.setResponseTopic(topics.reply(replyId));
                p.setCorrelationData(e.getKey().name().getBytes(StandardCharsets.UTF_8));
                client.publish(topics.command(commandType.segment()), new MqttMessage(e.getValue(), 1, false, p))
                        .waitForCompletion(60_000);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            for (Gate g : payloads.keySet()) {
                results.add(await(g, waiting.get(g.name()), deadline));
            }
        } catch (MqttException e) {
            throw new EgateCommand.UsageException("broker " + broker + ": " + e.getMessage(), e);
        } finally {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        }
        return results;
    }

    private static Result await(Gate g, CompletableFuture<JsonNode> reply, long deadline) throws InterruptedException {
        try {
            JsonNode body = reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            JsonNode result = body.path("result");
            return new Result(g, body.path("status").asText("?"), result.path("reason").asText(null),
                    body.path("detail").asText(""), result.has("version") ? result.get("version").asLong() : null);
        } catch (TimeoutException e) {
            return new Result(g, "NO_REPLY", null, "no reply within the wait", null);
        } catch (ExecutionException e) {
            return new Result(g, "NO_REPLY", null, "unreadable reply", null);
        }
    }

    /** Paho's callback: replies are matched to gates by their correlation data. */
    private static final class ReplyCallback implements org.eclipse.paho.mqttv5.client.MqttCallback {
        private final Map<String, CompletableFuture<JsonNode>> waiting;

        ReplyCallback(Map<String, CompletableFuture<JsonNode>> waiting) {
            this.waiting = waiting;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] corr = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            CompletableFuture<JsonNode> f = corr == null ? null : waiting.get(new String(corr, StandardCharsets.UTF_8));
            if (f == null) {
                return;
            }
            try {
                f.complete(JSON.readTree(message.getPayload()));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Logger.warn("Broker disconnected the push: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Logger.warn("MQTT error during the push: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** TLS to the broker: --cafile pins its CA; --cert and --key add a client certificate. */
    private SSLContext tls() {
        if (caFile == null) {
            throw new EgateCommand.UsageException("ssl:// needs --cafile");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new EgateCommand.UsageException("--cert and --key go together");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caFile)))) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                Certificate[] chain = factory.generateCertificates(
                        new ByteArrayInputStream(Files.readAllBytes(clientCert))).toArray(new Certificate[0]);
                keys.setKeyEntry("client", unencryptedKey(clientKey), new char[0], chain);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new EgateCommand.UsageException("cannot set up TLS to " + broker + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey unencryptedKey(Path pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(pem, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new EgateCommand.UsageException(pem + " does not hold an unencrypted private key");
        }
    }

    private void print(BundleType type, long bundleVersion, byte[] bundle, byte[] content, List<Result> results) {
        PrintWriter out = spec.commandLine().getOut();
        long ok = results.stream().filter(Result::ok).count();
        String sha256 = sha256(content);
        if (json) {
            JsonArray devices = new JsonArray();
            for (Result r : results) {
                JsonObject d = new JsonObject().put("site", r.gate().site()).put("gate", r.gate().gate())
                        .put("status", r.status()).put("detail", r.detail());
                if (r.reason() != null) {
                    d.put("reason", r.reason());
                }
                if (r.installedVersion() != null) {
                    d.put("version", r.installedVersion());
                }
                devices.add(d);
            }
            JsonOutput.print(out, new JsonObject().put("type", type.wireName()).put("version", bundleVersion)
                    .put("target", to).put("bundleBytes", bundle.length).put("sha256", sha256)
                    .put("devices", devices).put("ok", ok).put("failed", results.size() - ok));
            return;
        }
        out.printf("%s bundle v%d for %s: %d bytes, content sha256 %s%n", type.wireName(), bundleVersion, to,
                bundle.length, sha256);
        for (Result r : results) {
            out.printf("  %-30s %s%s%s%n", r.gate().name(), r.status(), r.reason() == null ? "" : " " + r.reason(),
                    r.detail().isEmpty() ? "" : ": " + r.detail());
        }
        out.printf("%d of %d gate(s) installed it%n", ok, results.size());
        out.flush();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
