package org.openegate.gate.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of one period (an hour or a day, UTC), already suppressed: safe to publish and export.
 *
 * <p>Reconciliation without disclosure: {@code total} is every crossing journalled in the period; {@code cells}
 * are the combinations with at least k crossings; {@code suppressed} is the rest, so {@code sum(cells) +
 * suppressed == total}. The per-dimension {@link #totals} are sums of the published cells, plus the same
 * {@code suppressed} count, so they reconcile with the total too and reveal nothing the cells do not.
 *
 * @param start      first instant of the period (inclusive)
 * @param end        end of the period (exclusive)
 * @param k          the suppression threshold applied
 * @param total      crossings journalled in the period
 * @param cells      published cells, each with at least k crossings, sorted by their values
 * @param suppressed crossings in cells under k
 * @param processing processing-time distribution
 */
public record PeriodStatistics(Instant start, Instant end, int k, int total, List<Cell> cells, int suppressed,
        ProcessingTimes processing) {

    /** Schema version of {@link #toJson}; bumped when a field changes meaning. */
    public static final int SCHEMA_VERSION = 1;

    public PeriodStatistics {
        cells = List.copyOf(cells);
        int published = cells.stream().mapToInt(Cell::count).sum();
        if (published + suppressed != total) {
            throw new IllegalArgumentException("cells " + published + " + suppressed " + suppressed + " != total " + total);
        }
    }

    /** Per dimension: published crossings by value (sums of cells), without the suppressed ones. */
    public Map<Dimension, Map<String, Integer>> totals() {
        Map<Dimension, Map<String, Integer>> totals = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            Map<String, Integer> byValue = new TreeMap<>();
            for (Cell cell : cells) {
                byValue.merge(cell.value(d), cell.count(), Integer::sum);
            }
            totals.put(d, byValue);
        }
        return totals;
    }

    /**
     * The payload of the stats stream ({@code egate/v1/<site>/<gate>/stats}, schema {@code egate-stats.schema.json}),
     * without {@code eventId}, which the outbox adds ({@code OutboxEvent.create}).
     */
    public JsonObject toJson(String gateId) {
        JsonArray cellsJson = new JsonArray();
        for (Cell cell : cells) {
            JsonObject c = new JsonObject();
            for (Dimension d : Dimension.values()) {
                c.put(d.field(), cell.value(d));
            }
            cellsJson.add(c.put("count", cell.count()));
        }
        JsonObject totalsJson = new JsonObject();
        totals().forEach((d, byValue) -> {
            JsonObject values = new JsonObject(new LinkedHashMap<>(byValue));
            totalsJson.put(d.field(), new JsonObject().put("values", values).put("suppressed", suppressed));
        });
        JsonArray bins = new JsonArray();
        processing.histogram().forEach(b -> bins.add(new JsonObject().put("fromMs", b.fromMs()).put("toMs", b.toMs())
                .put("count", b.count())));
        JsonObject times = new JsonObject().put("count", processing.count()).put("histogram", bins)
                .put("suppressed", processing.suppressed());
        processing.p50().ifPresent(v -> times.put("p50", v));
        processing.p90().ifPresent(v -> times.put("p90", v));
        processing.p95().ifPresent(v -> times.put("p95", v));
        times.put("stepsP50", new JsonObject(new LinkedHashMap<>(processing.stepsP50())));
        return new JsonObject()
                .put("schemaVersion", SCHEMA_VERSION)
                .put("gateId", gateId)
                .put("periodStart", start.toString())
                .put("periodEnd", end.toString())
                .put("k", k)
                .put("total", total)
                .put("cells", cellsJson)
                .put("suppressed", suppressed)
                .put("totals", totalsJson)
                .put("processingMs", times);
    }
}
