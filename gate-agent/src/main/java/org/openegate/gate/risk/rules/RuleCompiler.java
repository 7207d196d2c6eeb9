package org.openegate.gate.risk.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.gate.risk.rules.RiskProfileException.Reason;

/**
 * Content bytes to a {@link RiskProfiles}, or the first fault. Strict on purpose: an unknown member, a repeated
 * key or a value out of its domain refuses the bundle instead of being ignored, because a rule that silently means
 * less than its author wrote lets through the travellers it was written for.
 */
final class RuleCompiler {

    static final String FORMAT = "openegate.risk-profiles.v1";
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_RULES = 10_000;
    static final int MAX_VALUES = 500;
    static final int MAX_REASON = 200;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** 9303-3 §5 codes without fillers: 1-3 letters (D for Germany, XXA/XXB/XXC/XXX for the special cases). */
    private static final Pattern STATE = Pattern.compile("[A-Z]{1,3}");
    /** 9303 document codes: a letter, then a letter or nothing (the filler is not kept). */
    private static final Pattern DOCUMENT_CODE = Pattern.compile("[A-Z][A-Z]?");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private static final Set<String> TOP = Set.of("format", "timeZone", "assumedValidityYears", "rules");
    private static final Set<String> RULE = Set.of("id", "reason", "action", "description", "when");
    static final List<String> ATTRIBUTES = List.of("nationality", "issuingState", "sex", "documentCode",
            "direction", "age", "documentAgeDays", "daysToExpiry", "localTime", "daysOfWeek", "period");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Bundles are small and flat: deep nesting or huge numbers are an attack, not a policy.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxNumberLength(20).maxStringLength(64 * 1024).build());
    }

    private Optional<String> ruleId = Optional.empty();

    private RuleCompiler() {
    }

    static RiskProfiles compile(byte[] content) throws RiskProfileException {
        return new RuleCompiler().run(content);
    }

    private RiskProfiles run(byte[] content) throws RiskProfileException {
        if (content.length > MAX_BYTES) {
            throw fail(Reason.TOO_LARGE, "", content.length + " bytes exceed the limit of " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + " column " + at.getColumnNr();
            throw fail(Reason.MALFORMED_JSON, where, e.getOriginalMessage());
        } catch (IOException e) {
            throw fail(Reason.MALFORMED_JSON, "", e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw fail(Reason.MALFORMED_JSON, "", "no JSON value");
        }
        requireObject(root, "");
        onlyMembers(root, "", TOP);
        JsonNode format = required(root, "", "format");
        if (!format.isTextual() || !FORMAT.equals(format.textValue())) {
            throw fail(Reason.UNSUPPORTED_FORMAT, "/format", "is " + quote(format) + ", expected \"" + FORMAT + "\"");
        }
        ZoneId zone = ZoneId.of("UTC");
        if (root.has("timeZone")) {
            String text = text(root.get("timeZone"), "/timeZone");
            try {
                zone = ZoneId.of(text);
            } catch (DateTimeException e) {
                throw fail(Reason.BAD_TIME_ZONE, "/timeZone", quote(root.get("timeZone")) + " is no IANA time zone");
            }
        }
        int validity = 10;
        if (root.has("assumedValidityYears")) {
            validity = (int) integer(root.get("assumedValidityYears"), "/assumedValidityYears", 1, 30);
        }
        JsonNode rules = required(root, "", "rules");
        if (!rules.isArray()) {
            throw fail(Reason.WRONG_TYPE, "/rules", "is " + rules.getNodeType() + ", expected an array");
        }
        if (rules.size() > MAX_RULES) {
            throw fail(Reason.TOO_MANY, "/rules", rules.size() + " rules exceed the limit of " + MAX_RULES);
        }
        List<Rule> compiled = new ArrayList<>(rules.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rule(rules.get(i), "/rules/" + i);
            if (!ids.add(rule.id())) {
                throw fail(Reason.DUPLICATE_ID, "/rules/" + i + "/id", "the id is used by an earlier rule");
            }
            compiled.add(rule);
            ruleId = Optional.empty();
        }
        return new RiskProfiles(compiled, zone, validity);
    }

    private Rule rule(JsonNode node, String at) throws RiskProfileException {
        requireObject(node, at);
        JsonNode idNode = required(node, at, "id");
        String id = text(idNode, at + "/id");
        if (!ID.matcher(id).matches()) {
            throw fail(Reason.BAD_ID, at + "/id", quote(idNode) + " is not 1-64 of [A-Za-z0-9._-] starting with a letter or digit");
        }
        ruleId = Optional.of(id);
        onlyMembers(node, at, RULE);
        JsonNode reasonNode = required(node, at, "reason");
        String reason = text(reasonNode, at + "/reason");
        if (reason.isBlank() || reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw fail(Reason.BAD_REASON, at + "/reason", "must be 1-" + MAX_REASON
                    + " characters without control characters, was " + reason.length() + " characters");
        }
        if (node.has("description")) {
            text(node.get("description"), at + "/description");
        }
        if (node.has("action")) {
            String action = text(node.get("action"), at + "/action");
            if (!"REFER".equals(action)) {
                throw fail(Reason.UNSUPPORTED_ACTION, at + "/action", quote(node.get("action"))
                        + ": a risk profile can only REFER a traveller to an officer");
            }
        }
        JsonNode when = required(node, at, "when");
        requireObject(when, at + "/when");
        if (when.isEmpty()) {
            throw fail(Reason.EMPTY_CONDITION, at + "/when", "a rule without conditions would refer every traveller");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = when.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            conditions.add(condition(entry.getKey(), entry.getValue(), at + "/when/" + escape(entry.getKey())));
        }
        return new Rule(id, reason, conditions);
    }

    private Condition condition(String attribute, JsonNode node, String at) throws RiskProfileException {
        return switch (attribute) {
            case "nationality" -> inSet(node, at, TravellerAttributes::nationality, v -> STATE.matcher(v).matches(),
                    "a 9303 country code of 1-3 letters without fillers", false);
            case "issuingState" -> inSet(node, at, TravellerAttributes::issuingState, v -> STATE.matcher(v).matches(),
                    "a 9303 country code of 1-3 letters without fillers", false);
            case "sex" -> inSet(node, at, t -> t.sex().map(s -> String.valueOf(s.code())),
                    v -> v.length() == 1 && Mrz.Sex.fromCode(v.charAt(0)).isPresent(), "one of F, M, X, <", false);
            case "documentCode" -> inSet(node, at, TravellerAttributes::documentCode,
                    v -> DOCUMENT_CODE.matcher(v).matches(), "a document code of 1-2 capital letters", true);
            case "direction" -> inSet(node, at, t -> t.direction().map(Enum::name),
                    v -> v.equals("ENTRY") || v.equals("EXIT"), "ENTRY or EXIT", false);
            case "age" -> range(node, at, Condition.Derived::ageYears, 0, 150);
            case "documentAgeDays" -> range(node, at, Condition.Derived::documentAgeDays, -36_500, 36_500);
            case "daysToExpiry" -> range(node, at, Condition.Derived::daysToExpiry, -36_500, 36_500);
            case "localTime" -> timeOfDay(node, at);
            case "daysOfWeek" -> daysOfWeek(node, at);
            case "period" -> period(node, at);
            default -> throw fail(Reason.UNKNOWN_ATTRIBUTE, at, "'" + clip(attribute) + "' is not one of " + ATTRIBUTES);
        };
    }

    private Condition inSet(JsonNode node, String at, Function<TravellerAttributes, Optional<String>> attribute,
            Predicate<String> valid, String domain, boolean prefixOfOne) throws RiskProfileException {
        Listed listed = listed(node, at, valid, domain);
        return new Condition.InSet(attribute, Set.copyOf(listed.values()), listed.negated(), prefixOfOne);
    }

    /** The values of an {@code {"in": [...]}} or {@code {"notIn": [...]}} condition. */
    private record Listed(Set<String> values, boolean negated) {
    }

    private Listed listed(JsonNode node, String at, Predicate<String> valid, String domain)
            throws RiskProfileException {
        requireObject(node, at);
        onlyMembers(node, at, Set.of("in", "notIn"));
        if (node.size() != 1) {
            throw fail(Reason.MISSING_FIELD, at, "needs exactly one of 'in' or 'notIn'");
        }
        boolean negated = node.has("notIn");
        String key = negated ? "notIn" : "in";
        return new Listed(strings(node.get(key), at + "/" + key, valid, domain), negated);
    }

    private Set<String> strings(JsonNode list, String at, Predicate<String> valid, String domain)
            throws RiskProfileException {
        if (!list.isArray()) {
            throw fail(Reason.WRONG_TYPE, at, "is " + list.getNodeType() + ", expected an array of strings");
        }
        if (list.isEmpty()) {
            throw fail(Reason.EMPTY_CONDITION, at, "an empty list");
        }
        if (list.size() > MAX_VALUES) {
            throw fail(Reason.TOO_MANY, at, list.size() + " values exceed the limit of " + MAX_VALUES);
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String value = text(list.get(i), at + "/" + i);
            if (!valid.test(value)) {
                throw fail(Reason.BAD_VALUE, at + "/" + i, quote(list.get(i)) + " is not " + domain);
            }
            values.add(value);
        }
        return values;
    }

    private Condition range(JsonNode node, String at, Function<Condition.Derived, Optional<Long>> attribute,
            long lowest, long highest) throws RiskProfileException {
        requireObject(node, at);
        onlyMembers(node, at, Set.of("min", "max"));
        if (node.isEmpty()) {
            throw fail(Reason.MISSING_FIELD, at, "needs 'min', 'max' or both");
        }
        long min = node.has("min") ? integer(node.get("min"), at + "/min", lowest, highest) : Long.MIN_VALUE;
        long max = node.has("max") ? integer(node.get("max"), at + "/max", lowest, highest) : Long.MAX_VALUE;
        if (min > max) {
            throw fail(Reason.EMPTY_RANGE, at, "min " + min + " is above max " + max);
        }
        return new Condition.Range(attribute, min, max);
    }

    private Condition timeOfDay(JsonNode node, String at) throws RiskProfileException {
        requireObject(node, at);
        onlyMembers(node, at, Set.of("from", "to"));
        LocalTime from = hhmm(required(node, at, "from"), at + "/from");
        LocalTime to = hhmm(required(node, at, "to"), at + "/to");
        if (from.equals(to)) {
            throw fail(Reason.EMPTY_RANGE, at, "from and to are both " + from + ": a window of no length");
        }
        return new Condition.TimeOfDay(from, to);
    }

    private LocalTime hhmm(JsonNode node, String at) throws RiskProfileException {
        String text = text(node, at);
        if (!HH_MM.matcher(text).matches()) {
            throw fail(Reason.BAD_VALUE, at, quote(node) + " is not a time HH:MM");
        }
        return LocalTime.parse(text);
    }

    private Condition daysOfWeek(JsonNode node, String at) throws RiskProfileException {
        Listed listed = listed(node, at, v -> !dayName(v).isEmpty(), "one of MON, TUE, WED, THU, FRI, SAT, SUN");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (listed.values().contains(d.name().substring(0, 3)) != listed.negated()) {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            throw fail(Reason.EMPTY_RANGE, at, "excludes every day of the week");
        }
        return new Condition.DaysOfWeek(Set.copyOf(days));
    }

    /** MON..SUN to the full {@link DayOfWeek} name; empty for anything else. */
    private static String dayName(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(abbreviation)) {
                return d.name();
            }
        }
        return "";
    }

    private Condition period(JsonNode node, String at) throws RiskProfileException {
        requireObject(node, at);
        onlyMembers(node, at, Set.of("from", "until"));
        Instant from = node.has("from") ? instant(node.get("from"), at + "/from") : Instant.MIN;
        Instant until = node.has("until") ? instant(node.get("until"), at + "/until") : Instant.MAX;
        if (node.isEmpty()) {
            throw fail(Reason.MISSING_FIELD, at, "needs 'from', 'until' or both");
        }
        if (!from.isBefore(until)) {
            throw fail(Reason.EMPTY_RANGE, at, "from " + from + " is not before until " + until);
        }
        return new Condition.InForce(from, until);
    }

    private Instant instant(JsonNode node, String at) throws RiskProfileException {
        String text = text(node, at);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) { // unparsable, or beyond the range of Instant
            throw fail(Reason.BAD_VALUE, at, quote(node) + " is not an ISO-8601 date-time with offset");
        }
        // A policy period in another millennium is a typo (a missing digit), not a policy.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw fail(Reason.BAD_VALUE, at, quote(node) + " is outside " + EARLIEST + ".." + LATEST);
        }
        return instant;
    }

    // --- JSON shape helpers ---

    private void requireObject(JsonNode node, String at) throws RiskProfileException {
        if (!node.isObject()) {
            throw fail(Reason.WRONG_TYPE, at, "is " + node.getNodeType() + ", expected an object");
        }
    }

    private void onlyMembers(JsonNode node, String at, Set<String> allowed) throws RiskProfileException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw fail(Reason.UNKNOWN_FIELD, at + "/" + escape(name), "'" + clip(name) + "' is not one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    private JsonNode required(JsonNode node, String at, String name) throws RiskProfileException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw fail(Reason.MISSING_FIELD, at + "/" + name, "'" + name + "' is required");
        }
        return value;
    }

    private String text(JsonNode node, String at) throws RiskProfileException {
        if (!node.isTextual()) {
            throw fail(Reason.WRONG_TYPE, at, "is " + node.getNodeType() + ", expected a string");
        }
        return node.textValue();
    }

    private long integer(JsonNode node, String at, long lowest, long highest) throws RiskProfileException {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw fail(Reason.WRONG_TYPE, at, "is " + quote(node) + ", expected a whole number");
        }
        long value = node.longValue();
        if (value < lowest || value > highest) {
            throw fail(Reason.BAD_VALUE, at, value + " is outside " + lowest + ".." + highest);
        }
        return value;
    }

    private RiskProfileException fail(Reason reason, String at, String detail) {
        return new RiskProfileException(reason, ruleId, at, detail);
    }

    /** RFC 6901 escaping of one reference token. */
    private static String escape(String token) {
        return clip(token).replace("~", "~0").replace("/", "~1");
    }

    /** Bundle text in messages: at most 40 characters, control characters shown as '?'. */
    private static String clip(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static String quote(JsonNode node) {
        return node.isTextual() ? "\"" + clip(node.textValue()) + "\"" : clip(node.toString());
    }
}
