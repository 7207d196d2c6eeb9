package org.openegate.gate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateBenchTest {

    @TempDir
    Path home;

    @Test
    void run_reportsMedianP99PerStepAndRss() throws Exception {
        JsonObject report = new GateBench(new GateBench.Options(4, 3, home, 2), Clock.systemUTC(),
                new SecureRandom()).run(Optional.empty());
        assertThat(report.getInteger("travellers")).isEqualTo(4);
        JsonObject software = report.getJsonObject("softwareMs");
        assertThat(software.getDouble("median")).isPositive();
        assertThat(software.getDouble("p99")).isGreaterThanOrEqualTo(software.getDouble("median"));
        assertThat(report.getJsonObject("steps").fieldNames()).containsExactly("mrz", "chip", "passiveAuth", "face",
                "risk", "decide", "gateAndRecord");
        assertThat(report.getJsonArray("rss")).hasSize(3);
        int decided = report.getJsonObject("outcomes").stream().mapToInt(e -> (Integer) e.getValue()).sum();
        assertThat(decided).isEqualTo(4);
    }

    @Test
    void percentile_isNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(GateBench.percentile(sorted, 50)).isEqualTo(5);
        assertThat(GateBench.percentile(sorted, 99)).isEqualTo(10);
        assertThat(GateBench.percentile(new double[] {7}, 99)).isEqualTo(7);
    }

    /**
     * Acceptance 5: 10,000 transactions, RSS at most 350 MB and no growth trend. Long: run with
     * {@code mvn -pl gate-agent -am test -Dtest=GateBenchTest -Degate.excludedGroups=none}.
     */
    @Test
    @Tag("soak")
    void soak_tenThousandTransactions_rssBoundedWithoutGrowth() throws Exception {
        JsonObject report = new GateBench(new GateBench.Options(10_000, 1, home, 1000), Clock.systemUTC(),
                new SecureRandom()).run(Optional.empty());
        JsonArray rss = report.getJsonArray("rss");
        long atTwoThousand = rss.getJsonObject(2).getLong("rssMb");
        long last = rss.getJsonObject(rss.size() - 1).getLong("rssMb");
        assertThat(last).isLessThanOrEqualTo(350);
        // After warm-up, the second half must not sit clearly above the first: no leak per transaction.
        assertThat(last).isLessThanOrEqualTo(atTwoThousand + 35);
    }
}
