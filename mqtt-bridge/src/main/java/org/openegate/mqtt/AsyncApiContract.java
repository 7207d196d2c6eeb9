package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bundled AsyncAPI 3.0 document ({@code /asyncapi.json} in this jar, with its JSON schemas under
 * {@code /schema/}) as a checker: which channel a concrete topic belongs to, and whether a payload is one of
 * that channel's messages. Central consumers can use it to reject off-contract traffic; the conformance tests
 * use it on real traffic through a broker.
 */
public final class AsyncApiContract {

    /** A channel: its id in the document, its address template and the schemas of its messages. */
    private record Channel(String id, String address, Pattern pattern, List<String> schemaFiles) { }

    private final JsonNode document;
    private final List<Channel> channels = new ArrayList<>();
    private final SchemaValidator validator = new SchemaValidator("/schema/");

    private AsyncApiContract(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("channels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> ch = it.next();
            String address = ch.getValue().path("address").asText();
            List<String> schemas = new ArrayList<>();
            for (JsonNode ref : ch.getValue().path("messages")) {
                JsonNode msg = resolve(ref.path("$ref").asText());
                String schemaRef = msg.path("payload").path("schema").path("$ref").asText();
                if (schemaRef.isEmpty()) {
                    throw new IllegalStateException("message " + ref + " of channel " + ch.getKey() + " has no payload schema $ref");
                }
                schemas.add(schemaRef.replaceFirst("^\\./schema/", ""));
            }
            channels.add(new Channel(ch.getKey(), address, pattern(address, ch.getValue().path("parameters")), schemas));
        }
    }

    /** The document bundled with this module. */
    public static AsyncApiContract load() {
        try (InputStream in = AsyncApiContract.class.getResourceAsStream("/asyncapi.json")) {
            if (in == null) {
                throw new IllegalStateException("/asyncapi.json is not on the class path");
            }
            JsonNode doc = OutboxEvent.JSON.readTree(in);
            if (!"3.0.0".equals(doc.path("asyncapi").asText())) {
                throw new IllegalStateException("asyncapi.json is version " + doc.path("asyncapi") + ", not 3.0.0");
            }
            return new AsyncApiContract(doc);
        } catch (IOException e) {
            throw new IllegalStateException("/asyncapi.json is not JSON: " + e.getMessage(), e);
        }
    }

    /** Channel ids in document order, with their address templates. */
    public Map<String, String> channels() {
        Map<String, String> m = new LinkedHashMap<>();
        channels.forEach(c -> m.put(c.id(), c.address()));
        return m;
    }

    /** The id of the one channel whose address matches {@code topic}, if any. */
    public Optional<String> channelOf(String topic) {
        List<Channel> hits = channels.stream().filter(c -> c.pattern().matcher(topic).matches()).toList();
        if (hits.size() > 1) {
            throw new IllegalStateException("topic " + Topics.quote(topic) + " matches channels "
                    + hits.stream().map(Channel::id).toList() + ": the document is ambiguous");
        }
        return hits.stream().findFirst().map(Channel::id);
    }

    /**
     * Why {@code payload} on {@code topic} is off-contract; empty when the topic matches a channel and the
     * payload is JSON valid against one of its messages' schemas.
     */
    public List<String> violations(String topic, byte[] payload) {
        Optional<String> id = channelOf(topic);
        if (id.isEmpty()) {
            return List.of("topic " + Topics.quote(topic) + " matches no channel address");
        }
        Channel ch = channels.stream().filter(c -> c.id().equals(id.get())).findFirst().orElseThrow();
        JsonNode doc;
        try {
            doc = OutboxEvent.JSON.readTree(payload);
        } catch (IOException e) {
            return List.of("payload on " + ch.id() + " is not JSON");
        }
        List<String> all = new ArrayList<>();
        for (String schema : ch.schemaFiles()) {
            List<String> v = validator.validate(schema, doc);
            if (v.isEmpty()) {
                return List.of();
            }
            v.forEach(x -> all.add(schema + " " + x));
        }
        return all;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalStateException("only local $refs are used between AsyncAPI objects, not " + ref);
        }
        JsonNode n = document.at(ref.substring(1));
        if (n.isMissingNode()) {
            throw new IllegalStateException("$ref " + ref + " points nowhere");
        }
        return n.has("$ref") ? resolve(n.get("$ref").asText()) : n;
    }

    /** {@code egate/v1/{site}/{gate}/cmd/{command}} → a regex; a parameter with an enum matches only its values. */
    private static Pattern pattern(String address, JsonNode params) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < address.length()) {
            int open = address.indexOf('{', i);
            if (open < 0) {
                re.append(Pattern.quote(address.substring(i)));
                break;
            }
            re.append(Pattern.quote(address.substring(i, open)));
            int close = address.indexOf('}', open);
            String name = address.substring(open + 1, close);
            JsonNode values = params.path(name).path("enum");
            if (values.isArray() && !values.isEmpty()) {
                List<String> alts = new ArrayList<>();
                values.forEach(v -> alts.add(Pattern.quote(v.asText())));
                re.append("(?:").append(String.join("|", alts)).append(')');
            } else {
                // One topic level of the id alphabet (Topics.validId).
                re.append("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
            }
            i = close + 1;
        }
        return Pattern.compile(re.toString());
    }
}
