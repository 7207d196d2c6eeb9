package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) validator for the keywords the bundled schemas use, and only those: a schema
 * using any other keyword is refused, so a schema can never claim more than is checked. Keywords: type, const,
 * enum, required, properties, additionalProperties, items, pattern, minLength, maxLength, minimum, not, anyOf,
 * oneOf, allOf, format (date-time checked; others ignored, as 2020-12 §7.2 allows), $ref to a bundled file with an
 * optional JSON pointer; annotations ($schema, $id, title, description) are ignored.
 */
final class SchemaValidator {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description");
    private static final Set<String> KEYWORDS = Set.of("type", "const", "enum", "required", "properties",
            "additionalProperties", "items", "pattern", "minLength", "maxLength", "minimum", "not", "anyOf", "oneOf",
            "allOf", "format", "$ref");

    private final String resourceDir;
    private final Map<String, JsonNode> files = new ConcurrentHashMap<>();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** Schemas are classpath resources under {@code resourceDir} (e.g. {@code /schema/}). */
    SchemaValidator(String resourceDir) {
        this.resourceDir = resourceDir;
    }

    /** Violations of the schema in {@code file} (a name under the resource dir) by {@code doc}; empty if it conforms. */
    List<String> validate(String file, JsonNode doc) {
        List<String> out = new ArrayList<>();
        check(load(file), file, doc, "$", out);
        return out;
    }

    JsonNode load(String file) {
        return files.computeIfAbsent(file, f -> {
            try (InputStream in = SchemaValidator.class.getResourceAsStream(resourceDir + f)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + resourceDir + f + " is not bundled");
                }
                return OutboxEvent.JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException("schema " + f + " is not JSON: " + e.getMessage(), e);
            }
        });
    }

    private void check(JsonNode s, String file, JsonNode doc, String at, List<String> out) {
        if (s.isBoolean()) {
            if (!s.booleanValue()) {
                out.add(at + ": not allowed");
            }
            return;
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k) && !ANNOTATIONS.contains(k)) {
                throw new IllegalStateException("schema " + file + " uses keyword " + k + ", which this validator does not check");
            }
        }
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            int hash = ref.indexOf('#');
            String target = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            String f = target.isEmpty() ? file : target.startsWith("./") ? target.substring(2) : target;
            if (f.startsWith("schema/")) {
                f = f.substring("schema/".length());
            }
            JsonNode referenced = pointer.isEmpty() ? load(f) : load(f).at(pointer);
            if (referenced.isMissingNode()) {
                throw new IllegalStateException("schema " + file + ": $ref " + ref + " points nowhere");
            }
            check(referenced, f, doc, at, out);
        }
        if (s.has("type") && !typeMatches(s.get("type"), doc)) {
            out.add(at + ": is " + doc.getNodeType() + ", expected " + s.get("type"));
            return;
        }
        if (s.has("const") && !s.get("const").equals(doc)) {
            out.add(at + ": is " + shortText(doc) + ", expected " + s.get("const"));
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(doc);
            }
            if (!found) {
                out.add(at + ": " + shortText(doc) + " is not one of " + s.get("enum"));
            }
        }
        if (doc.isObject()) {
            for (JsonNode r : s.path("required")) {
                if (!doc.has(r.asText())) {
                    out.add(at + ": missing " + r.asText());
                }
            }
            JsonNode props = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    check(props.get(f.getKey()), file, f.getValue(), at + "." + f.getKey(), out);
                } else if (s.has("additionalProperties")) {
                    check(s.get("additionalProperties"), file, f.getValue(), at + "." + f.getKey(), out);
                }
            }
        }
        if (doc.isArray() && s.has("items")) {
            for (int i = 0; i < doc.size(); i++) {
                check(s.get("items"), file, doc.get(i), at + "[" + i + "]", out);
            }
        }
        if (doc.isTextual()) {
            String t = doc.textValue();
            if (s.has("pattern") && !patterns.computeIfAbsent(s.get("pattern").asText(), Pattern::compile).matcher(t).find()) {
                out.add(at + ": " + shortText(doc) + " does not match " + s.get("pattern").asText());
            }
            int len = t.codePointCount(0, t.length());
            if (s.has("minLength") && len < s.get("minLength").asInt()) {
                out.add(at + ": shorter than " + s.get("minLength").asInt());
            }
            if (s.has("maxLength") && len > s.get("maxLength").asInt()) {
                out.add(at + ": longer than " + s.get("maxLength").asInt());
            }
            if ("date-time".equals(s.path("format").asText())) {
                try {
                    OffsetDateTime.parse(t); // RFC 3339 §5.6
                } catch (DateTimeParseException e) {
                    out.add(at + ": " + shortText(doc) + " is not an RFC 3339 date-time");
                }
            }
        }
        if (doc.isNumber() && s.has("minimum") && doc.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
            out.add(at + ": " + doc + " is below " + s.get("minimum"));
        }
        if (s.has("not")) {
            List<String> sub = new ArrayList<>();
            check(s.get("not"), file, doc, at, sub);
            if (sub.isEmpty()) {
                out.add(at + ": matches a schema it must not (" + shortText(s.get("not").path("description")) + ")");
            }
        }
        for (JsonNode sub : s.path("allOf")) {
            check(sub, file, doc, at, out);
        }
        if (s.has("anyOf") || s.has("oneOf")) {
            String k = s.has("anyOf") ? "anyOf" : "oneOf";
            int matched = 0;
            for (JsonNode sub : s.get(k)) {
                List<String> v = new ArrayList<>();
                check(sub, file, doc, at, v);
                matched += v.isEmpty() ? 1 : 0;
            }
            if (matched == 0 || (k.equals("oneOf") && matched > 1)) {
                out.add(at + ": matches " + matched + " of the " + k + " schemas");
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode doc) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, doc)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> doc.isObject();
            case "array" -> doc.isArray();
            case "string" -> doc.isTextual();
            case "integer" -> doc.isIntegralNumber() || (doc.isNumber() && doc.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> doc.isNumber();
            case "boolean" -> doc.isBoolean();
            case "null" -> doc.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static String shortText(JsonNode n) {
        return Topics.quote(n.isTextual() ? n.textValue() : n.toString());
    }
}
