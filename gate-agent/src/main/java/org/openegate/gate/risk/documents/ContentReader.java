package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.io.InputStream;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/** Reads content bytes through its own buffer, tracking the offset that every error names. */
final class ContentReader {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long consumed;

    ContentReader(InputStream in) {
        this.in = in;
    }

    long offset() {
        return consumed + position;
    }

    private boolean fill(int wanted) throws IOException {
        if (limit - position >= wanted) {
            return true;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        consumed += position;
        limit -= position;
        position = 0;
        while (limit < wanted) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
        }
        return true;
    }

    private void require(int wanted, String what) throws IOException {
        if (!fill(wanted)) {
            throw new WatchlistContentException(Reason.TRUNCATED, offset(),
                    "content ends after " + (offset() + limit - position) + " bytes, inside " + what);
        }
    }

    int readByte(String what) throws IOException {
        require(1, what);
        return buffer[position++] & 0xFF;
    }

    long readLong(String what) throws IOException {
        require(Long.BYTES, what);
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (buffer[position++] & 0xFF);
        }
        return v;
    }

    /** Reads a 13-byte sealed key into {@code out[0]} (high 52 bits) and {@code out[1]} (low 52 bits). */
    void readSealed(long[] out, String what) throws IOException {
        require(DocumentKeys.SEALED_BYTES, what);
        long first = 0;
        for (int i = 0; i < 8; i++) {
            first = (first << 8) | (buffer[position++] & 0xFF);
        }
        long rest = 0;
        for (int i = 0; i < 5; i++) {
            rest = (rest << 8) | (buffer[position++] & 0xFF);
        }
        out[0] = first >>> 12;
        out[1] = ((first & 0xFFF) << 40) | rest;
    }

    void expectEnd() throws IOException {
        if (fill(1)) {
            throw new WatchlistContentException(Reason.TRAILING_BYTES, offset(),
                    "bytes follow the last announced record");
        }
    }
}
