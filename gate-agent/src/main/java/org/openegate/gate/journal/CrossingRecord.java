package org.openegate.gate.journal;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.openegate.gate.decision.Decision;

/**
 * One journalled transaction (BSI TR-03135 §6): what was checked, with which result, score and threshold, how
 * long each step took, which component versions ran, and the decision.
 *
 * @param transactionId unique id of the crossing, also the MQTT event id
 * @param checks        every check result with its status, reason, score and threshold (no personal data)
 * @param timingsMs     milliseconds per step, in step order
 * @param personal      fields that identify the traveller; stored encrypted, never published in clear
 * @param statistics    disaggregated, non-identifying attributes (nationality, sex, age band, document type)
 */
public record CrossingRecord(
        String transactionId,
        String gateId,
        Instant startedAt,
        Instant finishedAt,
        Decision decision,
        JsonObject checks,
        JsonObject timingsMs,
        JsonObject versions,
        JsonObject personal,
        JsonObject statistics) {

    /** The payload central systems receive: no names, numbers or dates of birth. */
    public JsonObject toPublishedJson() {
        List<String> reasons = decision.reasons().stream().map(Enum::name).toList();
        return new JsonObject()
                .put("eventId", transactionId)
                .put("gateId", gateId)
                .put("startedAt", startedAt.toString())
                .put("finishedAt", finishedAt.toString())
                .put("outcome", decision.outcome().name())
                .put("reasons", reasons)
                .put("checks", checks.copy())
                .put("timingsMs", timingsMs.copy())
                .put("versions", versions.copy())
                .put("traveller", statistics.copy());
    }

    /** Never prints personal fields. */
    @Override
    public String toString() {
        return "CrossingRecord[" + transactionId + ", " + decision + ", personal redacted]";
    }
}
