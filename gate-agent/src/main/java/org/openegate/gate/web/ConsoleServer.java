package org.openegate.gate.web;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openegate.gate.journal.OfficerDecision;
import org.tinylog.Logger;

/**
 * The officer console, its own role of the same jar ({@code egate console --config FILE}): an HTTPS server
 * (vertx-web) for officers, supervisors and operators, fed over MQTT by the gates it supervises
 * ({@link GateBridge}). See gate-agent/docs/web.md for why it is a separate process reaching its gates over MQTT.
 *
 * <p>Every route names the roles it admits (no session: 401 or a redirect to the login page; wrong role: 403);
 * every POST needs the session's CSRF token in {@code X-CSRF-Token} and, when the browser sends one, an
 * {@code Origin} equal to the console's own. Answers carry a strict Content-Security-Policy (scripts and styles
 * from the console only), {@code no-store} and {@code frame-ancestors 'none'}.
 */
public final class ConsoleServer implements AutoCloseable {

    static final String COOKIE = "__Host-egate-session";
    private static final Pattern REASON = Pattern.compile("[A-Z0-9_]{1,40}");
    private static final Set<Role> CASE_ROLES = EnumSet.of(Role.OFFICER, Role.SUPERVISOR);
    private static final Set<Role> STATUS_ROLES = EnumSet.of(Role.OPERATOR, Role.SUPERVISOR);

    private final Vertx vertx;
    private final int port;

    private ConsoleServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts the console; blocks until it listens and has connected to the broker (or failed to). */
    public static ConsoleServer start(ConsoleConfig config, Clock clock, SecureRandom random) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Web web = new Web(config, clock, random);
            vertx.deployVerticle(web).toCompletionStage().toCompletableFuture().get();
            Logger.info("console {} on https://{}:{}/ supervising {} gates", config.consoleId(),
                    config.http().host(), web.server.actualPort(), config.gates().size());
            return new ConsoleServer(vertx, web.server.actualPort());
        } catch (Exception e) {
            vertx.close();
            throw e instanceof java.util.concurrent.ExecutionException x && x.getCause() instanceof Exception c ? c : e;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            Logger.warn("console did not close cleanly: {}", e.getMessage());
        }
    }

    /** The verticle: all state (sessions, the case board) is touched on its event loop. */
    private static final class Web extends AbstractVerticle implements GateBridge.Receiver {
        private final ConsoleConfig config;
        private final Clock clock;
        private final SecureRandom random;
        private final Sessions sessions;
        private CaseBoard board;
        private GateBridge bridge;
        private HttpServer server;
        private final Set<String> deciding = new java.util.HashSet<>();

        Web(ConsoleConfig config, Clock clock, SecureRandom random) {
            this.config = config;
            this.clock = clock;
            this.random = random;
            this.sessions = new Sessions(config, clock, random);
        }

        @Override
        public void start(Promise<Void> started) throws Exception {
            board = new CaseBoard(config.gates(), clock);
            bridge = new GateBridge(config, context, this, clock, random);
            Router router = Router.router(vertx);
            router.route().handler(this::headers);
            router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")
                    .put("mqttConnected", bridge.connected())));
            router.route("/assets/*").handler(StaticHandler.create("web/console/assets").setCachingEnabled(false));
            router.get("/").handler(ctx -> ctx.redirect("/login"));
            router.get("/login").handler(ctx -> page(ctx, "login.html"));
            router.get("/api/csrf").handler(this::csrf);
            router.post("/api/*").handler(BodyHandler.create().setBodyLimit(8192));
            router.post("/api/login").handler(this::login);
            router.post("/api/logout").handler(ctx -> authorised(ctx, EnumSet.allOf(Role.class), true)
                    .ifPresent(s -> {
                        sessions.logout(s);
                        ctx.response().addCookie(cookie("").setMaxAge(0));
                        json(ctx, 200, new JsonObject().put("loggedOut", true));
                    }));
            router.get("/console").handler(ctx -> authorised(ctx, CASE_ROLES, false)
                    .ifPresent(s -> page(ctx, "console.html")));
            router.get("/status").handler(ctx -> authorised(ctx, STATUS_ROLES, false)
                    .ifPresent(s -> page(ctx, "status.html")));
            router.get("/api/me").handler(ctx -> authorised(ctx, EnumSet.allOf(Role.class), false)
                    .ifPresent(s -> json(ctx, 200, new JsonObject().put("account", s.account)
                            .put("role", s.role.name()).put("csrf", s.csrf))));
            router.get("/api/events").handler(ctx -> authorised(ctx, CASE_ROLES, false)
                    .ifPresent(s -> board.subscribe(ctx.response(), s.role)));
            router.get("/api/cases").handler(ctx -> authorised(ctx, CASE_ROLES, false)
                    .ifPresent(s -> json(ctx, 200, board.list())));
            router.get("/api/cases/:id").handler(ctx -> authorised(ctx, CASE_ROLES, false)
                    .ifPresent(s -> board.find(ctx.pathParam("id")).ifPresentOrElse(
                            c -> json(ctx, 200, board.view(c, s.role)),
                            () -> error(ctx, 404, "NO_SUCH_CASE", "no case " + quote(ctx.pathParam("id"))))));
            router.get("/api/cases/:id/images/:which").handler(this::image);
            router.post("/api/cases/:id/decision").handler(this::decide);
            router.get("/api/status").handler(ctx -> authorised(ctx, STATUS_ROLES, false)
                    .ifPresent(s -> json(ctx, 200, new JsonObject().put("console", new JsonObject()
                            .put("id", config.consoleId()).put("mqttConnected", bridge.connected())
                            .put("version", version()).put("openCases", board.openCases())
                            .put("at", clock.instant().toString())).put("gates", board.gates()))));

            HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(
                    new PemKeyCertOptions().setCertPath(config.http().tlsCert().toString())
                            .setKeyPath(config.http().tlsKey().toString()));
            vertx.createHttpServer(options).requestHandler(router).listen(config.http().port(), config.http().host())
                    .compose(s -> {
                        server = s;
                        return vertx.executeBlocking(() -> {
                            bridge.start();
                            return null;
                        });
                    }).onSuccess(v -> started.complete()).onFailure(started::fail);
        }

        @Override
        public void stop() {
            if (bridge != null) {
                bridge.close();
            }
        }

        private void headers(RoutingContext ctx) {
            ctx.response().putHeader("content-security-policy", "default-src 'none'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'")
                    .putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "no-referrer")
                    .putHeader("cache-control", "no-store")
                    .putHeader("strict-transport-security", "max-age=31536000");
            ctx.next();
        }

        private static Cookie cookie(String value) {
            // __Host- prefix: the browser accepts it only Secure, Path=/ and without Domain (RFC 6265bis §4.1.3.2).
            return Cookie.cookie(COOKIE, value).setPath("/").setSecure(true).setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT);
        }

        private Optional<Sessions.Session> session(RoutingContext ctx) {
            Cookie cookie = ctx.request().getCookie(COOKIE);
            return sessions.find(cookie == null ? null : cookie.getValue());
        }

        /**
         * The session if it is logged in with one of {@code roles} (and, for a state change, presents its CSRF
         * token from the console's own origin); otherwise the answer is sent and empty returned.
         */
        private Optional<Sessions.Session> authorised(RoutingContext ctx, Set<Role> roles, boolean stateChange) {
            Optional<Sessions.Session> found = session(ctx).filter(Sessions.Session::authenticated);
            boolean api = ctx.request().path().startsWith("/api/");
            if (found.isEmpty()) {
                if (api) {
                    error(ctx, 401, "NOT_LOGGED_IN", "log in first");
                } else {
                    ctx.redirect("/login");
                }
                return Optional.empty();
            }
            Sessions.Session s = found.get();
            if (!roles.contains(s.role)) {
                Logger.warn("account {} ({}) denied {} {}", s.account, s.role, ctx.request().method(),
                        ctx.request().path());
                error(ctx, 403, "WRONG_ROLE", "role " + s.role + " may not use " + ctx.request().path());
                return Optional.empty();
            }
            if (stateChange && !csrfOk(ctx, s)) {
                return Optional.empty();
            }
            return found;
        }

        private boolean csrfOk(RoutingContext ctx, Sessions.Session s) {
            String origin = ctx.request().getHeader("origin");
            String own = "https://" + ctx.request().authority();
            if (origin != null && !origin.equals(own)) {
                error(ctx, 403, "BAD_ORIGIN", "origin " + quote(origin) + " is not " + own);
                return false;
            }
            if (!Sessions.csrfMatches(s, ctx.request().getHeader("x-csrf-token"))) {
                error(ctx, 403, "BAD_CSRF_TOKEN", "missing or wrong X-CSRF-Token");
                return false;
            }
            return true;
        }

        private void csrf(RoutingContext ctx) {
            Sessions.Session s = session(ctx).orElseGet(() -> {
                Sessions.Session fresh = sessions.anonymous();
                ctx.response().addCookie(cookie(fresh.id));
                return fresh;
            });
            json(ctx, 200, new JsonObject().put("csrf", s.csrf));
        }

        private void login(RoutingContext ctx) {
            Optional<Sessions.Session> pre = session(ctx);
            if (pre.isEmpty()) {
                error(ctx, 403, "BAD_CSRF_TOKEN", "no session: load the login page first");
                return;
            }
            if (!csrfOk(ctx, pre.get())) {
                return;
            }
            JsonObject body = body(ctx);
            if (body == null) {
                return;
            }
            String account = body.getValue("account") instanceof String a ? a : "";
            char[] password = (body.getValue("password") instanceof String p ? p : "").toCharArray();
            // Argon2id is deliberately slow: off the event loop, one at a time (bounds memory under a flood).
            vertx.executeBlocking(() -> sessions.login(pre.get(), account, password), true).onSuccess(result -> {
                        if (result.session().isPresent()) {
                            Sessions.Session s = result.session().get();
                            Logger.info("account {} logged in as {}", s.account, s.role);
                            ctx.response().addCookie(cookie(s.id));
                            json(ctx, 200, new JsonObject().put("role", s.role.name()).put("csrf", s.csrf)
                                    .put("home", s.role == Role.OPERATOR ? "/status" : "/console"));
                        } else if (result.failure().orElseThrow() == Sessions.LoginFailure.LOCKED) {
                            Logger.warn("login refused: account {} is locked", quote(account));
                            error(ctx, 429, "LOCKED", "too many failed logins: account locked for "
                                    + config.security().lockout().toMinutes() + " min");
                        } else {
                            Logger.warn("failed login for account {}", quote(account));
                            error(ctx, 401, "BAD_CREDENTIALS", "wrong account or password");
                        }
                    }).onFailure(e -> error(ctx, 500, "LOGIN_FAILED", e.getClass().getSimpleName()));
        }

        private void image(RoutingContext ctx) {
            authorised(ctx, EnumSet.of(Role.OFFICER), false).ifPresent(s -> {
                String which = ctx.pathParam("which");
                if (!which.equals("live") && !which.equals("portrait")) {
                    error(ctx, 404, "NO_SUCH_IMAGE", "images are live or portrait, not " + quote(which));
                    return;
                }
                Optional<CaseBoard.Case> c = board.find(ctx.pathParam("id"));
                Optional<java.util.Map.Entry<String, byte[]>> image = c.flatMap(x -> board.image(x, which));
                if (image.isEmpty() && c.isPresent() && c.get().status == CaseBoard.Status.OPEN) {
                    // Open, but the images have not arrived (yet), or there are none.
                    error(ctx, 404, "NO_SUCH_IMAGE", "no " + which + " image (yet) for " + quote(ctx.pathParam("id")));
                    return;
                }
                if (image.isEmpty()) {
                    error(ctx, c.isPresent() ? 410 : 404, c.isPresent() ? "CASE_CLOSED" : "NO_SUCH_CASE",
                            "no " + which + " image for " + quote(ctx.pathParam("id")));
                    return;
                }
                ctx.response().putHeader("content-type", image.get().getKey())
                        .end(io.vertx.core.buffer.Buffer.buffer(image.get().getValue()));
            });
        }

        private void decide(RoutingContext ctx) {
            Optional<Sessions.Session> officer = authorised(ctx, EnumSet.of(Role.OFFICER), true);
            if (officer.isEmpty()) {
                return;
            }
            JsonObject body = body(ctx);
            if (body == null) {
                return;
            }
            String id = ctx.pathParam("id");
            Optional<CaseBoard.Case> found = board.find(id);
            if (found.isEmpty()) {
                error(ctx, 404, "NO_SUCH_CASE", "no case " + quote(id));
                return;
            }
            CaseBoard.Case c = found.get();
            if (c.status != CaseBoard.Status.OPEN) {
                error(ctx, 409, "CASE_CLOSED", "case " + id + " is " + c.status);
                return;
            }
            OfficerDecision.Verdict verdict;
            try {
                verdict = OfficerDecision.Verdict.valueOf(String.valueOf(body.getValue("verdict")));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "BAD_VERDICT", "verdict must be ADMIT, REFUSE or MANUAL_BOOTH, was "
                        + quote(String.valueOf(body.getValue("verdict"))));
                return;
            }
            String reason = String.valueOf(body.getValue("reason"));
            if (!REASON.matcher(reason).matches()) {
                error(ctx, 400, "BAD_REASON", "reason must be a code [A-Z0-9_]{1,40}, was " + quote(reason));
                return;
            }
            // New Zealand, 2018: an officer overrode a correct face mismatch remotely and admitted the wrong person;
            // since then a face-to-face check is mandatory before admitting on a face or liveness referral.
            if (verdict == OfficerDecision.Verdict.ADMIT && c.summary.getBoolean("faceToFaceRequired", false)
                    && !Boolean.TRUE.equals(body.getValue("faceToFaceConfirmed"))) {
                error(ctx, 409, "FACE_TO_FACE_REQUIRED", "confirm a face-to-face check before admitting on "
                        + c.summary.getJsonArray("reasons"));
                return;
            }
            if (!deciding.add(id)) {
                error(ctx, 409, "DECISION_IN_FLIGHT", "a decision on " + id + " is already on its way to the gate");
                return;
            }
            JsonObject args = new JsonObject().put("transactionId", id).put("officerId", officer.get().account)
                    .put("verdict", verdict.name()).put("reason", reason);
            Future.fromCompletionStage(bridge.decide(new ConsoleConfig.GateRef(c.site, c.gateId), args), context)
                    .onComplete(done -> {
                        deciding.remove(id);
                        if (done.failed()) {
                            error(ctx, 504, "GATE_DID_NOT_ANSWER", "gate " + c.gateId + " did not answer: "
                                    + done.cause().getClass().getSimpleName() + "; the case stays open");
                            return;
                        }
                        JsonObject reply = done.result();
                        JsonObject result = reply.getJsonObject("result", new JsonObject());
                        JsonObject decision = args.copy().put("decidedAt", clock.instant().toString())
                                .put("gateState", result.getString("state"));
                        if ("OK".equals(reply.getString("status"))) {
                            Logger.info("officer {} decided {} on {} at {}: gate now {}", officer.get().account,
                                    verdict, id, c.gateId, result.getString("state"));
                            board.close(c, CaseBoard.Status.DECIDED, decision);
                            json(ctx, 200, new JsonObject().put("status", "DECIDED").put("decision", decision));
                        } else if ("REJECTED".equals(reply.getString("status"))) {
                            board.close(c, CaseBoard.Status.STALE, decision.put("detail", reply.getString("detail")));
                            error(ctx, 409, "GATE_REFUSED", "gate " + c.gateId + ": " + reply.getString("detail"));
                        } else {
                            error(ctx, 502, "GATE_" + reply.getString("status"), "gate " + c.gateId + ": "
                                    + reply.getString("detail") + "; the case stays open");
                        }
                    });
        }

        private JsonObject body(RoutingContext ctx) {
            try {
                JsonObject body = ctx.body().asJsonObject();
                if (body == null) {
                    error(ctx, 400, "BAD_BODY", "expected a JSON object");
                }
                return body;
            } catch (DecodeException | ClassCastException e) {
                error(ctx, 400, "BAD_BODY", "body is not a JSON object");
                return null;
            }
        }

        private static void page(RoutingContext ctx, String name) {
            ctx.response().putHeader("content-type", "text/html; charset=utf-8").sendFile("web/console/" + name);
        }

        private static void json(RoutingContext ctx, int status, JsonObject body) {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
        }

        private static void error(RoutingContext ctx, int status, String code, String message) {
            json(ctx, status, new JsonObject().put("error", code).put("message", message));
        }

        private static String quote(String s) {
            String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
            return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
        }

        private static String version() {
            String v = ConsoleServer.class.getPackage().getImplementationVersion();
            return v == null ? "development" : v;
        }

        @Override
        public void referral(String site, String gate, JsonObject opened, String openProblem) {
            if (board.referral(site, gate, opened, openProblem)) {
                Logger.info("case {} from {} ({} reasons)", opened.getString("transactionId"), gate,
                        opened.getJsonArray("reasons", new io.vertx.core.json.JsonArray()).size());
            }
        }

        @Override
        public void referralImages(String site, String gate, JsonObject opened, String openProblem) {
            board.images(gate, opened, openProblem);
        }

        @Override
        public void health(String site, String gate, JsonObject body) {
            board.health(gate, body);
        }

        @Override
        public void presence(String site, String gate, boolean online) {
            board.presence(gate, online);
        }
    }
}
