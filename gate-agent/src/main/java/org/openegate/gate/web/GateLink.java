package org.openegate.gate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.journal.OfficerDecision;
import org.openegate.gate.service.GateAddresses;
import org.openegate.mqtt.CommandHandler;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.E2eSealer;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.SignedCommand;
import org.openegate.mqtt.Stream;
import org.tinylog.Logger;

/**
 * The gate's side of the officer console, over MQTT. It
 * <ul>
 *   <li>publishes each referral as a case on {@code .../referrals}: check results, scores, thresholds and reasons
 *       in clear (the same metadata a crossing record carries), and the MRZ data, the live capture and the chip
 *       portrait sealed for the console's key ({@link E2eSealer}), so the broker and anyone subscribed without
 *       that key see no personal data. Two records: the case at once, the (scaled) images right after it from a
 *       worker, so the officer's card never waits for image work. A referral the gate made by itself (timeout,
 *       tailgating at the open exit) is a case too, with its reason and no personal data;</li>
 *   <li>carries out signed {@code officer-decision} commands (verified by mqtt-bridge's command processor
 *       before they reach {@link #commandHandler()}) through the gate's event bus, the same path the simulation
 *       and any local console use, then publishes the decision on {@code .../decisions};</li>
 *   <li>publishes a status snapshot on {@code .../health} on every state change and every few seconds, for the
 *       console's live gate tiles and the operator status page.</li>
 * </ul>
 * Everything leaves through the outbox, so a case referred while the broker is down reaches the console when it
 * is back.
 */
public final class GateLink {

    /** Referral reasons after which admitting needs a face-to-face check (see docs/web.md, the NZ lesson). */
    static final Set<String> FACE_TO_FACE = Set.of(ReasonCode.FACE_MISMATCH.name(),
            ReasonCode.PRESENTATION_ATTACK.name(), ReasonCode.FACE_NOT_FOUND.name());
    static final long HEALTH_PERIOD_MS = 5_000;
    private static final int MAX_ERRORS = 20;
    private static final Object IMAGE_LOCK = new Object();
    static final int OFFICER_WIDTH = 360;
    static final int OFFICER_HEIGHT = 480;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final GateController controller;
    private final Outbox outbox;
    private final String gateId;
    private final E2eSealer sealer;
    private final Clock clock;
    private final SecureRandom random;
    private final Supplier<JsonObject> status;
    private final ArrayDeque<JsonObject> errors = new ArrayDeque<>();

    private GateLink(Vertx vertx, GateController controller, Outbox outbox, String gateId, ConsoleKeys keys,
            Clock clock, SecureRandom random, Supplier<JsonObject> status) {
        this.vertx = vertx;
        this.controller = controller;
        this.outbox = outbox;
        this.gateId = gateId;
        this.sealer = new E2eSealer(keys.e2eKid(), keys.e2eKey(), random);
        this.clock = clock;
        this.random = random;
        this.status = status;
    }

    /**
     * Links the gate to its console: referrals and status go to {@code outbox}; hand {@link #commandHandler()} to
     * the gate's {@code MqttPublisher} with {@link ConsoleKeys#officerKeys()}.
     *
     * @param status the gate's health snapshot (mode, versions, trust-list age, watchlist version, outbox depth)
     */
    public static GateLink install(Vertx vertx, GateController controller, Outbox outbox, String gateId,
            ConsoleKeys keys, Clock clock, SecureRandom random, Supplier<JsonObject> status) {
        GateLink link = new GateLink(vertx, controller, outbox, gateId, keys, clock, random, status);
        synchronized (IMAGE_LOCK) {
            warmUpImaging();
        }
        controller.observeReferrals(link::publishReferral);
        controller.observeGateReferrals(link::publishGateReferral);
        vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, m -> {
            if ("FAULT".equals(m.body().getString("state"))) {
                link.error("FAULT", "the gate went to FAULT (exit locked)");
            }
            link.publishHealth(m.body());
        });
        vertx.setPeriodic(HEALTH_PERIOD_MS, id -> link.publishHealth(null));
        return link;
    }

    /** A link that publishes nothing by itself: for tests of what {@link #referralCase} puts on the wire. */
    static GateLink forTest(Vertx vertx, String gateId, ConsoleKeys keys, Clock clock, SecureRandom random) {
        return new GateLink(vertx, null, null, gateId, keys, clock, random, JsonObject::new);
    }

    /** Runs {@code officer-decision} (and {@code mode}) commands on the gate; other types are not this link's. */
    public CommandHandler commandHandler() {
        return this::handle;
    }

    /** A v4 UUID from the injected random: the outbox wants one per event, and sealing binds to it. */
    private String eventId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    /**
     * The case as published (sealed): the first of a referral's two records, small (check results, reasons,
     * scores, the sealed MRZ fields), so the officer's card appears at once. The images follow in a second record
     * ({@link #referralImages}); {@code imagesFollow} tells the console to expect them. Package-private so tests
     * can check what leaves the gate.
     */
    ObjectNode referralCase(CrossingPipeline.Crossing crossing) {
        var record = crossing.record();
        List<String> reasons = crossing.decision().reasons().stream().map(Enum::name).toList();
        var evidence = crossing.evidence();
        JsonObject clear = new JsonObject()
                .put("eventId", eventId())
                .put("kind", "referral")
                .put("gateId", gateId)
                .put("transactionId", record.transactionId())
                .put("startedAt", record.startedAt().toString())
                .put("referredAt", clock.instant().toString())
                .put("outcome", crossing.decision().outcome().name())
                .put("reasons", reasons)
                .put("checks", record.checks().copy())
                .put("faceToFaceRequired", reasons.stream().anyMatch(FACE_TO_FACE::contains))
                .put("imagesFollow", evidence.liveCapture().isPresent() || evidence.chipPortrait().isPresent());
        JsonObject traveller = record.personal().copy();
        record.statistics().forEach(e -> traveller.put(e.getKey(), e.getValue()));
        clear.put("traveller", traveller);
        return seal(clear);
    }

    /**
     * The second record of a referral: the live capture and the chip portrait of {@code transactionId}, scaled
     * for the officer and sealed for the console. When even scaled they do not fit one record, the record says
     * why instead ({@code imagesOmitted}), so the console stops waiting for them.
     */
    ObjectNode referralImages(String transactionId, CrossingPipeline.Evidence evidence) {
        JsonObject clear = new JsonObject()
                .put("eventId", eventId())
                .put("kind", "referral-images")
                .put("gateId", gateId)
                .put("transactionId", transactionId);
        evidence.liveCapture().map(GateLink::forOfficer).ifPresent(b -> clear.put("liveImage", image(b)));
        evidence.chipPortrait().map(GateLink::forOfficer).ifPresent(b -> clear.put("portrait", image(b)));
        ObjectNode sealed = seal(clear);
        if (sealed.toString().length() > OutboxEvent.MAX_PAYLOAD_BYTES) {
            // Too big for one record (an undecodable JPEG 2000 portrait kept as is): the officer has the data and
            // the check results, and sees the traveller face to face.
            int size = sealed.toString().length();
            clear.remove("liveImage");
            clear.remove("portrait");
            clear.put("imagesOmitted", "the images are " + size + " bytes, over the "
                    + OutboxEvent.MAX_PAYLOAD_BYTES + "-byte record limit");
            sealed = seal(clear);
        }
        return sealed;
    }

    private ObjectNode seal(JsonObject clear) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(clear.encode());
            return sealer.seal(node, List.of("traveller", "liveImage", "portrait"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("case JSON did not re-read: " + e.getMessage(), e);
        }
    }

    /**
     * The image scaled to fit {@value #OFFICER_WIDTH}x{@value #OFFICER_HEIGHT} and re-encoded as JPEG: enough for
     * an officer's side-by-side view, small enough for one MQTT record. Formats ImageIO cannot read (JPEG 2000)
     * are passed on unchanged.
     */
    static byte[] forOfficer(byte[] encoded) {
        synchronized (IMAGE_LOCK) {
            return shrink(encoded);
        }
    }

    /**
     * Java 2D initialises its classes lazily; several gates of one JVM (the tests) doing so at once from worker
     * threads hung in class initialisation. One small round trip at install, under the lock, initialises it first.
     */
    private static void warmUpImaging() {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                    "jpeg", out);
            forOfficer(out.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("JPEG encoding unavailable: " + e.getMessage(), e);
        }
    }

    private static byte[] shrink(byte[] encoded) {
        try {
            java.awt.image.BufferedImage in = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(encoded));
            if (in == null) {
                return encoded;
            }
            double scale = Math.min(1.0, Math.min((double) OFFICER_WIDTH / in.getWidth(),
                    (double) OFFICER_HEIGHT / in.getHeight()));
            int w = Math.max(1, (int) Math.round(in.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(in.getHeight() * scale));
            java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = out.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(in, 0, 0, w, h, null);
            g.dispose();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            try (var stream = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(stream);
                writer.write(null, new javax.imageio.IIOImage(out, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (java.io.IOException | RuntimeException e) {
            // A frame ImageIO chokes on is still evidence: pass it on as it came.
            return encoded;
        }
    }

    /** An image with its media type, told by its leading bytes (JPEG FFD8FF, JPEG 2000 signature box or codestream). */
    static JsonObject image(byte[] bytes) {
        String type = bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 ? "image/jpeg"
                : bytes.length > 8 && bytes[4] == 'j' && bytes[5] == 'P' ? "image/jp2"
                : bytes.length > 4 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' ? "image/png"
                : "application/octet-stream";
        return new JsonObject().put("type", type).put("data", Base64.getEncoder().encodeToString(bytes));
    }

    private void publishReferral(CrossingPipeline.Crossing crossing) {
        String transactionId = crossing.record().transactionId();
        try {
            ObjectNode sealed = referralCase(crossing);
            enqueue(sealed);
            if (sealed.path("imagesFollow").asBoolean(false)) {
                // Scaling and sealing the images is most of a case's cost: done after the case is queued, on a
                // worker (never the event loop), so the officer's card does not wait for them.
                vertx.executeBlocking(() -> {
                    enqueue(referralImages(transactionId, crossing.evidence()));
                    return null;
                }, false).onFailure(e -> notPublished(transactionId, "images", e));
            }
        } catch (Exception e) {
            notPublished(transactionId, "case", e);
        }
    }

    /**
     * A case for a referral the gate made by itself (a step timed out, a second person at the open exit): the
     * reason and the state it happened in, no check results and no personal data (there is no crossing to take
     * them from). Still a case the officer must resolve; admitting needs a face-to-face check, since nothing
     * (or someone else) was verified. Package-private so tests can check what leaves the gate.
     */
    ObjectNode gateReferralCase(String transactionId, String reason, org.openegate.gate.flow.GateState during) {
        return seal(new JsonObject()
                .put("eventId", eventId())
                .put("kind", "referral")
                .put("gateId", gateId)
                .put("transactionId", transactionId)
                .put("referredAt", clock.instant().toString())
                .put("outcome", "REFER")
                .put("reasons", List.of(reason))
                .put("during", during.name())
                .put("checks", new JsonObject())
                .put("faceToFaceRequired", true)
                .put("imagesFollow", false));
    }

    private void publishGateReferral(String transactionId, String reason, org.openegate.gate.flow.GateState during) {
        // Called holding the state machine's lock: queue without waiting for the outbox's disk write.
        try {
            ObjectNode sealed = gateReferralCase(transactionId, reason, during);
            outbox.enqueueAsync(new OutboxEvent(sealed.get("eventId").asText(), Stream.REFERRALS,
                    JSON.writeValueAsBytes(sealed), clock.instant()))
                    .exceptionally(e -> {
                        notPublished(transactionId, "gate case", e);
                        return null;
                    });
        } catch (Exception e) {
            notPublished(transactionId, "gate case", e);
        }
    }

    private void enqueue(ObjectNode sealed) throws Exception {
        outbox.enqueue(new OutboxEvent(sealed.get("eventId").asText(), Stream.REFERRALS,
                JSON.writeValueAsBytes(sealed), clock.instant()));
    }

    private void notPublished(String transactionId, String what, Throwable e) {
        // The crossing is journalled and the gate stays REFERRED: an officer on site can still resolve it.
        Logger.error("referral {} of {} not published: {}", what, transactionId, e.getClass().getSimpleName());
        error("REFERRAL_NOT_PUBLISHED", e.getClass().getSimpleName() + " (" + what + ") for " + transactionId);
    }

    private void publishHealth(JsonObject state) {
        JsonObject body = status.get().put("eventId", eventId()).put("kind", "health").put("gateId", gateId)
                .put("at", clock.instant().toString()).put("recentErrors", recentErrors());
        if (state != null) {
            body.put("state", state.getString("state")).put("mode", state.getString("mode"));
            if (state.getString("transactionId") != null) {
                body.put("transactionId", state.getString("transactionId"));
            }
        } else {
            body.put("state", controller.machine().state().name()).put("mode", controller.machine().mode().name());
            controller.machine().transactionId().ifPresent(id -> body.put("transactionId", id));
        }
        outbox.enqueueAsync(new OutboxEvent(body.getString("eventId"), Stream.HEALTH,
                body.encode().getBytes(StandardCharsets.UTF_8), clock.instant()))
                .exceptionally(e -> {
                    Logger.warn("health snapshot not queued: {}", e.getMessage());
                    return null;
                });
    }

    private synchronized void error(String code, String detail) {
        errors.addFirst(new JsonObject().put("at", clock.instant().toString()).put("code", code)
                .put("detail", detail));
        while (errors.size() > MAX_ERRORS) {
            errors.removeLast();
        }
    }

    private synchronized io.vertx.core.json.JsonArray recentErrors() {
        return new io.vertx.core.json.JsonArray(List.copyOf(errors));
    }

    private CommandReply handle(SignedCommand command) throws Exception {
        JsonNode args = command.args();
        JsonObject request;
        if (command.type() == CommandType.OFFICER_DECISION) {
            String verdict = text(args, "verdict");
            try {
                // Validate here, before the gate sees it: the same rules the journal's trail enforces.
                new OfficerDecision(text(args, "transactionId"), text(args, "officerId"),
                        OfficerDecision.Verdict.valueOf(verdict), text(args, "reason"), clock.instant());
            } catch (IllegalArgumentException e) {
                error("BAD_OFFICER_DECISION", e.getMessage());
                return CommandReply.rejected(e.getMessage());
            }
            request = new JsonObject().put("command", "OFFICER_DECISION")
                    .put("transactionId", text(args, "transactionId")).put("officerId", text(args, "officerId"))
                    .put("verdict", verdict).put("reason", text(args, "reason"));
        } else if (command.type() == CommandType.MODE && command.mode().isPresent()) {
            request = new JsonObject().put("command", "MODE").put("mode", command.mode().get().name());
        } else {
            return CommandReply.rejected("this gate does not carry out " + command.type().segment() + " commands");
        }
        // The state the decision drove the gate into (EXIT_OPEN or REJECTED), as the gate published it: by the
        // time the command's reply is built the simulated traveller may already have walked on to IDLE.
        java.util.concurrent.CompletableFuture<String> reaction = new java.util.concurrent.CompletableFuture<>();
        String transactionId = request.getString("transactionId", "");
        var watch = vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, m -> {
            String state = m.body().getString("state");
            if (transactionId.equals(m.body().getString("transactionId"))
                    && ("EXIT_OPEN".equals(state) || "REJECTED".equals(state))) {
                reaction.complete(state);
            }
        });
        JsonObject reply;
        try {
            watch.completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            reply = vertx.eventBus().<JsonObject>request(GateAddresses.COMMAND, request).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        } catch (java.util.concurrent.ExecutionException e) {
            watch.unregister();
            error("COMMAND_REFUSED", e.getCause().getMessage());
            return CommandReply.rejected(e.getCause().getMessage());
        }
        String reached = reply.getString("state");
        if (command.type() == CommandType.OFFICER_DECISION && reply.getBoolean("accepted", false)) {
            try {
                reached = reaction.get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                Logger.warn("no EXIT_OPEN/REJECTED seen for {} after the decision; reporting {}", transactionId, reached);
            }
        }
        watch.unregister();
        ObjectNode result = JSON.createObjectNode().put("accepted", reply.getBoolean("accepted", false))
                .put("state", reached).put("mode", reply.getString("mode"));
        if (!reply.getBoolean("accepted", false)) {
            return CommandReply.rejected("gate is in state " + reply.getString("state")
                    + ", not REFERRED with this transaction");
        }
        if (command.type() == CommandType.OFFICER_DECISION) {
            vertx.eventBus().publish(GateAddresses.OFFICER, new JsonObject()
                    .put("transactionId", request.getString("transactionId"))
                    .put("verdict", request.getString("verdict")));
            JsonObject decision = request.copy().put("eventId", eventId()).put("kind", "officer-decision")
                    .put("gateId", gateId).put("decidedAt", clock.instant().toString())
                    .put("gateState", reached).put("commandNonce", command.nonce())
                    .put("signedBy", command.keyId());
            decision.remove("command");
            outbox.enqueue(new OutboxEvent(decision.getString("eventId"), Stream.DECISIONS,
                    decision.encode().getBytes(StandardCharsets.UTF_8), clock.instant()));
        }
        return CommandReply.ok(result);
    }

    private static String text(JsonNode args, String name) {
        JsonNode v = args.get(name);
        return v != null && v.isTextual() ? v.textValue() : "";
    }
}
