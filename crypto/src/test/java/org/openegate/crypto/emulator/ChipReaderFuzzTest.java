package org.openegate.crypto.emulator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.util.encoders.Hex;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;

/**
 * A hostile chip: it completes BAC honestly (so the reader gets past the MAC checks), then answers every protected
 * command with fuzzer-chosen plain data and status words, correctly protected most of the time and as raw bytes
 * otherwise: random data, file headers declaring up to 4 GiB, and protected answers with one byte changed (a bad MAC,
 * a wrong DO'87' length or padding). The reader may only fail with {@link ChipException}, and must not hang or
 * allocate what a header claims.
 */
class ChipReaderFuzzTest {

    // 9303-11 Appendix D.3 values, so the test knows the session the reader will derive
    static final String RND_IC = "4608F91988702212";
    static final String RND_IFD = "781723860C06C226";
    static final String K_IFD = "0B795240CB7049B01C19B33E32804F0B";
    static final String K_IC = "0B4F80323EB3191CB04970CB4052790B";

    @FuzzTest(maxDuration = "30s")
    void read_failsOnlyWithChipException(FuzzedDataProvider fuzz) {
        BacKey key = BacKey.of("L898902C", "690806", "940623");
        // The reader re-runs BAC after a recoverable error, so both sides draw the same randoms every time and the
        // fake chip's session restarts (SSC included) with each mutual authentication.
        EmrtdEmulator honest = EmrtdEmulator.builder().files(Map.of()).bacKey(key)
                .random(new RepeatingRandom(RND_IC, K_IC)).build();
        SecureMessaging[] card = {bacSession()};
        int[] count = {0};
        ApduChannel hostile = command -> {
            if ((command.cla() & 0x0C) == 0) { // plain: CardAccess probe, SELECT application, BAC
                if (command.ins() == 0x82) {
                    card[0] = bacSession();
                }
                return ResponseApdu.parse(honest.process(command.encode()));
            }
            if (++count[0] > 2000) {
                return ResponseApdu.status(0x6A82);
            }
            CommandApdu plain = card[0].unprotectCommand(command);
            int mode = fuzz.consumeInt(0, 9);
            if (mode == 0) { // not secure messaging at all
                byte[] raw = fuzz.consumeBytes(fuzz.consumeInt(2, 300));
                return raw.length < 2 ? ResponseApdu.status(0x9000) : ResponseApdu.parse(raw);
            }
            int sw = fuzz.consumeBoolean() ? 0x9000 : fuzz.consumeInt(0, 0xFFFF);
            byte[] data;
            if (mode == 1) {
                // an oversized TLV header: a file claiming up to 4 GiB (the reader must refuse, not allocate)
                byte[] header = {(byte) fuzz.consumeInt(0, 0xFF), (byte) 0x84, fuzz.consumeByte(), fuzz.consumeByte(),
                    fuzz.consumeByte(), fuzz.consumeByte()};
                data = Arrays.copyOf(header, Math.min(plain.ne(), header.length));
            } else {
                data = fuzz.consumeBytes(Math.max(0, Math.min(plain.ne(), fuzz.consumeInt(0, plain.ne() + 8))));
            }
            byte[] protectedResponse = card[0].protectResponse(new ResponseApdu(data, sw)).encode();
            if (mode == 2 && protectedResponse.length > 2) { // bad SM: one byte of DO'87'/'99'/'8E' changed
                protectedResponse[fuzz.consumeInt(0, protectedResponse.length - 3)] ^= (byte) fuzz.consumeInt(1, 0xFF);
            }
            return ResponseApdu.parse(protectedResponse);
        };
        ChipReader reader = new ChipReader(hostile, Clock.systemUTC(), new RepeatingRandom(RND_IFD, K_IFD));
        try {
            reader.read(key);
        } catch (ChipException expected) {
            // a reasoned refusal is the only acceptable failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void emulator_answersAnyBytesWithAStatusWord(byte[] input) {
        EmrtdEmulator card = EmrtdEmulator.builder().files(ChipReaderEmulatorTest.passport(300))
                .bacKey(ChipReaderEmulatorTest.KEY).pace(PaceCrypto.OID_ECDH_GM_AES_128, 13)
                .random(new java.security.SecureRandom()).build();
        card.process(Hex.decode("00A4040C07A0000002471001"));
        byte[] out = card.process(input);
        if (out.length < 2) {
            throw new AssertionError("emulator answered with " + out.length + " bytes");
        }
    }

    private static SecureMessaging bacSession() {
        return BacCrypto.session(Hex.decode(K_IFD), Hex.decode(K_IC), Hex.decode(RND_IC), Hex.decode(RND_IFD));
    }

    /** Hands out the given chunks in order, over and over (FixedRandom's draws, for a chip opened many times). */
    static final class RepeatingRandom extends java.security.SecureRandom {
        private final byte[][] chunks;
        private int next;

        RepeatingRandom(String... hexChunks) {
            chunks = java.util.Arrays.stream(hexChunks).map(Hex::decode).toArray(byte[][]::new);
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            byte[] chunk = chunks[next];
            next = (next + 1) % chunks.length;
            if (chunk.length != bytes.length) {
                throw new IllegalStateException("test expected a draw of " + chunk.length + " bytes, got a request for "
                        + bytes.length);
            }
            System.arraycopy(chunk, 0, bytes, 0, bytes.length);
        }
    }
}
