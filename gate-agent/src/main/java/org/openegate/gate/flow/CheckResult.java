package org.openegate.gate.flow;

import io.vertx.core.json.JsonObject;
import org.openegate.crypto.CheckStatus;

/**
 * One check of a crossing, in BSI TR-03135's terms: a status, a reason code, and where a check measures, the
 * score and the threshold it was held against. Carries no personal data, so it may be published.
 */
record CheckResult(CheckStatus status, String reason, Double score, Double threshold) {

    static CheckResult of(CheckStatus status, String reason) {
        return new CheckResult(status, reason, null, null);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", status.name()).put("reason", reason);
        if (score != null) {
            json.put("score", Math.round(score * 10_000) / 10_000.0).put("threshold", threshold);
        }
        return json;
    }
}
