package org.openegate.gate.web;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's live picture: the supervised gates' last status, and the referral cases. Lives on the
 * console's event loop only.
 *
 * <p>Personal data (the MRZ fields, the live capture, the chip portrait) is held only while a case is open, and
 * only in memory: closing a case (the officer's decision accepted by the gate, or the gate having moved on)
 * drops it, so afterwards nobody — officer included — can see it on the console. Case metadata (reasons, check
 * results, scores) stays for the history list.
 */
final class CaseBoard {

    /** The traveller-identifying members of a case; never in an event stream, only in an officer's case view. */
    static final Set<String> PERSONAL = Set.of("traveller", "liveImage", "portrait");
    private static final int MAX_CLOSED = 50;
    /** Images that arrived before their case (at-least-once delivery need not keep the gate's order): a few. */
    private static final int MAX_EARLY_IMAGES = 16;

    enum Status {
        OPEN,
        /** The officer's decision was carried out by the gate. */
        DECIDED,
        /** The gate was no longer waiting for this traveller (another decision, a reset, a restart). */
        STALE
    }

    static final class Case {
        final String site;
        final String gateId;
        final String transactionId;
        final JsonObject summary;
        JsonObject personal;
        final String openProblem;
        Status status = Status.OPEN;
        JsonObject decision;

        Case(String site, String gateId, String transactionId, JsonObject summary, JsonObject personal,
                String openProblem) {
            this.site = site;
            this.gateId = gateId;
            this.transactionId = transactionId;
            this.summary = summary;
            this.personal = personal;
            this.openProblem = openProblem;
        }

        @Override
        public String toString() {
            return "Case[" + gateId + ", " + transactionId + ", " + status + ", personal redacted]";
        }
    }

    private record Viewer(HttpServerResponse response, Role role) {
    }

    private record Early(String gateId, JsonObject opened, String openProblem) {
        @Override
        public String toString() {
            return "Early[" + gateId + ", images redacted]";
        }
    }

    private final Map<String, JsonObject> gates = new LinkedHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final List<Viewer> viewers = new ArrayList<>();
    private final Map<String, Early> earlyImages = new LinkedHashMap<>();
    private final Clock clock;

    CaseBoard(List<ConsoleConfig.GateRef> supervised, Clock clock) {
        this.clock = clock;
        for (ConsoleConfig.GateRef g : supervised) {
            gates.put(g.gate(), new JsonObject().put("site", g.site()).put("gateId", g.gate())
                    .put("state", "UNKNOWN").put("online", false));
        }
    }

    boolean supervises(String gateId) {
        return gates.containsKey(gateId);
    }

    JsonArray gates() {
        return new JsonArray(new ArrayList<>(gates.values()));
    }

    /** A health snapshot from a gate. */
    void health(String gateId, JsonObject body) {
        JsonObject gate = gates.get(gateId);
        if (gate == null) {
            return;
        }
        body.forEach(e -> {
            if (!e.getKey().equals("eventId")) {
                gate.put(e.getKey(), e.getValue());
            }
        });
        gate.put("online", true).put("lastSeen", clock.instant().toString());
        broadcast("gate", gateTile(gate), Set.of(Role.OFFICER, Role.SUPERVISOR));
        // A gate that moved on from a traveller no longer waits for a decision on them. Only a snapshot taken
        // after the referral says so: the gate's outbox sends records before telemetry, so after a backlog (a
        // gate that referred a traveller before its broker connection was up) the referral arrives first and
        // the older snapshots of the traveller before come after it.
        String state = body.getString("state", "");
        Optional<Instant> taken = instant(body.getString("at"));
        if (!state.equals("REFERRED") && !state.isEmpty() && taken.isPresent()) {
            for (Case c : cases.values()) {
                if (c.gateId.equals(gateId) && c.status == Status.OPEN && body.containsKey("transactionId")
                        && !c.transactionId.equals(body.getString("transactionId"))
                        && instant(c.summary.getString("referredAt")).filter(taken.get()::isAfter).isPresent()) {
                    close(c, Status.STALE, new JsonObject().put("gateState", state));
                }
            }
        }
    }

    /** A gate's timestamp, or empty when it is missing or not one (the message is untrusted input). */
    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The gate's presence (retained online/offline from the gate's MQTT session). */
    void presence(String gateId, boolean online) {
        JsonObject gate = gates.get(gateId);
        if (gate != null) {
            gate.put("online", online);
            broadcast("gate", gateTile(gate), Set.of(Role.OFFICER, Role.SUPERVISOR));
        }
    }

    private static JsonObject gateTile(JsonObject gate) {
        JsonObject tile = new JsonObject();
        for (String key : List.of("site", "gateId", "state", "mode", "online", "lastSeen", "at")) {
            if (gate.containsKey(key)) {
                tile.put(key, gate.getValue(key));
            }
        }
        return tile;
    }

    /**
     * A referral arrived (already opened, or with the reason it could not be). At-least-once delivery: a second
     * copy of a known case is ignored.
     */
    boolean referral(String site, String gateId, JsonObject opened, String openProblem) {
        String id = opened.getString("transactionId");
        if (id == null || !supervises(gateId)) {
            return false;
        }
        Case known = cases.get(id);
        if (known != null) {
            // A second copy (at-least-once) is ignored; a new referral of a transaction whose case is closed (a
            // second person at the exit the officer opened, a traveller who never walked through) is a new case.
            boolean again = known.status != Status.OPEN
                    && !known.summary.getString("eventId", "").equals(opened.getString("eventId", ""));
            if (!again) {
                return false;
            }
            cases.remove(id);
        }
        JsonObject summary = new JsonObject();
        JsonObject personal = new JsonObject();
        opened.forEach(e -> (PERSONAL.contains(e.getKey()) ? personal : summary).put(e.getKey(), e.getValue()));
        summary.remove("personal"); // an envelope that did not open
        summary.put("site", site).put("gateId", gateId).put("receivedAt", clock.instant().toString())
                .put("status", Status.OPEN.name());
        if (openProblem != null) {
            summary.put("personalUnavailable", openProblem);
        }
        // The images come in a second record, right after: the card is shown without waiting for them.
        summary.put("imagesPending", Boolean.TRUE.equals(summary.remove("imagesFollow")) && openProblem == null);
        Case c = new Case(site, gateId, id, summary, personal.isEmpty() ? null : personal, openProblem);
        cases.put(id, c);
        broadcast("case", summary, Set.of(Role.OFFICER, Role.SUPERVISOR));
        Early early = earlyImages.remove(id);
        if (early != null && early.gateId().equals(gateId)) {
            images(gateId, early.opened(), early.openProblem());
        }
        return true;
    }

    /**
     * The second record of a case: its images (opened, or with the reason they could not be). Kept only while
     * the case is open; images of a closed case are dropped unread, as its other personal data was.
     */
    void images(String gateId, JsonObject opened, String openProblem) {
        String id = opened.getString("transactionId");
        if (id == null || !supervises(gateId)) {
            return;
        }
        Case c = cases.get(id);
        if (c == null) {
            earlyImages.put(id, new Early(gateId, opened, openProblem));
            for (Iterator<String> it = earlyImages.keySet().iterator(); earlyImages.size() > MAX_EARLY_IMAGES;) {
                it.next();
                it.remove();
            }
            return;
        }
        if (!c.gateId.equals(gateId) || c.status != Status.OPEN || !c.summary.getBoolean("imagesPending", false)) {
            return;
        }
        c.summary.put("imagesPending", false);
        if (openProblem != null) {
            c.summary.put("imagesUnavailable", "images could not be opened: " + openProblem);
        } else if (opened.getString("imagesOmitted") != null) {
            c.summary.put("imagesOmitted", opened.getString("imagesOmitted"));
        } else {
            JsonObject personal = c.personal == null ? new JsonObject() : c.personal;
            for (String key : List.of("liveImage", "portrait")) {
                if (opened.getJsonObject(key) != null) {
                    personal.put(key, opened.getJsonObject(key));
                }
            }
            c.personal = personal;
        }
        JsonObject event = new JsonObject().put("transactionId", id).put("gateId", gateId)
                .put("images", imageTypes(c));
        for (String key : List.of("imagesOmitted", "imagesUnavailable")) {
            if (c.summary.containsKey(key)) {
                event.put(key, c.summary.getString(key));
            }
        }
        broadcast("images", event, Set.of(Role.OFFICER));
    }

    private static JsonObject imageTypes(Case c) {
        JsonObject live = c.personal == null ? null : c.personal.getJsonObject("liveImage");
        JsonObject portrait = c.personal == null ? null : c.personal.getJsonObject("portrait");
        return new JsonObject().put("live", live == null ? null : live.getString("type"))
                .put("portrait", portrait == null ? null : portrait.getString("type"));
    }

    /** Every case's summary (no personal data), open ones first. */
    JsonObject list() {
        JsonArray open = new JsonArray();
        JsonArray closed = new JsonArray();
        for (Case c : cases.values()) {
            (c.status == Status.OPEN ? open : closed).add(view(c, Role.SUPERVISOR));
        }
        return new JsonObject().put("open", open).put("closed", closed);
    }

    Optional<Case> find(String transactionId) {
        return Optional.ofNullable(cases.get(transactionId));
    }

    /** The case as {@code role} may see it: officers see personal data of open cases; nobody else ever does. */
    JsonObject view(Case c, Role role) {
        JsonObject view = c.summary.copy();
        if (c.decision != null) {
            view.put("decision", c.decision.copy());
        }
        if (role == Role.OFFICER && c.status == Status.OPEN && c.personal != null) {
            view.put("traveller", c.personal.getJsonObject("traveller", new JsonObject()).copy());
            view.put("images", imageTypes(c));
        }
        return view;
    }

    /** Image bytes and type of an open case, for an officer. */
    Optional<Map.Entry<String, byte[]>> image(Case c, String which) {
        if (c.status != Status.OPEN || c.personal == null) {
            return Optional.empty();
        }
        JsonObject image = c.personal.getJsonObject(which.equals("live") ? "liveImage" : "portrait");
        if (image == null) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(image.getString("type"), Base64.getDecoder().decode(image.getString("data"))));
    }

    /** Closes a case: the decision (or staleness) is recorded, the personal data dropped. */
    void close(Case c, Status status, JsonObject decision) {
        c.status = status;
        c.decision = decision;
        c.personal = null;
        c.summary.put("status", status.name());
        broadcast("closed", new JsonObject().put("transactionId", c.transactionId).put("gateId", c.gateId)
                .put("status", status.name()).put("decision", decision), Set.of(Role.OFFICER, Role.SUPERVISOR));
        long closed = cases.values().stream().filter(x -> x.status != Status.OPEN).count();
        for (Iterator<Case> it = cases.values().iterator(); it.hasNext() && closed > MAX_CLOSED;) {
            if (it.next().status != Status.OPEN) {
                it.remove();
                closed--;
            }
        }
    }

    /** Adds a server-sent-event viewer and sends it the current picture. */
    void subscribe(HttpServerResponse response, Role role) {
        response.setChunked(true).putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-store").putHeader("x-content-type-options", "nosniff");
        Viewer viewer = new Viewer(response, role);
        viewers.add(viewer);
        response.closeHandler(v -> viewers.remove(viewer));
        for (JsonObject gate : gates.values()) {
            send(viewer, "gate", gateTile(gate));
        }
        for (Case c : cases.values()) {
            send(viewer, c.status == Status.OPEN ? "case" : "history", view(c, Role.SUPERVISOR));
        }
    }

    private void broadcast(String event, JsonObject body, Set<Role> roles) {
        for (Viewer viewer : List.copyOf(viewers)) {
            if (roles.contains(viewer.role()) && !viewer.response().closed()) {
                send(viewer, event, body);
            }
        }
    }

    private static void send(Viewer viewer, String event, JsonObject body) {
        viewer.response().write("event: " + event + "\ndata: " + body.encode() + "\n\n");
    }

    /** Ends every stream of a logged-out session's role holder (called with the response set of that session). */
    void drop(HttpServerResponse response) {
        viewers.removeIf(v -> v.response() == response);
    }

    long openCases() {
        return cases.values().stream().filter(c -> c.status == Status.OPEN).count();
    }
}
