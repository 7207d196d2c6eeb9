package org.openegate.gate.bundles;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openegate.gate.config.ConfigException;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.web.ConsoleKeys;
import org.openegate.provisioning.bundle.BundleValidator;

/**
 * The CONFIG bundle on the gate: the whole gate YAML, validated exactly as {@code egate run} validates its file
 * ({@link ConfigLoader#parseYaml}: every bad field named by its dotted path, the whole bundle refused), plus what a
 * pushed configuration may not change.
 *
 * <p>What may not change, and why: {@code gate.id}, {@code gate.site} and {@code dataDir} are the gate's identity
 * and where its journal, outbox and bundle store live (a bundle that moved them would orphan the store that holds
 * it); {@code bundles.anchors} and {@code bundles.operators} are the trust roots that decide which bundles count,
 * and a bundle must not be able to replace the keys that check it (rotating them is enrolment's job). Everything
 * else (policy, timeouts, devices, MQTT, console, the trust-list age limit) may change.
 *
 * <p>Applied at the next start, not live: see {@code gate-agent/docs/bundles-on-gate.md} and {@link GateBundles}.
 */
final class ConfigBundles implements BundleValidator {

    private final GateConfig running;

    /** @param running the configuration the gate started with; pushed ones are checked against it */
    ConfigBundles(GateConfig running) {
        this.running = Objects.requireNonNull(running, "running");
    }

    @Override
    public void validate(byte[] content) throws InvalidContentException {
        parse(content, "config bundle");
    }

    /**
     * The configuration in {@code content}, fully validated.
     *
     * @throws InvalidContentException naming every bad field
     */
    GateConfig parse(byte[] content, String source) throws InvalidContentException {
        GateConfig.Bundles bundles = running.bundles().orElseThrow();
        GateConfig next;
        try {
            next = ConfigLoader.parseYaml(content, bundles.configDir(), source);
        } catch (ConfigException e) {
            throw new InvalidContentException(e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        if (!next.gateId().equals(running.gateId())) {
            problems.add("gate.id: is '" + next.gateId() + "', this gate is '" + running.gateId()
                    + "'; a pushed configuration cannot rename the gate");
        }
        if (!next.site().equals(running.site())) {
            problems.add("gate.site: is '" + next.site() + "', this gate is at '" + running.site()
                    + "'; a pushed configuration cannot move the gate");
        }
        if (!next.dataDir().equals(running.dataDir())) {
            problems.add("dataDir: is " + next.dataDir() + ", the gate's data (and this bundle) are in "
                    + running.dataDir());
        }
        if (next.bundles().isEmpty()) {
            problems.add("bundles: is missing; a pushed configuration cannot turn bundles off");
        } else {
            GateConfig.Bundles pushed = next.bundles().get();
            if (!pushed.anchors().equals(bundles.anchors())) {
                problems.add("bundles.anchors: differs from " + bundles.anchors()
                        + "; the keys that check bundles cannot be replaced by a bundle");
            }
            if (!pushed.operators().equals(bundles.operators())) {
                problems.add("bundles.operators: differs from " + bundles.operators()
                        + "; the keys that sign bundle commands cannot be replaced by a bundle");
            }
        }
        if (next.console().isPresent()) {
            try {
                ConsoleKeys.load(next.console().get());
            } catch (IllegalStateException e) {
                problems.add(e.getMessage()); // names the field and the file, never a key
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidContentException(source + " rejected, " + problems.size()
                    + (problems.size() == 1 ? " error: " : " errors: ") + String.join("; ", problems));
        }
        return next;
    }

    // apply: nothing live. The store keeps the bundle active; GateBundles.configToRun reads it at the next start.
}
