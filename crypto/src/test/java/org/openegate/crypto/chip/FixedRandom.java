package org.openegate.crypto.chip;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.bouncycastle.util.encoders.Hex;

/** A SecureRandom that hands out given byte strings in order, so worked examples become tests. */
public final class FixedRandom extends SecureRandom {

    private final Deque<byte[]> chunks = new ArrayDeque<>();

    public FixedRandom(String... hexChunks) {
        for (String h : hexChunks) {
            chunks.add(Hex.decode(h));
        }
    }

    @Override
    public void nextBytes(byte[] bytes) {
        byte[] next = chunks.poll();
        if (next == null || next.length != bytes.length) {
            throw new IllegalStateException("test expected a draw of " + (next == null ? "nothing" : next.length)
                    + " bytes, got a request for " + bytes.length);
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
        Arrays.fill(next, (byte) 0);
    }
}
