package org.openegate.gate.risk.documents;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Snapshot and delta content from untrusted bytes: refused with {@link WatchlistContentException} or accepted,
 * never another exception, hang or large allocation. Without JAZZER_FUZZ=1 only the seed corpus runs.
 */
class WatchlistContentFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void loadAndApply(byte[] data) throws IOException {
        DocumentIndex index;
        try {
            index = DocumentIndex.load(new ByteArrayInputStream(data));
        } catch (WatchlistContentException refused) {
            index = DocumentIndex.load(new ByteArrayInputStream(new byte[] {
                'O', 'E', 'D', 'W', 1, 'S', 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
        }
        try {
            index.applyDelta(new ByteArrayInputStream(data));
        } catch (WatchlistContentException refused) {
            // expected for most inputs
        }
        index.contains("UTO", "P", "L898902C3");
    }
}
