package org.openegate.provisioning.enrol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openegate.mqtt.TopicException;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;
import org.tinylog.Logger;

/**
 * The fleet's broker access rules as Mosquitto's dynamic-security plugin holds them, and the registrar's admin
 * link that keeps the plugin in step with the registry over {@code $CONTROL/dynamic-security/v1}.
 *
 * <p>Why the plugin and not an {@code acl_file}: Mosquitto 2.0 grants every SUBSCRIBE under an {@code acl_file}
 * (SUBACK success, then silently drops what the ACL denies), while the plugin checks {@code subscribePattern} ACLs
 * at subscribe time and answers SUBACK 0x87, and answers a denied QoS 1 PUBLISH with PUBACK 0x87 (MQTT 5
 * §3.9.3, §3.4.2.1). Measured on Mosquitto 2.0.11 (Debian 2.0.11-1.2+deb12u2):
 * <ul>
 * <li>with {@code use_identity_as_username} the broker takes the certificate's CN as the user and never asks the
 * plugin's password check, so the plugin's clients here have no password: the TLS client certificate (and the
 * CRL) is the authentication, the plugin only authorises;</li>
 * <li>a user the plugin does not know gets nothing (the plugin defers, and with no other check left Mosquitto
 * denies): every claim, device, registrar and extra user must be a plugin client;</li>
 * <li>2.0.11's plugin has no {@code %u}/{@code %c} substitution in ACL topics, so each user gets a role of its
 * own, named like the user, with literal topics;</li>
 * <li>{@code deleteClient} disconnects that user's live connections at once (DISCONNECT 0x98, administrative
 * action) — revocation needs no broker reload to cut a connected gate off;</li>
 * <li>the plugin keeps its state across SIGHUP (the CRL reload) and writes it back to its JSON file after each
 * change; {@code $CONTROL} topics are never open by default, the registrar's role grants them explicitly.</li>
 * </ul>
 * Clients and roles this class makes carry the text name {@value #MANAGED}; others (an operator's own admin user)
 * are never touched.
 */
final class DynamicSecurity {

    static final String CONTROL_TOPIC = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE_TOPIC = CONTROL_TOPIC + "/response";
    static final String MANAGED = "openegate";
    /**
     * Commands per control message (even: a user's two commands travel together). Each command makes the plugin
     * rewrite its whole JSON file (about 600 bytes a user), so with a thousand users one message of 100 commands
     * costs the broker about 60 MB of writes; smaller messages keep each answer well inside the timeout on a loaded
     * broker, and what was done is remembered message by message.
     */
    private static final int COMMANDS_PER_MESSAGE = 100;

    /** The three ACL types the fleet uses; a user gets nothing else (all defaults deny). */
    enum Access {
        SEND("publishClientSend"),
        RECEIVE("publishClientReceive"),
        SUBSCRIBE("subscribePattern");

        final String json;

        Access(String json) {
            this.json = json;
        }
    }

    /** One allow rule. */
    record Acl(Access access, String topic) {
    }

    /** A broker user and the rules of its role (one role per user, named like it). */
    record Grant(String user, List<Acl> acls) {
        Grant {
            Objects.requireNonNull(user, "user");
            acls = List.copyOf(acls);
        }

        /** Read and write below {@code filter}: publish, subscribe, and receive. */
        static List<Acl> readWrite(String filter) {
            return List.of(new Acl(Access.SEND, filter), new Acl(Access.SUBSCRIBE, filter), new Acl(Access.RECEIVE, filter));
        }

        static List<Acl> read(String filter) {
            return List.of(new Acl(Access.SUBSCRIBE, filter), new Acl(Access.RECEIVE, filter));
        }
    }

    // ---- the rules ---------------------------------------------------------------------------------------------

    /** The registrar: every request and reply, commands to gates and their replies, and the plugin's control API. */
    static Grant registrar() {
        List<Acl> acls = new ArrayList<>(Grant.readWrite("$CONTROL/dynamic-security/#"));
        acls.addAll(Grant.read(Ids.requestFilter()));
        acls.add(new Acl(Access.SEND, Ids.PROVISIONING + "+/reply"));
        acls.add(new Acl(Access.SEND, Topics.PREFIX + "+/+/cmd/#"));
        acls.addAll(Grant.read(Topics.PREFIX + "+/+/reply/#"));
        return new Grant(Ids.REGISTRAR, acls);
    }

    /** A claim certificate {@code claim-<id>}: its own provisioning subtree and nothing else. */
    static Grant claim(String user) {
        return new Grant(user, Grant.readWrite(Ids.PROVISIONING + user + "/#"));
    }

    /** An active gate: its provisioning subtree (renewal, bundles, revocation notice) and its own gate topics. */
    static Grant device(String deviceId, String site) {
        Topics topics = Topics.of(site, deviceId); // validated again: a rule must never hold a wildcard id
        List<Acl> acls = new ArrayList<>(Grant.readWrite(Ids.PROVISIONING + topics.gate() + "/#"));
        acls.addAll(Grant.readWrite(Topics.PREFIX + topics.site() + "/" + topics.gate() + "/#"));
        return new Grant(topics.gate(), acls);
    }

    /**
     * Reads the operator's {@code acl.extra} (Mosquitto {@code acl_file} syntax) into grants, so one file serves
     * both broker set-ups: {@code user NAME} starts a user, {@code topic [read|write|readwrite] FILTER} adds a rule.
     * {@code pattern} lines ({@code %u}/{@code %c}) and rules before any {@code user} line have no equivalent in
     * 2.0.11's plugin and are refused, naming the line.
     */
    static List<Grant> extras(String text, String source) {
        Map<String, List<Acl>> users = new LinkedHashMap<>();
        String user = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String where = source + " line " + (i + 1);
            switch (words[0]) {
                case "user" -> {
                    if (words.length != 2) {
                        throw bad(where + ": \"user\" takes one name, got \"" + Topics.quote(line, 80) + "\"");
                    }
                    user = words[1];
                    requireUserName(user, where);
                    users.putIfAbsent(user, new ArrayList<>());
                }
                case "topic" -> {
                    if (user == null) {
                        throw bad(where + ": a topic rule before any user line (anonymous access) is not allowed");
                    }
                    String access = words.length == 3 ? words[1] : "readwrite";
                    String filter = words.length == 3 ? words[2] : words.length == 2 ? words[1] : null;
                    if (filter == null) {
                        throw bad(where + ": expected \"topic [read|write|readwrite] FILTER\", got \""
                                + Topics.quote(line, 80) + "\"");
                    }
                    requireFilter(filter, where);
                    List<Acl> acls = users.get(user);
                    switch (access) {
                        case "read" -> acls.addAll(Grant.read(filter));
                        case "write" -> acls.add(new Acl(Access.SEND, filter));
                        case "readwrite" -> acls.addAll(Grant.readWrite(filter));
                        default -> throw bad(where + ": access \"" + Topics.quote(access, 20)
                                + "\" is not read, write or readwrite");
                    }
                }
                case "pattern" -> throw bad(where + ": pattern lines (%u, %c) cannot be expressed in Mosquitto"
                        + " 2.0.11's dynamic security; write one user block per user instead");
                default -> throw bad(where + ": unknown keyword \"" + Topics.quote(words[0], 20) + "\"");
            }
        }
        List<Grant> out = new ArrayList<>();
        users.forEach((name, acls) -> out.add(new Grant(name, acls)));
        return out;
    }

    /**
     * Everything the broker should know: the registrar, every unexpired claim, every active gate, and the
     * operator's extra users. An extra user may not take a fleet name (it would widen or shadow that user's rules).
     */
    static List<Grant> desired(Registry registry, List<Grant> extras) {
        Map<String, Grant> out = new LinkedHashMap<>();
        out.put(Ids.REGISTRAR, registrar());
        for (String user : registry.activeClaimUsers()) {
            out.put(user, claim(user));
        }
        for (String[] device : registry.activeDevices()) {
            out.put(device[0], device(device[0], device[1]));
        }
        Set<String> revoked = new TreeSet<>();
        for (DeviceRecord d : registry.devices()) {
            if (d.status() == DeviceRecord.Status.REVOKED) {
                revoked.add(d.deviceId());
            }
        }
        for (Grant extra : extras) {
            if (out.containsKey(extra.user()) || revoked.contains(extra.user())
                    || extra.user().startsWith(Ids.CLAIM_PREFIX)) {
                throw bad(BrokerFiles.ACL_EXTRA + " names user " + extra.user()
                        + ", which is the registrar, a claim or a gate of the fleet");
            }
            out.put(extra.user(), extra);
        }
        return List.copyOf(out.values());
    }

    /** The plugin's JSON file ({@code plugin_opt_config_file}) holding exactly {@code grants}, all defaults denied. */
    static byte[] configFile(List<Grant> grants) {
        ObjectNode root = Messages.JSON.createObjectNode();
        root.putObject("defaultACLAccess").put("publishClientSend", false).put("publishClientReceive", false)
                .put("subscribe", false).put("unsubscribe", true);
        ArrayNode clients = root.putArray("clients");
        ArrayNode roles = root.putArray("roles");
        root.putArray("groups");
        for (Grant g : grants) {
            ObjectNode client = clients.addObject().put("username", g.user()).put("textname", MANAGED);
            client.putArray("roles").addObject().put("rolename", g.user());
            ObjectNode role = roles.addObject().put("rolename", g.user()).put("textname", MANAGED);
            aclArray(role.putArray("acls"), g.acls());
        }
        try {
            return Messages.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoding the dynamic-security file failed", e);
        }
    }

    private static void aclArray(ArrayNode array, List<Acl> acls) {
        for (Acl acl : acls) {
            array.addObject().put("acltype", acl.access().json).put("topic", acl.topic()).put("priority", 0)
                    .put("allow", true);
        }
    }

    private static void requireUserName(String user, String where) {
        try {
            Topics.of("extra", user); // one topic level, no wildcards or separators, bounded length
        } catch (TopicException e) {
            throw bad(where + ": user name " + e.getMessage());
        }
    }

    private static void requireFilter(String filter, String where) {
        if (filter.length() > 256 || filter.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw bad(where + ": topic filter \"" + Topics.quote(filter, 80) + "\" is longer than 256 or not printable");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || (level.equals("#") && i == levels.length - 1);
            if (!wildcard && (level.contains("+") || level.contains("#"))) {
                throw bad(where + ": topic filter \"" + Topics.quote(filter, 80) + "\" misuses a wildcard at level "
                        + i + " (MQTT 5 §4.7.1)");
            }
        }
    }

    private static EnrolmentException bad(String message) {
        return new EnrolmentException(Reason.BAD_CONFIGURATION, message);
    }

    // ---- the admin link ----------------------------------------------------------------------------------------

    /** What one {@link #sync} changed on the broker. */
    record Change(List<String> added, List<String> removed) {
        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    private final MqttLink link;
    private final BrokerFiles files;
    private final Duration timeout;
    private final SecureRandom random;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    /** Users this class manages that the plugin holds now, as last seen or changed. */
    private final Set<String> present = new TreeSet<>();

    /**
     * {@code link} is a connection of the admin's own (this class closes it) that routes messages on
     * {@link #RESPONSE_TOPIC} to {@link #received}.
     */
    DynamicSecurity(MqttLink link, BrokerFiles files, Duration timeout, SecureRandom random) {
        this.link = link;
        this.files = files;
        this.timeout = timeout;
        this.random = random;
    }

    /** Subscribes to the plugin's responses and reads which managed users the broker holds. */
    synchronized void start() {
        int code = link.subscribe(RESPONSE_TOPIC);
        if (code >= 0x80) {
            throw new EnrolmentException(Reason.BROKER, "the broker refused " + link.user() + " the subscription "
                    + RESPONSE_TOPIC + " (reason code 0x" + Integer.toHexString(code) + "): is the broker running the"
                    + " dynamic-security plugin with the fleet's " + BrokerFiles.DYNSEC + "?");
        }
        ObjectNode list = command("listClients").put("verbose", true);
        JsonNode response = send(List.of(list)).get(0);
        present.clear();
        for (JsonNode client : response.path("data").path("clients")) {
            if (MANAGED.equals(client.path("textname").asText())) {
                present.add(client.path("username").asText());
            }
        }
        Logger.info("Broker dynamic security: {} managed user(s) present", present.size());
    }

    /**
     * Makes the broker hold exactly the registry's users among the managed ones: adds the missing, deletes the
     * rest. The registry is read under this object's lock, so of two syncs racing (a batch's and the periodic one)
     * the later always applies the newer registry and never removes a gate the earlier one just added.
     */
    synchronized Change sync() {
        List<Grant> grants;
        try {
            grants = files.grants();
        } catch (java.io.IOException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "cannot read " + BrokerFiles.ACL_EXTRA + " in "
                    + files.dir() + ": " + e.getMessage(), e);
        }
        Map<String, Grant> want = new LinkedHashMap<>();
        for (Grant g : grants) {
            want.put(g.user(), g);
        }
        List<String> added = new ArrayList<>();
        List<ObjectNode> commands = new ArrayList<>();
        for (Grant g : want.values()) {
            if (!present.contains(g.user())) {
                added.add(g.user());
                ObjectNode role = command("createRole").put("rolename", g.user()).put("textname", MANAGED);
                aclArray(role.putArray("acls"), g.acls());
                commands.add(role);
                ObjectNode client = command("createClient").put("username", g.user()).put("textname", MANAGED);
                client.putArray("roles").addObject().put("rolename", g.user());
                commands.add(client);
            }
        }
        List<String> removed = new ArrayList<>();
        for (String user : present) {
            if (!want.containsKey(user)) {
                removed.add(user);
                commands.add(command("deleteClient").put("username", user));
                commands.add(command("deleteRole").put("rolename", user));
            }
        }
        List<String> users = new ArrayList<>(added);
        users.addAll(removed); // two commands per user, in this order
        for (int from = 0; from < commands.size(); from += COMMANDS_PER_MESSAGE) {
            int to = Math.min(commands.size(), from + COMMANDS_PER_MESSAGE);
            send(commands.subList(from, to));
            for (int i = from / 2; i < to / 2; i++) {
                String user = users.get(i);
                if (i < added.size()) {
                    present.add(user);
                } else {
                    present.remove(user);
                }
            }
        }
        Change change = new Change(List.copyOf(added), List.copyOf(removed));
        if (!change.isEmpty()) {
            Logger.info("Broker dynamic security: added {} user(s), removed {}: {}", added.size(), removed.size(),
                    removed);
        }
        return change;
    }

    /** Deletes {@code user} now: the plugin disconnects its live connections and refuses it everything after. */
    synchronized void remove(String user) {
        send(List.of(command("deleteClient").put("username", user), command("deleteRole").put("rolename", user)));
        present.remove(user);
        Logger.info("Broker dynamic security: removed {} (its connections are closed)", user);
    }

    /** Closes the admin connection. */
    void close() {
        link.close();
    }

    /** A response from the plugin (Paho's callback thread): completes the request whose correlation id it carries. */
    void received(byte[] payload) {
        JsonNode tree;
        try {
            tree = Messages.JSON.readTree(payload);
        } catch (java.io.IOException e) {
            Logger.warn("Ignored a {}-byte dynamic-security response that is not JSON", payload.length);
            return;
        }
        JsonNode first = tree == null ? null : tree.path("responses").path(0);
        String correlation = first == null ? "" : first.path("correlationData").asText("");
        int colon = correlation.indexOf(':');
        CompletableFuture<JsonNode> future = colon < 0 ? null : waiting.remove(correlation.substring(0, colon));
        if (future != null) {
            future.complete(tree.path("responses"));
        } // else: the answer to another admin (responses go to every subscriber)
    }

    private static ObjectNode command(String name) {
        return Messages.JSON.createObjectNode().put("command", name);
    }

    /** Errors that mean "already as wanted": a retried or concurrent change. */
    private static final Set<String> HARMLESS = Set.of("Client already exists", "Role already exists",
            "Client not found", "Role not found");

    /** Sends the commands in one control message and waits for the plugin's answer to each. */
    private List<JsonNode> send(List<ObjectNode> commands) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String requestId = HexFormat.of().formatHex(id);
        ObjectNode message = Messages.JSON.createObjectNode();
        ArrayNode array = message.putArray("commands");
        for (int i = 0; i < commands.size(); i++) {
            array.add(commands.get(i).deepCopy().put("correlationData", requestId + ":" + i));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        JsonNode responses;
        try {
            link.publishAndWait(CONTROL_TOPIC, message.toString().getBytes(StandardCharsets.UTF_8));
            responses = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new EnrolmentException(Reason.TIMEOUT, "no answer from the broker's dynamic-security plugin within "
                    + timeout + " to " + commands.size() + " command(s) starting with "
                    + commands.get(0).path("command").asText());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrolmentException(Reason.TIMEOUT, "interrupted waiting for the dynamic-security plugin", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a response future never fails", e);
        } finally {
            waiting.remove(requestId);
        }
        List<JsonNode> out = new ArrayList<>();
        Set<String> failures = new LinkedHashSet<>();
        for (JsonNode r : responses) {
            String error = r.path("error").asText(null);
            if (error != null && !HARMLESS.contains(error)) {
                failures.add(r.path("command").asText() + ": " + error);
            }
            out.add(r);
        }
        if (!failures.isEmpty() || out.size() != commands.size()) {
            throw new EnrolmentException(Reason.BROKER, "the dynamic-security plugin refused " + failures.size()
                    + " of " + commands.size() + " command(s) (" + out.size() + " answered): " + failures);
        }
        return out;
    }
}
