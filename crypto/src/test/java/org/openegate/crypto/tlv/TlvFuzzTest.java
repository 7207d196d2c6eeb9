package org.openegate.crypto.tlv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The BER-TLV codec reads every chip file first: on arbitrary bytes it may only throw {@link TlvException}, and what
 * it accepts it must give back unchanged (the codec promises byte-exact decode then encode, non-minimal length forms
 * included). Without JAZZER_FUZZ=1 only the seed corpus in {@code TlvFuzzTestInputs/<method>} runs.
 */
class TlvFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void codec_failsOnlyWithTlvException_andReencodesByteExact(byte[] data) {
        try {
            Tlv one = TlvReader.read(data);
            assertThat(one.encode()).isEqualTo(data);
        } catch (TlvException refused) {
            // a reasoned refusal
        }
        try {
            Tlv first = TlvReader.readFirst(data);
            assertThat(first.encode()).isEqualTo(Arrays.copyOf(data, TlvReader.encodedSize(data)));
        } catch (TlvException refused) {
            // a reasoned refusal
        }
        List<Tlv> all;
        try {
            all = TlvReader.readAll(data);
        } catch (TlvException refused) {
            return;
        }
        assertThat(concat(all)).isEqualTo(data);
        boolean wellFormed;
        try {
            TlvReader.validateDeep(data);
            wellFormed = true;
        } catch (TlvException refused) {
            wellFormed = false;
        }
        for (Tlv top : all) {
            List<Tlv> tree;
            try {
                tree = top.flatten();
            } catch (TlvException refused) {
                // flatten and validateDeep refuse the same inputs
                assertThat(wellFormed).as("flatten refused what validateDeep accepted").isFalse();
                continue;
            }
            // every constructed object, all the way down: its children re-encode to its value
            for (Tlv node : tree) {
                if (node.isConstructed()) {
                    assertThat(concat(node.children())).isEqualTo(node.value());
                }
            }
        }
        if (!wellFormed) {
            // some object in the tree must have refused to flatten
            boolean anyRefused = false;
            for (Tlv top : all) {
                try {
                    top.flatten();
                } catch (TlvException refused) {
                    anyRefused = true;
                }
            }
            assertThat(anyRefused).as("validateDeep refused what flatten accepted").isTrue();
        }
    }

    private static byte[] concat(List<Tlv> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv tlv : objects) {
            out.writeBytes(tlv.encode());
        }
        return out.toByteArray();
    }
}
