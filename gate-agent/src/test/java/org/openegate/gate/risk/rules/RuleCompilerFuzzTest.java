package org.openegate.gate.risk.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Untrusted bundle bytes (signed, but by a key that may be misused) into the compiler: only a {@link
 * RiskProfileException} may come out, never another exception, a hang or a huge allocation. Without JAZZER_FUZZ=1
 * this runs the seed corpus only.
 */
class RuleCompilerFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void compile_onlyThrowsItsOwnException(byte[] content) {
        try {
            RiskProfiles.compile(content);
        } catch (RiskProfileException expected) {
            // The content was refused with a reason: what must happen to bad bytes.
        }
    }
}
