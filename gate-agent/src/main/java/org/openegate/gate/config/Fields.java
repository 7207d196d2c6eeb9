package org.openegate.gate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one object of a configuration tree, recording every problem under its dotted path instead of stopping at
 * the first: the operator fixes a file once, not once per error. Values are never coerced or clamped (a string
 * "8080" is not a port; 1.7 is not a threshold): a wrong value is an error, never silently "fixed".
 */
final class Fields {

    private final JsonObject json;
    private final String path;
    private final List<ConfigError> errors;
    private final Set<String> known = new HashSet<>();

    Fields(JsonObject json, String path, List<ConfigError> errors) {
        this.json = json;
        this.path = path;
        this.errors = errors;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void error(String key, String problem) {
        errors.add(new ConfigError(path(key), problem));
    }

    boolean has(String key) {
        known.add(key);
        return json.containsKey(key) && json.getValue(key) != null;
    }

    /** Whether the key holds a string (for fields that take a number or a name, such as a camera). */
    boolean isString(String key) {
        return json.getValue(key) instanceof String;
    }

    private Optional<Object> value(String key, boolean required) {
        known.add(key);
        Object value = json.getValue(key);
        if (value == null) {
            if (required) {
                error(key, "is required");
            }
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<String> string(String key, boolean required, Pattern pattern, String expected) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof String s)) {
            error(key, "must be a string (" + expected + "), was " + describe(value.get()));
            return Optional.empty();
        }
        if (!pattern.matcher(s).matches()) {
            error(key, "must be " + expected + ", was '" + s + "'");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    Optional<Long> integer(String key, boolean required, long min, long max) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (!(v instanceof Integer || v instanceof Long)) {
            error(key, "must be a whole number in [" + min + ", " + max + "], was " + describe(v));
            return Optional.empty();
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            error(key, "must be in [" + min + ", " + max + "], was " + n);
            return Optional.empty();
        }
        return Optional.of(n);
    }

    Optional<Double> decimal(String key, boolean required, double min, double max) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (!(v instanceof Number number)) {
            error(key, "must be a number in [" + min + ", " + max + "], was " + describe(v));
            return Optional.empty();
        }
        double d = number.doubleValue();
        if (!(d >= min && d <= max)) {
            error(key, "must be in [" + min + ", " + max + "], was " + d);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    Optional<Boolean> bool(String key, boolean required) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof Boolean b)) {
            error(key, "must be true or false, was " + describe(value.get()));
            return Optional.empty();
        }
        return Optional.of(b);
    }

    <E extends Enum<E>> Optional<E> enumValue(String key, boolean required, Class<E> type) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return parseEnum(path(key), value.get(), type);
    }

    <E extends Enum<E>> Optional<E> parseEnum(String fullPath, Object v, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        if (v instanceof String s) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(s)) {
                    return Optional.of(constant);
                }
            }
        }
        errors.add(new ConfigError(fullPath, "must be one of " + names + ", was " + describe(v)));
        return Optional.empty();
    }

    Optional<Fields> object(String key, boolean required) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonObject child)) {
            error(key, "must be a mapping, was " + describe(value.get()));
            return Optional.empty();
        }
        return Optional.of(new Fields(child, path(key), errors));
    }

    /** A list of strings, each matching {@code pattern}; duplicates are an error (they hint at a typo). */
    Optional<List<String>> strings(String key, boolean required, Pattern pattern, String expected) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonArray array)) {
            error(key, "must be a list of " + expected + ", was " + describe(value.get()));
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            String itemPath = path(key) + "[" + i + "]";
            if (!(item instanceof String s) || !pattern.matcher(s).matches()) {
                errors.add(new ConfigError(itemPath, "must be " + expected + ", was " + describe(item)));
                ok = false;
            } else if (!out.add(s)) {
                errors.add(new ConfigError(itemPath, "'" + s + "' is listed twice"));
                ok = false;
            }
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    Optional<JsonArray> array(String key, boolean required) {
        Optional<Object> value = value(key, required);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonArray array)) {
            error(key, "must be a list, was " + describe(value.get()));
            return Optional.empty();
        }
        return Optional.of(array);
    }

    JsonObject json() {
        return json;
    }

    /** Every key not read is an error: a misspelt key would otherwise be ignored and its default used. */
    void rejectUnknown() {
        for (String key : json.fieldNames()) {
            if (!known.contains(key)) {
                error(key, "is not a known setting here (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "empty";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof JsonObject) {
            return "a mapping";
        }
        if (value instanceof JsonArray) {
            return "a list";
        }
        return value.toString();
    }
}
