package org.openegate.gate.bundles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.risk.documents.DocumentDeltaBuilder;
import org.openegate.gate.risk.documents.DocumentSnapshotBuilder;
import org.openegate.provisioning.bundle.BundleSigner;
import org.openegate.provisioning.enrol.Fleet;

/** A fleet (real operator key and CA, as {@code egate fleet init} makes them) and gate configurations using it. */
final class BundleRig {

    static final String PASSPHRASE = "bundle rig passphrase";
    static final String GATE = "gate-01";
    static final String SITE = "demo-site";

    /** The bundles section {@link #yaml} appends. */
    static final String BUNDLES = "bundles:\n  anchors: [fleet/fleet-ca.pem]\n  operators: [fleet/operator.pem]\n";

    final Path dir;
    final Fleet fleet;
    final BundleSigner operator;

    BundleRig(Path dir, Clock clock) throws Exception {
        this.dir = dir;
        SecureRandom random = new SecureRandom();
        this.fleet = Fleet.init(dir.resolve("fleet"), "bundle rig", List.of("127.0.0.1"), PASSPHRASE.toCharArray(),
                clock, random);
        this.operator = new BundleSigner(fleet.operatorKey(), fleet.operatorCertificate(), clock, random);
        Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n");
    }

    /** The example configuration, simulated, fast, with a bundles section trusting this fleet. */
    String yaml(String broker) throws IOException {
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0").replace("chipDelayMs: 800", "chipDelayMs: 0")
                .replace("faceDelayMs: 400", "faceDelayMs: 0")
                .replace("travellerIntervalMs: 1000", "travellerIntervalMs: 20");
        yaml += BUNDLES;
        if (broker != null) {
            yaml += "mqtt:\n  broker: " + broker + "\n";
        }
        return yaml;
    }

    GateConfig config(String yaml) throws Exception {
        return ConfigLoader.parseYaml(yaml.getBytes(StandardCharsets.UTF_8), dir, "test configuration");
    }

    byte[] sign(org.openegate.provisioning.bundle.BundleType type, long version, byte[] content) {
        return operator.sign(type, version, GATE, content);
    }

    static byte[] snapshot(long listVersion, List<String> documentNumbers) throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder();
        for (String n : documentNumbers) {
            builder.add("UTO", "P", n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(listVersion, out);
        return out.toByteArray();
    }

    static byte[] delta(long from, long to, List<String> removed, List<String> added) throws IOException {
        DocumentDeltaBuilder builder = new DocumentDeltaBuilder(from, to);
        for (String n : removed) {
            builder.remove("UTO", "P", n);
        }
        for (String n : added) {
            builder.add("UTO", "P", n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(out);
        return out.toByteArray();
    }

    static byte[] rules(String id, String when) {
        return ("{\"format\": \"openegate.risk-profiles.v1\", \"rules\": [{\"id\": \"" + id + "\", \"reason\": \"profile "
                + id + "\", \"action\": \"REFER\", \"when\": {" + when + "}}]}").getBytes(StandardCharsets.UTF_8);
    }
}
