package org.openegate.gate.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openegate.gate.decision.Check;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.decision.UndeterminedAction;

/**
 * Reads the gate's YAML configuration (through vertx-config) and its policy, validates them WHOLE and returns
 * sealed records, or rejects the whole file with every offending field named. Nothing is ever auto-fixed or
 * clamped: a gate that runs on a setting nobody wrote is worse than a gate that does not start.
 *
 * <p>The file's layout is documented in {@code gate-example.yaml} (resources); the policy may sit inline under
 * {@code policy:} or in its own file named by {@code policyFile:} (operators push policy separately), never both.
 */
public final class ConfigLoader {

    /** The GPIO functions a real gate wires, each to its own pin. */
    public static final List<String> GPIO_FUNCTIONS = List.of("entryDoor", "exitDoor", "red", "amber", "green",
            "entryBeam", "insideBeam", "exitBeam", "tailgate", "emergency");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern NON_EMPTY = Pattern.compile("\\S.*");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-]+");
    private static final Pattern BROKER = Pattern.compile("(tcp|ssl)://[^/\\s]+:\\d{1,5}");
    private static final Pattern GPIO_PLATFORM = Pattern.compile("gpiod|mock");
    private static final Pattern DEVICE = Pattern.compile("/dev/[A-Za-z0-9_./-]+");
    /** ICAO 9303-3 §5: three letters, with D<< for Germany. */
    private static final Pattern NATIONALITY = Pattern.compile("[A-Z]{3}|[A-Z]<<|[A-Z]{2}<|\\*");
    private static final Pattern DOCUMENT_TYPE = Pattern.compile("[A-Z]");
    private static final long DAY_MS = 86_400_000L;

    private ConfigLoader() {
    }

    /** Reads {@code file} as YAML with vertx-config and validates it; fails with a {@link ConfigException}. */
    public static Future<GateConfig> load(Vertx vertx, Path file) {
        return readYaml(vertx, file).compose(root -> {
            Path base = file.toAbsolutePath().getParent();
            Object policyFile = root.getValue("policyFile");
            if (policyFile instanceof String name && !root.containsKey("policy")) {
                Path policyPath = base.resolve(name);
                return readYaml(vertx, policyPath).recover(e -> Future.failedFuture(
                        new ConfigException(file.toString(), List.of(new ConfigError("policyFile",
                                "cannot be read: " + (e instanceof ConfigException c ? c.errors().get(0).problem()
                                        : e.getMessage()))))))
                        .compose(policy -> attempt(() -> parse(root, base, Optional.of(policy)), file));
            }
            return attempt(() -> parse(root, base, Optional.empty()), file);
        });
    }

    private interface Parse {
        GateConfig run() throws ConfigException;
    }

    private static Future<GateConfig> attempt(Parse parse, Path file) {
        try {
            return Future.succeededFuture(parse.run());
        } catch (ConfigException e) {
            return Future.failedFuture(new ConfigException(file.toString(), e.errors()));
        }
    }

    /** One YAML file as JSON, through vertx-config's YAML store. */
    static Future<JsonObject> readYaml(Vertx vertx, Path file) {
        if (!Files.isRegularFile(file)) {
            return Future.failedFuture(new ConfigException(file.toString(),
                    List.of(new ConfigError("", "file " + file + " does not exist or is not a file"))));
        }
        ConfigStoreOptions store = new ConfigStoreOptions().setType("file").setFormat("yaml")
                .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
                .setIncludeDefaultStores(false).setScanPeriod(-1).addStore(store));
        return retriever.getConfig()
                .recover(e -> Future.failedFuture(new ConfigException(file.toString(), List.of(new ConfigError("",
                        "not valid YAML: " + firstLine(e.getCause() != null ? e.getCause() : e))))))
                .andThen(done -> retriever.close());
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The largest configuration text {@link #parseYaml} reads: a real one is a few KiB. */
    public static final int MAX_YAML_BYTES = 1 << 20;

    /**
     * Validates configuration YAML held in memory (a configuration bundle) exactly as {@link #load} validates a
     * file: the same SnakeYAML safe loader vertx-config's YAML store uses (no custom types, alias expansion
     * bounded by SnakeYAML's defaults), then {@link #parse}. The policy must be inline ({@code policyFile} names a
     * file only the file loader reads).
     *
     * @param source names the content in errors (e.g. {@code config bundle v7})
     */
    public static GateConfig parseYaml(byte[] yaml, Path baseDir, String source) throws ConfigException {
        if (yaml.length > MAX_YAML_BYTES) {
            throw new ConfigException(source, List.of(new ConfigError("", yaml.length + " bytes exceeds the "
                    + MAX_YAML_BYTES + "-byte limit of a configuration")));
        }
        Object tree;
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(yaml)).toString();
            tree = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(source, List.of(new ConfigError("", "not UTF-8 text")));
        } catch (RuntimeException e) {
            // SnakeYAML's message quotes the offending line, which may hold a value: the position is enough.
            String where = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? " at line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1)
                    : "";
            throw new ConfigException(source, List.of(new ConfigError("", "not valid YAML" + where)));
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ConfigException(source, List.of(new ConfigError("", "is not a YAML mapping")));
        }
        try {
            return parse(jsonify(map), baseDir);
        } catch (ConfigException e) {
            throw new ConfigException(source, e.errors());
        }
    }

    /** As vertx-config's YAML store: nested maps and lists as JSON, timestamps as instants, keys as strings. */
    private static JsonObject jsonify(Map<?, ?> map) {
        JsonObject json = new JsonObject();
        map.forEach((k, v) -> json.put(String.valueOf(k), jsonValue(v)));
        return json;
    }

    private static Object jsonValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return jsonify(m);
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(jsonValue(item)));
            return array;
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        return value;
    }

    /** Validates a whole configuration tree; {@code baseDir} resolves relative paths. */
    public static GateConfig parse(JsonObject root, Path baseDir) throws ConfigException {
        return parse(root, baseDir, Optional.empty());
    }

    static GateConfig parse(JsonObject root, Path baseDir, Optional<JsonObject> policyFromFile)
            throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Fields f = new Fields(root, "", errors);

        Optional<Fields> gate = f.object("gate", true);
        Optional<String> gateId = gate.flatMap(g -> g.string("id", true, ID, "lower-case letters, digits and '-',"
                + " at most 32"));
        Optional<String> site = gate.flatMap(g -> g.string("site", true, ID, "lower-case letters, digits and '-',"
                + " at most 32"));
        gate.ifPresent(Fields::rejectUnknown);

        Optional<Boolean> simulation = f.bool("simulation", true);
        Optional<String> dataDir = f.string("dataDir", true, NON_EMPTY, "a folder");

        Optional<Fields> journal = f.object("journal", true);
        Optional<Long> retentionDays = journal.flatMap(j -> j.integer("retentionDays", true, 1, 3650));
        journal.ifPresent(Fields::rejectUnknown);

        Optional<Fields> http = f.object("http", true);
        Optional<String> host = http.flatMap(h -> h.string("host", true, HOST, "a host name or address"));
        Optional<Long> port = http.flatMap(h -> h.integer("port", true, 0, 65535));
        http.ifPresent(Fields::rejectUnknown);

        Optional<Fields> timeouts = f.object("timeouts", true);
        Map<String, Duration> steps = new LinkedHashMap<>();
        timeouts.ifPresent(t -> {
            for (String step : List.of("documentMs", "chipMs", "faceMs", "decidingMs", "exitPassageMs",
                    "rejectedReturnMs")) {
                t.integer(step, true, 100, 600_000).ifPresent(ms -> steps.put(step, Duration.ofMillis(ms)));
            }
            t.rejectUnknown();
        });

        Optional<String> broker = Optional.empty();
        Optional<Fields> mqtt = f.object("mqtt", false);
        if (mqtt.isPresent()) {
            broker = mqtt.get().string("broker", true, BROKER, "tcp://HOST:PORT or ssl://HOST:PORT");
            mqtt.get().rejectUnknown();
        }

        Optional<GateConfig.Devices> devices = f.object("devices", simulation.isPresent() && !simulation.get())
                .flatMap(d -> devices(d, baseDir));
        Optional<GateConfig.Simulation> sim = f.object("sim", false).flatMap(ConfigLoader::simulation);
        if (simulation.orElse(false) && !f.has("sim")) {
            sim = Optional.of(new GateConfig.Simulation(1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO));
        }

        Optional<GateConfig.Console> console = f.object("console", false).flatMap(c -> console(c, baseDir));
        if (f.has("console") && broker.isEmpty()) {
            f.error("console", "needs mqtt.broker: referral cases and officer decisions travel over MQTT");
        }

        Optional<String> reportingBroker = broker;
        Optional<GateConfig.Provisioning> provisioning = f.object("provisioning", false)
                .flatMap(p -> ProvisioningSection.parse(f, p, baseDir, reportingBroker, gateId));
        Optional<GateConfig.Bundles> bundles = f.object("bundles", false).flatMap(b -> bundles(b, baseDir));

        Optional<GatePolicy> policy = Optional.empty();
        boolean inline = f.has("policy");
        boolean fromFile = f.has("policyFile");
        if (inline && fromFile) {
            f.error("policyFile", "cannot be given together with an inline 'policy'; keep one");
        } else if (inline) {
            policy = f.object("policy", true).flatMap(ConfigLoader::policy);
        } else if (fromFile) {
            f.string("policyFile", true, NON_EMPTY, "a file name");
            if (policyFromFile.isPresent()) {
                policy = policy(new Fields(policyFromFile.get(), "policy", errors));
            } else if (root.getValue("policyFile") instanceof String) {
                // parse() called directly (not through load()): resolve it ourselves is not possible without I/O.
                f.error("policyFile", "is only read by ConfigLoader.load; give the policy inline here");
            }
        } else {
            f.error("policy", "is required (inline, or in a file named by policyFile)");
        }
        f.rejectUnknown();

        if (!errors.isEmpty()) {
            throw new ConfigException("configuration", errors);
        }
        Path data = baseDir.resolve(dataDir.orElseThrow()).normalize();
        return new GateConfig(gateId.orElseThrow(), site.orElseThrow(), simulation.orElseThrow(), data,
                Duration.ofMillis(retentionDays.orElseThrow() * DAY_MS),
                new GateConfig.Http(host.orElseThrow(), port.orElseThrow().intValue()),
                new GateConfig.Timeouts(steps.get("documentMs"), steps.get("chipMs"), steps.get("faceMs"),
                        steps.get("decidingMs"), steps.get("exitPassageMs"), steps.get("rejectedReturnMs")),
                broker, devices, sim, policy.orElseThrow(), console, provisioning, bundles);
    }

    private static Optional<GateConfig.Console> console(Fields c, Path baseDir) {
        Optional<String> e2eKid = c.string("e2eKid", true, KEY_ID, "1-64 of A-Z a-z 0-9 . _ -");
        Optional<String> e2eKey = c.string("e2ePublicKey", true, NON_EMPTY, "a PEM public key file");
        Optional<String> commandKid = c.string("commandKid", true, KEY_ID, "1-64 of A-Z a-z 0-9 . _ -");
        Optional<String> commandKey = c.string("commandPublicKey", true, NON_EMPTY, "a PEM public key file");
        c.rejectUnknown();
        if (e2eKid.isEmpty() || e2eKey.isEmpty() || commandKid.isEmpty() || commandKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateConfig.Console(e2eKid.get(), baseDir.resolve(e2eKey.get()).normalize(),
                commandKid.get(), baseDir.resolve(commandKey.get()).normalize()));
    }

    /** Bundles: the operator's trust anchors and command certificates (PEM files that must exist), the age limit. */
    private static Optional<GateConfig.Bundles> bundles(Fields b, Path baseDir) {
        List<Path> anchors = pemFiles(b, "anchors", baseDir);
        List<Path> operators = pemFiles(b, "operators", baseDir);
        // TR-03135 expects CSCA and CRL updates at least every 3 working days; a month is the most we accept.
        Optional<Long> maxAge = b.has("maxTrustListAgeWorkingDays")
                ? b.integer("maxTrustListAgeWorkingDays", true, 1, 30) : Optional.of(3L);
        b.rejectUnknown();
        if (anchors.isEmpty() || operators.isEmpty() || maxAge.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateConfig.Bundles(anchors, operators, maxAge.get().intValue(), baseDir));
    }

    /** Files named under {@code key} that each hold at least one PEM X.509 certificate; empty on any error. */
    private static List<Path> pemFiles(Fields b, String key, Path baseDir) {
        List<Path> files = new ArrayList<>();
        boolean[] ok = {true};
        b.strings(key, true, NON_EMPTY, "PEM certificate files").ifPresentOrElse(names -> {
            if (names.isEmpty()) {
                b.error(key, "must name at least one PEM certificate file");
                ok[0] = false;
            }
            for (int i = 0; i < names.size(); i++) {
                Path file = baseDir.resolve(names.get(i)).normalize();
                String problem = certificateProblem(file);
                if (problem != null) {
                    b.error(key + "[" + i + "]", problem);
                    ok[0] = false;
                }
                files.add(file);
            }
        }, () -> ok[0] = false);
        return ok[0] ? files : List.of();
    }

    /** Why {@code file} holds no X.509 certificate, or null. */
    private static String certificateProblem(Path file) {
        if (!Files.isRegularFile(file)) {
            return "no file " + file;
        }
        try (var in = Files.newInputStream(file)) {
            if (java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                return file + " holds no certificate";
            }
            return null;
        } catch (java.io.IOException | java.security.cert.CertificateException e) {
            return file + " is not a PEM or DER certificate: " + firstLine(e);
        }
    }

    private static Optional<GateConfig.Devices> devices(Fields d, Path baseDir) {
        Optional<String> serial = d.string("mrzSerialPort", true, DEVICE, "a device path under /dev");
        Optional<Long> baud = d.integer("mrzBaud", true, 300, 921_600);
        Optional<String> reader = d.string("chipReader", false, NON_EMPTY, "a PC/SC reader name");
        Optional<Long> chipWait = d.integer("chipWaitMs", true, 100, 60_000);
        // A camera index (V4L2 device), or a video file or stream URL OpenCV opens (test rigs, IP cameras).
        Optional<GateConfig.CameraSource> camera;
        if (d.isString("camera")) {
            camera = d.string("camera", true, NON_EMPTY, "a camera index, video file or stream URL")
                    .map(source -> new GateConfig.CameraSource(-1, Optional.of(source.contains("://") ? source
                            : baseDir.resolve(source).normalize().toString())));
        } else {
            camera = d.integer("camera", true, 0, 63).map(i -> new GateConfig.CameraSource(i.intValue(),
                    Optional.empty()));
        }
        Optional<GateConfig.GpioPlatform> platform = d.string("gpioPlatform", true, GPIO_PLATFORM,
                "gpiod (the board's GPIO through libgpiod) or mock (Pi4J's mock platform: test rigs)")
                .map(name -> GateConfig.GpioPlatform.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        Optional<Long> debounce = d.integer("gpioDebounceMs", true, 0, 1000);
        Map<String, Integer> pins = new HashMap<>();
        Optional<Fields> gpio = d.object("gpio", true);
        gpio.ifPresent(g -> {
            Map<Long, String> used = new HashMap<>();
            for (String function : GPIO_FUNCTIONS) {
                // BCM numbering on a Raspberry Pi header: GPIO 0-27.
                g.integer(function, true, 0, 27).ifPresent(pin -> {
                    String other = used.putIfAbsent(pin, function);
                    if (other != null) {
                        g.error(function, "pin " + pin + " is already used by " + other);
                    } else {
                        pins.put(function, pin.intValue());
                    }
                });
            }
            g.rejectUnknown();
        });
        // The CSCA certificates and master lists Passive Authentication trusts (9303-12 §5); files or folders.
        Optional<List<String>> trust = d.strings("trust", true, NON_EMPTY, "paths of CSCA certificates or master"
                + " lists");
        List<Path> trustPaths = new ArrayList<>();
        trust.ifPresent(paths -> {
            if (paths.isEmpty()) {
                d.error("trust", "must name at least one CSCA certificate or master list: without one every"
                        + " document is UNDETERMINED");
            }
            for (String path : paths) {
                Path resolved = baseDir.resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    d.error("trust", "no file or folder " + resolved);
                }
                trustPaths.add(resolved);
            }
        });
        d.rejectUnknown();
        if (serial.isEmpty() || baud.isEmpty() || chipWait.isEmpty() || camera.isEmpty() || platform.isEmpty()
                || debounce.isEmpty() || pins.size() != GPIO_FUNCTIONS.size() || trust.isEmpty()
                || trustPaths.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateConfig.Devices(serial.get(), baud.get().intValue(), reader,
                Duration.ofMillis(chipWait.get()), camera.get(), platform.get(), pins,
                Duration.ofMillis(debounce.get()), trustPaths));
    }

    private static Optional<GateConfig.Simulation> simulation(Fields s) {
        Optional<Long> seed = s.integer("seed", true, Long.MIN_VALUE, Long.MAX_VALUE);
        Optional<Long> interval = s.integer("travellerIntervalMs", true, 0, 600_000);
        Optional<Long> mrz = s.integer("mrzDelayMs", true, 0, 60_000);
        Optional<Long> chip = s.integer("chipDelayMs", true, 0, 60_000);
        Optional<Long> face = s.integer("faceDelayMs", true, 0, 60_000);
        s.rejectUnknown();
        if (seed.isEmpty() || interval.isEmpty() || mrz.isEmpty() || chip.isEmpty() || face.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GateConfig.Simulation(seed.get(), Duration.ofMillis(interval.get()),
                Duration.ofMillis(mrz.get()), Duration.ofMillis(chip.get()), Duration.ofMillis(face.get())));
    }

    /** Validates a policy on its own (a policy file pushed by the operator); errors name {@code policy.*}. */
    public static GatePolicy parsePolicy(JsonObject json, String source) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Optional<GatePolicy> policy = policy(new Fields(json, "policy", errors));
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return policy.orElseThrow();
    }

    private static Optional<GatePolicy> policy(Fields p) {
        List<ConfigError> before = new ArrayList<>();
        Set<Check> mandatory = EnumSet.noneOf(Check.class);
        Optional<JsonArray> mandatoryList = p.array("mandatoryChecks", true);
        mandatoryList.ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                String itemPath = p.path("mandatoryChecks") + "[" + i + "]";
                p.parseEnum(itemPath, list.getValue(i), Check.class).ifPresent(check -> {
                    if (!mandatory.add(check)) {
                        p.error("mandatoryChecks", check + " is listed twice");
                    }
                });
            }
        });
        Optional<Double> face = p.decimal("faceThreshold", true, 0.0, 1.0);
        Optional<Double> pad = p.decimal("padThreshold", true, 0.0, 1.0);

        Optional<Fields> minors = p.object("minors", true);
        Optional<Long> underAge = minors.flatMap(m -> m.integer("underAge", true, 0, 21));
        Optional<Outcome> minorOutcome = minors.flatMap(m -> m.enumValue("outcome", true, Outcome.class));
        if (minorOutcome.filter(o -> o == Outcome.OPEN_EXIT).isPresent()) {
            minors.get().error("outcome", "must be REFER or REJECT: a minor never opens the exit on their own");
            minorOutcome = Optional.empty();
        }
        minors.ifPresent(Fields::rejectUnknown);

        Optional<List<String>> nationalities = p.strings("eligibleNationalities", true, NATIONALITY,
                "a three-letter ICAO code or '*'");
        if (nationalities.isPresent()) {
            List<String> list = nationalities.get();
            if (list.isEmpty()) {
                p.error("eligibleNationalities", "is empty, so nobody could use the gate; write ['*'] for everyone");
                nationalities = Optional.empty();
            } else if (list.contains("*") && list.size() > 1) {
                p.error("eligibleNationalities", "'*' already means every nationality; it cannot be combined with "
                        + list.stream().filter(n -> !n.equals("*")).toList());
                nationalities = Optional.empty();
            }
        }
        Optional<List<String>> documentTypes = p.strings("eligibleDocumentTypes", true, DOCUMENT_TYPE,
                "a one-letter document code such as 'P'");
        if (documentTypes.filter(List::isEmpty).isPresent()) {
            p.error("eligibleDocumentTypes", "is empty, so no document would be accepted");
            documentTypes = Optional.empty();
        }

        Map<Check, UndeterminedAction> undetermined = new EnumMap<>(Check.class);
        Optional<Fields> und = p.object("undetermined", true);
        und.ifPresent(u -> {
            for (Check check : Check.values()) {
                u.enumValue(check.name(), true, UndeterminedAction.class).ifPresent(action -> {
                    if (action == UndeterminedAction.ACCEPT && mandatory.contains(check)) {
                        u.error(check.name(), "cannot be ACCEPT: " + check + " is a mandatory check");
                    } else {
                        undetermined.put(check, action);
                    }
                });
            }
            u.rejectUnknown();
        });

        Set<ReasonCode> rejecting = EnumSet.noneOf(ReasonCode.class);
        Optional<JsonArray> reject = p.array("reject", true);
        reject.ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                p.parseEnum(p.path("reject") + "[" + i + "]", list.getValue(i), ReasonCode.class)
                        .ifPresent(rejecting::add);
            }
        });
        p.rejectUnknown();

        if (mandatoryList.isEmpty() || face.isEmpty() || pad.isEmpty() || underAge.isEmpty()
                || minorOutcome.isEmpty() || nationalities.isEmpty() || documentTypes.isEmpty()
                || undetermined.size() != Check.values().length || reject.isEmpty()) {
            return Optional.empty();
        }
        List<String> nats = nationalities.get().contains("*") ? List.of() : nationalities.get();
        return Optional.of(new GatePolicy(mandatory, face.get(), pad.get(), underAge.get().intValue(),
                minorOutcome.get(), Set.copyOf(nats), Set.copyOf(documentTypes.get()), undetermined, rejecting));
    }
}
