package org.openegate.gate.flow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.openegate.biometrics.FaceAnalysis;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.FaceException;
import org.openegate.biometrics.FaceImage;
import org.openegate.biometrics.FaceRecords;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthenticity;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.lds.BiometricDataBlock;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.Dg2;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzException;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.decision.Check;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.journal.CrossingRecord;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.risk.RiskChecks;
import org.openegate.gate.risk.names.DateOfBirth;
import org.openegate.gate.risk.names.NameMatch;
import org.openegate.gate.risk.names.NameScreeningException;
import org.openegate.gate.risk.names.PersonWatchlist;
import org.openegate.gate.risk.names.ScreeningQuery;
import org.openegate.gate.risk.names.Sex;
import org.openegate.gate.risk.names.ScreeningResult;
import org.openegate.gate.risk.rules.RuleHit;
import org.openegate.gate.risk.rules.TravellerAttributes;

/**
 * One traveller through the gate, in the order of BSI TR-03135: read the MRZ, open the chip with the key it
 * gives, verify the chip data (Passive Authentication), compare the live face with the chip portrait, run the
 * risk checks, decide.
 *
 * <p>Every step runs its real check on the bytes it was given and reports a TR-03135 status with a reason; none
 * is skipped silently. A step that cannot run because an earlier one failed reports ABORTED, and the finding of
 * the earlier step carries the decision. The gate never opens on doubt.
 *
 * <p>Thresholds, minors, eligibility and what an UNDETERMINED result does come from the {@link GatePolicy}; the
 * face engine's own threshold is not used for the decision (the score is held against the policy's).
 *
 * <p>Not thread-safe: a gate processes one traveller at a time.
 */
public final class CrossingPipeline {

    private final String gateId;
    private final Supplier<Screening> screening;
    private final FaceEngines faces;
    private final DecisionPolicy policy;
    private final GatePolicy rules;
    private final Clock clock;
    private final SecureRandom random;
    private final JsonObject versions;

    /**
     * One engine for both images, analysed one after the other (tests and tools that hold an engine already).
     *
     * @see #CrossingPipeline(String, String, TrustStore, FaceEngines, DocumentWatchlist, DecisionPolicy, Clock,
     *      SecureRandom)
     */
    public CrossingPipeline(String gateId, String deviceKeyId, TrustStore trustStore, FaceEngine faceEngine,
            DocumentWatchlist watchlist, DecisionPolicy policy, Clock clock, SecureRandom random) {
        this(gateId, deviceKeyId, trustStore, FaceEngines.sharing(faceEngine), watchlist, policy, clock, random);
    }

    /**
     * The gate's pipeline: the chip portrait is analysed on its own engine and thread as soon as DG2 is read,
     * while Passive Authentication runs and the live capture is analysed (see {@link FaceEngines}).
     *
     * @param deviceKeyId the id of the gate's own key (provisioning), journalled with every record so central
     *                    systems know which device made it
     */
    public CrossingPipeline(String gateId, String deviceKeyId, TrustStore trustStore, FaceEngines faces,
            DocumentWatchlist watchlist, DecisionPolicy policy, Clock clock, SecureRandom random) {
        this(gateId, deviceKeyId, trustStore, faces, RiskChecks.documentsOnly(watchlist), policy, clock, random);
    }

    /** As above, screening against documents, persons and risk profiles ({@link RiskChecks}). */
    public CrossingPipeline(String gateId, String deviceKeyId, TrustStore trustStore, FaceEngines faces,
            RiskChecks risk, DecisionPolicy policy, Clock clock, SecureRandom random) {
        this(gateId, deviceKeyId, fixed(new Screening(trustStore, risk)), faces, policy, clock, random);
    }

    /**
     * What one crossing is checked against: the trust store for Passive Authentication and the risk checks. A
     * running gate replaces it when a signed bundle is applied (gate-agent/docs/bundles-on-gate.md).
     */
    public record Screening(TrustStore trust, RiskChecks risk) {
        public Screening {
            java.util.Objects.requireNonNull(trust, "trust");
            java.util.Objects.requireNonNull(risk, "risk");
        }
    }

    private static Supplier<Screening> fixed(Screening screening) {
        return () -> screening;
    }

    /**
     * A pipeline whose trust store and risk checks may be swapped while the gate runs: {@code screening} is read
     * once as each crossing starts, so a trust list or watchlist applied meanwhile counts from the next traveller,
     * never half-way through one.
     */
    public CrossingPipeline(String gateId, String deviceKeyId, Supplier<Screening> screening, FaceEngines faces,
            DecisionPolicy policy, Clock clock, SecureRandom random) {
        this.gateId = gateId;
        this.screening = java.util.Objects.requireNonNull(screening, "screening");
        this.faces = faces;
        this.policy = policy;
        this.rules = policy.policy();
        this.clock = clock;
        this.random = random;
        String version = CrossingPipeline.class.getPackage().getImplementationVersion();
        // TR-03135 §6: the component versions and the thresholds in force go with every record.
        this.versions = new JsonObject()
                .put("gateAgent", version == null ? "development" : version)
                .put("crypto", versionOf(PassiveAuthenticator.class))
                .put("biometrics", versionOf(FaceEngine.class))
                .put("deviceKey", deviceKeyId)
                .put("faceThreshold", rules.faceThreshold())
                .put("padThreshold", rules.padThreshold());
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** Told when a step of the transaction has finished, so the state machine can move on and time the next. */
    public interface StepListener {
        StepListener NONE = step -> { };

        /** {@code finished} is DOCUMENT (MRZ read), CHIP (chip read and verified) or FACE (face compared). */
        void stepDone(GateState finished);
    }

    /** The result of one crossing: the record to journal and publish, and the step timings. */
    public record Crossing(CrossingRecord record, Decision decision, JsonObject timingsMs, Evidence evidence) {
    }

    /**
     * The images an officer needs to resolve a referral: the live capture and the chip portrait as read (either
     * may be absent). Personal data: never journalled or logged; only the officer-console link reads it, and
     * seals it for the console before it leaves the gate.
     */
    public record Evidence(Optional<byte[]> liveCapture, Optional<byte[]> chipPortrait) {
        static final Evidence NONE = new Evidence(Optional.empty(), Optional.empty());

        @Override
        public String toString() {
            return "Evidence[liveCapture=" + liveCapture.map(b -> b.length + " bytes").orElse("none")
                    + ", chipPortrait=" + chipPortrait.map(b -> b.length + " bytes").orElse("none") + ", redacted]";
        }
    }

    /** One crossing outside a gate state machine: a fresh transaction id, no step reports, no gate findings. */
    public Crossing process(MrzReader mrzReader, ChipConnector chipConnector, Camera camera) {
        return process(UUID.randomUUID().toString(), mrzReader, chipConnector, camera, StepListener.NONE, List::of);
    }

    /**
     * One crossing.
     *
     * @param gateFindings asked just before the decision: what the gate itself found meanwhile (tailgating)
     */
    public Crossing process(String transactionId, MrzReader mrzReader, ChipConnector chipConnector, Camera camera,
            StepListener steps, Supplier<List<ReasonCode>> gateFindings) {
        Instant started = clock.instant();
        Screening against = screening.get(); // once: the whole crossing sees one trust list and one watchlist
        StepTimer timer = new StepTimer();
        List<ReasonCode> findings = new ArrayList<>();
        JsonObject checks = new JsonObject();
        JsonObject personal = new JsonObject();
        JsonObject statistics = new JsonObject();

        // 1. MRZ: the optical read gives the chip access key and the data to cross-check against DG1.
        Optional<Mrz> mrz = readMrz(mrzReader, checks, findings);
        timer.lap("mrz");
        mrz.ifPresent(m -> describe(m, personal, statistics));
        mrz.ifPresent(m -> eligibility(m, checks, findings));
        steps.stepDone(GateState.DOCUMENT);

        // 2. Chip: BAC with the MRZ key, then COM, SOD, DG1, DG2 as APDUs under secure messaging.
        Optional<ChipReadResult> chip = mrz.flatMap(m -> readChip(m, chipConnector, checks, findings));
        if (mrz.isEmpty()) {
            // No MRZ, no access key (9303-11 §4.3): the chip step could not run; the MRZ finding decides.
            checks.put("chipAccess", CheckResult.of(CheckStatus.ABORTED, "NO_MRZ").toJson());
        }
        // The portrait does not depend on the live frame: its analysis starts now, on the portrait engine's
        // thread, and overlaps Passive Authentication, the capture and the probe's analysis. Its hash is checked
        // by PA like every data group; a failed PA refers or rejects whatever the face says.
        Optional<Portrait> portrait = chip.map(this::startPortrait);
        timer.lap("chip");

        // 3. Passive Authentication: SOD signature, DS to CSCA chain, every data group hash.
        chip.ifPresentOrElse(c -> passiveAuthentication(against.trust(), c, mrz.get(), checks, findings),
                () -> checks.put("passiveAuthentication", CheckResult.of(CheckStatus.ABORTED, "NO_CHIP_DATA").toJson()));
        timer.lap("passiveAuth");
        steps.stepDone(GateState.CHIP);

        // 4. Face: the live frame against the DG2 portrait.
        Evidence[] evidence = {Evidence.NONE};
        portrait.ifPresentOrElse(p -> evidence[0] = compareFace(p, camera, checks, findings),
                () -> checks.put("face", CheckResult.of(CheckStatus.ABORTED, "NO_CHIP_PORTRAIT").toJson()));
        timer.lap("face");
        steps.stepDone(GateState.FACE);

        // 5. Risk: expiry and the lost-and-stolen list.
        mrz.ifPresent(m -> riskChecks(against.risk(), m, checks, findings));
        timer.lap("risk");

        List<ReasonCode> fromGate = gateFindings.get();
        findings.addAll(fromGate);
        if (!fromGate.isEmpty()) {
            checks.put("gate", CheckResult.of(CheckStatus.FAILED, fromGate.get(0).name()).toJson());
        }
        Decision decision = policy.decide(findings);
        timer.lap("decide");

        CrossingRecord record = new CrossingRecord(transactionId, gateId, started, clock.instant(), decision,
                checks, timer.millis(), versions, personal, statistics);
        return new Crossing(record, decision, timer.millis(), evidence[0]);
    }

    private Optional<Mrz> readMrz(MrzReader reader, JsonObject checks, List<ReasonCode> findings) {
        try {
            Mrz mrz = Mrz.parse(reader.readLines());
            if (!mrz.valid()) {
                findings.add(ReasonCode.MRZ_CHECK_DIGIT);
                checks.put("mrz", CheckResult.of(CheckStatus.FAILED, "CHECK_DIGIT").toJson());
            } else {
                checks.put("mrz", CheckResult.of(CheckStatus.PASSED, "OK").toJson());
            }
            return Optional.of(mrz);
        } catch (MrzException e) {
            findings.add(ReasonCode.MRZ_UNREADABLE);
            checks.put("mrz", CheckResult.of(CheckStatus.FAILED, e.reason().name()).toJson());
        } catch (DeviceException e) {
            findings.add(ReasonCode.MRZ_UNREADABLE);
            checks.put("mrz", CheckResult.of(CheckStatus.ABORTED, e.reason().name()).toJson());
        }
        return Optional.empty();
    }

    private Optional<ChipReadResult> readChip(Mrz mrz, ChipConnector connector, JsonObject checks,
            List<ReasonCode> findings) {
        try {
            ApduChannel channel = connector.connect();
            ChipReadResult result = new ChipReader(channel, clock, random).read(BacKey.fromMrzInformation(
                    mrz.mrzInformation()));
            checks.put("chipAccess", CheckResult.of(CheckStatus.PASSED, result.accessMethod().name()).toJson()
                    .put("apdus", result.stats().apdus()).put("bytesRead", result.stats().bytesReceived()));
            return Optional.of(result);
        } catch (ChipException e) {
            findings.add(ReasonCode.CHIP_UNREADABLE);
            checks.put("chipAccess", CheckResult.of(CheckStatus.ABORTED, e.reason().name()).toJson());
        } catch (DeviceException e) {
            findings.add(ReasonCode.CHIP_UNREADABLE);
            checks.put("chipAccess", CheckResult.of(CheckStatus.ABORTED, e.reason().name()).toJson());
        }
        return Optional.empty();
    }

    private void passiveAuthentication(TrustStore trust, ChipReadResult chip, Mrz mrz, JsonObject checks,
            List<ReasonCode> findings) {
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(chip.file(LdsFile.SOD.fileId()), chip.dataGroups(),
                clock.instant());
        JsonObject groups = new JsonObject();
        result.dataGroups().forEach((number, check) -> groups.put(String.valueOf(number), check.status().name()));
        JsonObject json = CheckResult.of(result.result(), result.reason().name()).toJson()
                .put("signature", result.signature().status().name())
                .put("chain", result.chain().status().name())
                .put("revocation", result.revocation().status().name())
                .put("dataGroups", groups);
        checks.put("passiveAuthentication", json);
        if (result.result() == CheckStatus.FAILED) {
            findings.add(ReasonCode.PASSIVE_AUTH_FAILED);
        } else if (result.result() != CheckStatus.PASSED) {
            findings.addAll(policy.onUndetermined(Check.PASSIVE_AUTHENTICATION));
        }
        // TR-03135: CA or AA proves the chip is not a copy, but only with DG14/DG15 keys whose hashes passed PA.
        // A chip without them is NOT_SUPPORTED: accepted unless the policy makes the check mandatory. A failed
        // proof is a suspected clone.
        ChipAuthenticity authenticity = ChipAuthenticity.assess(chip, result);
        checks.put("chipAuthenticity", CheckResult.of(authenticity.status(), authenticity.reason().name()).toJson()
                .put("method", authenticity.method().name()));
        if (authenticity.status() == CheckStatus.FAILED) {
            findings.add(ReasonCode.CHIP_AUTHENTICATION_FAILED);
        } else if (authenticity.status() == CheckStatus.UNDETERMINED
                || authenticity.status() == CheckStatus.ABORTED
                || (authenticity.status() == CheckStatus.NOT_SUPPORTED && rules.mandatory(Check.CHIP_AUTHENTICITY))) {
            findings.addAll(policy.onUndetermined(Check.CHIP_AUTHENTICITY));
        }
        // TR-03135: the MRZ read optically must be the one the chip holds.
        try {
            Dg1 dg1 = Dg1.parse(chip.file(LdsFile.DG1.fileId()));
            boolean same = String.join("", dg1.lines()).equals(String.join("", mrz.lines()));
            checks.put("mrzMatchesChip", CheckResult.of(same ? CheckStatus.PASSED : CheckStatus.FAILED,
                    same ? "OK" : "DG1_DIFFERS_FROM_PRINTED_MRZ").toJson());
            if (!same) {
                findings.add(ReasonCode.PASSIVE_AUTH_FAILED);
            }
        } catch (LdsException e) {
            checks.put("mrzMatchesChip", CheckResult.of(CheckStatus.FAILED, e.reason().name()).toJson());
            findings.add(ReasonCode.PASSIVE_AUTH_FAILED);
        }
    }

    /** The chip portrait: unreadable (with why), or its image and its analysis under way. */
    private record Portrait(Optional<String> unreadable, byte[] image, Future<FaceAnalysis> analysis) {
    }

    private Portrait startPortrait(ChipReadResult chip) {
        byte[] image;
        try {
            image = portrait(chip.file(LdsFile.DG2.fileId()));
        } catch (LdsException | FaceException e) {
            return new Portrait(Optional.of("PORTRAIT_UNREADABLE"), null, null);
        }
        return new Portrait(Optional.empty(), image, faces.analysePortrait(image));
    }

    private Evidence compareFace(Portrait portrait, Camera camera, JsonObject checks, List<ReasonCode> findings) {
        if (portrait.unreadable().isPresent()) {
            findings.add(ReasonCode.FACE_NOT_FOUND);
            checks.put("face", CheckResult.of(CheckStatus.FAILED, portrait.unreadable().get()).toJson());
            return Evidence.NONE;
        }
        byte[] capture = null;
        try {
            // The probe first, so when both images fail the live capture's reason is the one reported.
            capture = camera.capture();
            FaceAnalysis probe = faces.live().analyse(capture);
            FaceAnalysis reference = FaceEngines.await(portrait.analysis());
            double score = probe.template().similarity(reference.template());
            boolean match = score >= rules.faceThreshold();
            checks.put("face", new CheckResult(match ? CheckStatus.PASSED : CheckStatus.FAILED,
                    match ? "MATCH" : "MISMATCH", score, rules.faceThreshold()).toJson());
            if (!match) {
                findings.add(ReasonCode.FACE_MISMATCH);
            }
            // Presentation-attack detection on the live capture (ISO/IEC 30107): a printed photo or a screen held
            // up to the camera scores low on liveness even when the face matches.
            double liveness = probe.liveness();
            boolean live = liveness >= rules.padThreshold();
            checks.put("presentationAttack", new CheckResult(live ? CheckStatus.PASSED : CheckStatus.FAILED,
                    live ? "LIVE" : "ATTACK_SUSPECTED", liveness, rules.padThreshold()).toJson());
            if (!live) {
                findings.add(ReasonCode.PRESENTATION_ATTACK);
            }
        } catch (FaceException e) {
            // No usable face: the comparison could not decide; the policy says what that does.
            findings.addAll(policy.onUndetermined(Check.FACE));
            checks.put("face", CheckResult.of(CheckStatus.UNDETERMINED, e.reason().name()).toJson());
            checks.put("presentationAttack", CheckResult.of(CheckStatus.ABORTED, "NO_FACE").toJson());
        } catch (DeviceException e) {
            findings.add(ReasonCode.FACE_NOT_FOUND);
            checks.put("face", CheckResult.of(CheckStatus.ABORTED, e.reason().name()).toJson());
            checks.put("presentationAttack", CheckResult.of(CheckStatus.ABORTED, "NO_CAPTURE").toJson());
        }
        return new Evidence(Optional.ofNullable(capture), Optional.of(portrait.image()));
    }

    /** Who may use the gate at all: document type and nationality (policy), and minors. */
    private void eligibility(Mrz mrz, JsonObject checks, List<ReasonCode> findings) {
        String type = mrz.documentCode().isEmpty() ? "" : mrz.documentCode().substring(0, 1);
        boolean eligible = rules.eligibleDocumentTypes().contains(type) && rules.eligibleNationality(mrz.nationality());
        checks.put("eligibility", CheckResult.of(eligible ? CheckStatus.PASSED : CheckStatus.FAILED,
                eligible ? "ELIGIBLE" : "NOT_ELIGIBLE").toJson());
        if (!eligible) {
            findings.add(ReasonCode.NOT_ELIGIBLE);
        }
        if (rules.minorUnderAge() > 0) {
            try {
                int age = Period.between(mrz.resolvedDateOfBirth(clock), LocalDate.now(clock)).getYears();
                boolean minor = age < rules.minorUnderAge();
                checks.put("age", CheckResult.of(minor ? CheckStatus.FAILED : CheckStatus.PASSED,
                        minor ? "MINOR" : "ADULT").toJson());
                if (minor) {
                    findings.add(ReasonCode.MINOR);
                }
            } catch (MrzException e) {
                // An unreadable birth date cannot prove adulthood: treat the traveller as a possible minor.
                checks.put("age", CheckResult.of(CheckStatus.UNDETERMINED, e.reason().name()).toJson());
                findings.add(ReasonCode.MINOR);
            }
        }
    }

    /**
     * The first face image of DG2: LDS unwrapping in crypto, the face record itself (ISO/IEC 19794-5 or 39794-5,
     * told apart by its leading bytes) in biometrics.
     */
    static byte[] portrait(byte[] dg2) {
        for (BiometricDataBlock block : Dg2.parse(dg2).blocks()) {
            List<FaceImage> images = FaceRecords.parse(block.data());
            if (!images.isEmpty()) {
                return images.get(0).image();
            }
        }
        throw new FaceException(FaceException.Reason.MALFORMED_FACE_RECORD, "DG2 holds no face image");
    }

    private void riskChecks(RiskChecks risk, Mrz mrz, JsonObject checks, List<ReasonCode> findings) {
        LocalDate today = LocalDate.now(clock);
        try {
            boolean expired = mrz.resolvedDateOfExpiry(clock).isBefore(today);
            checks.put("documentValidity", CheckResult.of(expired ? CheckStatus.FAILED : CheckStatus.PASSED,
                    expired ? "EXPIRED" : "VALID").toJson());
            if (expired) {
                findings.add(ReasonCode.DOCUMENT_EXPIRED);
            }
        } catch (MrzException e) {
            checks.put("documentValidity", CheckResult.of(CheckStatus.UNDETERMINED, e.reason().name()).toJson());
            findings.add(ReasonCode.MRZ_UNREADABLE);
        }
        boolean listed = risk.documents().isListed(mrz.issuingState(), mrz.documentCode(), mrz.documentNumber());
        checks.put("documentWatchlist", CheckResult.of(listed ? CheckStatus.FAILED : CheckStatus.PASSED,
                listed ? "HIT" : "NO_HIT").toJson());
        if (listed) {
            findings.add(ReasonCode.WATCHLIST_DOCUMENT);
        }
        risk.persons().ifPresent(persons -> screenPerson(persons, mrz, checks, findings));
        List<RuleHit> hits = risk.profiles().evaluate(TravellerAttributes.of(mrz, Optional.empty(), Optional.empty(),
                clock));
        JsonObject profiles = CheckResult.of(hits.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED,
                hits.isEmpty() ? "NO_HIT" : "HIT").toJson();
        if (!hits.isEmpty()) {
            // Rule ids and their reasons, written by the policy unit: what the officer is told, no traveller data.
            profiles.put("rules", new JsonArray(hits.stream()
                    .map(h -> new JsonObject().put("ruleId", h.ruleId()).put("reason", h.reason())).toList()));
            findings.add(ReasonCode.RISK_PROFILE);
        }
        checks.put("riskProfiles", profiles);
    }

    /**
     * The traveller's MRZ name, birth date and nationality against the person watchlist. The check records the
     * best score against the alert threshold and why it matched ("surname: transliteration variant", "date of
     * birth: year ±1") so the officer can judge the hit; the listed person's id stays on the gate's side of the
     * explanation, never the traveller's name.
     */
    private void screenPerson(PersonWatchlist persons, Mrz mrz, JsonObject checks, List<ReasonCode> findings) {
        try {
            ScreeningResult result = persons.screen(new ScreeningQuery(mrz.surname(), mrz.givenNames(),
                    DateOfBirth.fromMrz(mrz.dateOfBirth(), LocalDate.now(clock)), mrz.nationality(),
                    Sex.fromMrz(mrz.sex().code()), ScreeningQuery.nameFieldFull(mrz)));
            double threshold = persons.config().alertThreshold();
            JsonObject check = new CheckResult(result.alert() ? CheckStatus.FAILED : CheckStatus.PASSED,
                    result.alert() ? "HIT" : "NO_HIT", result.bestScore(), threshold).toJson();
            result.matches().stream().filter(NameMatch::alert).findFirst().ifPresent(best -> check
                    .put("entryId", best.entryId()).put("explanations", new JsonArray(best.explanations())));
            checks.put("personWatchlist", check);
            if (result.alert()) {
                findings.add(ReasonCode.WATCHLIST_PERSON);
            }
        } catch (NameScreeningException e) {
            // A name the screening cannot read is no clearance: the officer decides.
            checks.put("personWatchlist", CheckResult.of(CheckStatus.UNDETERMINED, e.reason().name()).toJson());
            findings.add(ReasonCode.WATCHLIST_PERSON);
        }
    }

    /** Splits the MRZ into the personal fields (sealed in the journal) and the disaggregated statistics. */
    private void describe(Mrz mrz, JsonObject personal, JsonObject statistics) {
        personal.put("surname", mrz.surname()).put("givenNames", mrz.givenNames())
                .put("documentNumber", mrz.documentNumber()).put("dateOfBirth", mrz.dateOfBirth())
                .put("dateOfExpiry", mrz.dateOfExpiry());
        statistics.put("documentCode", mrz.documentCode()).put("issuingState", mrz.issuingState())
                .put("nationality", mrz.nationality()).put("sex", String.valueOf(mrz.sex().code()));
        try {
            int age = Period.between(mrz.resolvedDateOfBirth(clock), LocalDate.now(clock)).getYears();
            statistics.put("ageBand", ageBand(age));
        } catch (MrzException e) {
            statistics.put("ageBand", "UNKNOWN");
        }
    }

    /** Age bands for disaggregated statistics: coarse enough not to identify anyone. */
    static String ageBand(int age) {
        if (age < 18) {
            return "0-17";
        }
        if (age < 30) {
            return "18-29";
        }
        if (age < 45) {
            return "30-44";
        }
        if (age < 60) {
            return "45-59";
        }
        return "60+";
    }
}
