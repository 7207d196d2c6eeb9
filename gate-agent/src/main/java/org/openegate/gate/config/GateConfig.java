package org.openegate.gate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.flow.GateStateMachine;

/**
 * The gate's whole configuration, validated at start by {@link ConfigLoader} and immutable after (records of
 * immutable values: there is nothing to change later, so nothing to seal twice).
 *
 * @param gateId     this gate's id in topics and journals ({@code [a-z0-9-]{1,32}})
 * @param site       the border crossing point it belongs to
 * @param simulation run on simulated drivers (emulated chips, scripted MRZ, image camera, GPIO mock)
 * @param dataDir    where the journal, outbox and data key live
 * @param retention  how long journal records are kept before purge
 * @param http       where the health and metrics endpoints listen
 * @param timeouts   the longest each transaction step may take
 * @param mqttBroker the broker crossing records go to; empty keeps them queued in the outbox
 * @param devices    the real drivers' settings; empty in simulation
 * @param sim        the simulation's settings; empty on real hardware
 * @param policy     the validated decision policy
 * @param console    the officer console supervising this gate, if any
 * @param bundles    signed bundles from the operator (configuration, policy, trust list, watchlist), if enabled
 */
public record GateConfig(
        String gateId,
        String site,
        boolean simulation,
        Path dataDir,
        Duration retention,
        Http http,
        Timeouts timeouts,
        Optional<String> mqttBroker,
        Optional<Devices> devices,
        Optional<Simulation> sim,
        GatePolicy policy,
        Optional<Console> console,
        Optional<Provisioning> provisioning,
        Optional<Bundles> bundles) {

    /**
     * Enrolment by claim and the device identity (gate-agent/docs/enrolment-on-gate.md, issue #10). The gate's id is
     * its serial (the CN of its certificate, its user on the broker) and its site the certificate's OU: the broker's
     * ACL gives a device exactly {@code egate/v1/<site>/<id>/#}, so they cannot differ. The broker is {@code
     * mqtt.broker} ({@code ssl://}). Paths only: the token and the passphrase are read from their files when used,
     * never held here, never logged.
     *
     * @param claimCertificate  the factory-installed claim certificate (PEM, {@code CN=claim-<id>})
     * @param claimKey          its key (unencrypted PKCS#8 PEM, 0600)
     * @param fleetCa           the fleet CA certificate: the pin for the broker and every certificate received
     * @param tokenFile         a one-time enrolment token ({@code egt_...}); read once, deleted once used; absent:
     *                          the gate waits on the allow-list ({@code egate fleet approve})
     * @param hardware          the hardware model sent with the enrolment request
     * @param keyPassphraseFile the secret the device key is encrypted under (made, 0600, if missing)
     * @param approvalRetry     first wait after a PENDING answer or an unreachable registrar; doubles per attempt
     * @param approvalRetryMax  the longest such wait
     * @param rotationCheck     how often the running gate asks {@code RotationPolicy} whether to renew
     * @param rotationFraction  the share of a certificate's lifetime after which it is renewed
     * @param requestTimeout    how long one request to the registrar may take
     * @param runtimeDir        RAM file system where the decrypted TLS key for the MQTT connection lives while the
     *                          gate runs (mqtt-bridge reads its client key from a PEM file)
     */
    public record Provisioning(Path claimCertificate, Path claimKey, Path fleetCa, Optional<Path> tokenFile,
            String hardware, Path keyPassphraseFile, Duration approvalRetry, Duration approvalRetryMax,
            Duration rotationCheck, double rotationFraction, Duration requestTimeout, Path runtimeDir) {
    }

    /**
     * Signed bundles (gate-agent/docs/bundles-on-gate.md): the gate installs configuration, policy, trust lists
     * and watchlists signed by the operator and keeps them under {@code dataDir/bundles}.
     *
     * @param anchors                    PEM certificates a bundle's signer must be or chain to (the fleet CA)
     * @param operators                  PEM operator certificates whose keys sign the commands carrying bundles
     * @param maxTrustListAgeWorkingDays the trust list is stale (an alarm) past this many working days
     *                                   (TR-03135: 3)
     * @param configDir                  the folder of the configuration file: a pushed configuration resolves its
     *                                   relative paths against it, as the file it replaces did
     */
    public record Bundles(List<Path> anchors, List<Path> operators, int maxTrustListAgeWorkingDays, Path configDir) {
        public Bundles {
            anchors = List.copyOf(anchors);
            operators = List.copyOf(operators);
        }
    }

    /**
     * The officer console that supervises this gate over MQTT (gate-agent/docs/web.md): referral cases are sealed
     * for its E2E public key, and officer decisions are obeyed only when signed by its command key. Both files
     * hold a PEM public key (SubjectPublicKeyInfo, EC P-256), exported from the console's own key pair.
     */
    public record Console(String e2eKid, Path e2ePublicKey, String commandKid, Path commandPublicKey) {
    }

    /** The health and metrics HTTP endpoint. Port 0 picks a free port (tests). */
    public record Http(String host, int port) {
    }

    /** Per-step timeouts of the transaction state machine. */
    public record Timeouts(Duration document, Duration chip, Duration face, Duration deciding,
            Duration exitPassage, Duration rejectedReturn) {

        /** The same, keyed by the state each bounds, as {@link GateStateMachine} takes them. */
        public Map<GateState, Duration> byState() {
            Map<GateState, Duration> map = new EnumMap<>(GateState.class);
            map.put(GateState.DOCUMENT, document);
            map.put(GateState.CHIP, chip);
            map.put(GateState.FACE, face);
            map.put(GateState.DECIDING, deciding);
            map.put(GateState.EXIT_OPEN, exitPassage);
            map.put(GateState.REJECTED, rejectedReturn);
            return map;
        }

        /** One minute for every step: the demo and the harness, which drive the sensors themselves. */
        public static Timeouts generous() {
            Duration minute = Duration.ofMinutes(1);
            return new Timeouts(minute, minute, minute, minute, minute, minute);
        }
    }

    /**
     * Real drivers.
     *
     * @param mrzSerialPort the document reader's serial device, e.g. {@code /dev/ttyUSB0}
     * @param mrzBaud       its speed (8N1)
     * @param chipReader    PC/SC reader name; empty takes the first reader with a card
     * @param chipWait      how long the chip step waits for a card on the reader
     * @param camera        the face camera
     * @param gpioPlatform  how the pins are driven
     * @param gpio          BCM pin numbers by function: entryDoor, exitDoor, red, amber, green, entryBeam,
     *                      insideBeam, exitBeam, tailgate, emergency
     * @param gpioDebounce  how long an input must hold a level before it counts
     * @param trust         CSCA certificates and master lists (files or folders) Passive Authentication trusts
     */
    public record Devices(String mrzSerialPort, int mrzBaud, Optional<String> chipReader, Duration chipWait,
            CameraSource camera, GpioPlatform gpioPlatform, Map<String, Integer> gpio, Duration gpioDebounce,
            List<Path> trust) {
        public Devices {
            gpio = Map.copyOf(gpio);
            trust = List.copyOf(trust);
        }
    }

    /**
     * The face camera: a V4L2 index, or a video file or stream URL (a test rig plays a recorded traveller).
     *
     * @param index the camera index, or -1 when {@code video} is given
     * @param video the file path or URL
     */
    public record CameraSource(int index, Optional<String> video) {
    }

    /** How the gate's pins are driven. */
    public enum GpioPlatform {
        /** The board's GPIO character device through libgpiod (Raspberry Pi and other Linux boards). */
        GPIOD,
        /** Pi4J's mock platform: no hardware; a test rig sets the inputs (beams, tailgate, emergency). */
        MOCK
    }

    /**
     * The simulated gate.
     *
     * @param seed               the traveller scenario's seed
     * @param travellerInterval  pause between one traveller leaving and the next arriving
     * @param mrzDelay           modelled hardware time of the MRZ read (zero in the harness)
     * @param chipDelay          modelled hardware time added to the chip read
     * @param faceDelay          modelled hardware time of the camera capture
     */
    public record Simulation(long seed, Duration travellerInterval, Duration mrzDelay, Duration chipDelay,
            Duration faceDelay) {
    }

    /** No paths to personal data, no keys: safe to log. */
    @Override
    public String toString() {
        return "GateConfig[" + gateId + "@" + site + (simulation ? ", simulation" : "") + ", data " + dataDir + "]";
    }
}
