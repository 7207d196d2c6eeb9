package org.openegate.gate.config;

import java.util.List;

/** A configuration or policy was rejected whole; {@link #errors()} lists every offending field, not only the first. */
public final class ConfigException extends Exception {

    private final String source;
    private final List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(source + " rejected, " + errors.size() + (errors.size() == 1 ? " error: " : " errors: ")
                + String.join("; ", errors.stream().map(ConfigError::toString).toList()));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejected configuration names at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The file (or "configuration") that was rejected. */
    public String source() {
        return source;
    }

    public List<ConfigError> errors() {
        return errors;
    }

    /** The dotted paths of the offending fields, in the order found. */
    public List<String> paths() {
        return errors.stream().map(ConfigError::path).toList();
    }
}
