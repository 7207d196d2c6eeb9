package org.openegate.gate.flow;

import io.vertx.core.json.JsonObject;

/** Measures the crossing step by step, in the order the steps ran, for the journal and the demo's lines. */
final class StepTimer {

    private final JsonObject millis = new JsonObject();
    private long started = System.nanoTime();

    /** Ends the step that was running, under this name, and starts the next. */
    void lap(String step) {
        long now = System.nanoTime();
        millis.put(step, Math.round((now - started) / 10_000.0) / 100.0);
        started = now;
    }

    JsonObject millis() {
        return millis.copy();
    }
}
