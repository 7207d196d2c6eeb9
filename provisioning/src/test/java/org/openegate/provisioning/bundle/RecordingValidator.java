package org.openegate.provisioning.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real validator for tests: content must be UTF-8 text starting with "ok"; apply fails for content starting
 * with "ok-but-fails-to-apply". Records what it applied.
 */
final class RecordingValidator implements BundleValidator {

    final List<String> applied = new ArrayList<>();

    @Override
    public void validate(byte[] content) throws InvalidContentException {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith("ok")) {
            throw new InvalidContentException("content must start with \"ok\" (offset 0)");
        }
    }

    @Override
    public void apply(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("ok-but-fails-to-apply")) {
            throw new IllegalStateException("the gate could not load it");
        }
        applied.add(text);
    }

    static byte[] ok(String text) {
        return ("ok " + text).getBytes(StandardCharsets.UTF_8);
    }
}
