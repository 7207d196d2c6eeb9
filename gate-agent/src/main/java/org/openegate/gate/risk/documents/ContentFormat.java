package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.io.OutputStream;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/**
 * The content of a document-watchlist bundle, format 1 (the signed envelope around it is provisioning's).
 * All integers are unsigned big-endian.
 *
 * <pre>
 * offset  size  field
 *  0      4     magic "OEDW"
 *  4      1     format version, 1
 *  5      1     kind: 'S' snapshot, 'D' delta
 *  6      2     reserved, 0
 *  8      8     list version (snapshot) or the version the delta produces; &gt; 0
 * snapshot:
 * 16      8     record count N (at most DocumentIndex.MAX_RECORDS)
 * 24      13·N  sealed keys, strictly ascending
 * delta:
 * 16      8     base version: the list version the delta applies to (&lt; produced version)
 * 24      8     removed count R, then 13·R sealed keys, strictly ascending
 *  .      8     added count A, then 13·A sealed keys, strictly ascending
 * </pre>
 * Nothing may follow. A sealed key is a normalised (state, type, number) packed into 104 bits and permuted (see
 * {@link DocumentKeys}); the sort order is that of the sealed values, which is what lets a device load 100 million
 * records in one streaming pass with no sort of its own. 13 bytes a record: 1.3 GB for 100 million, before the
 * envelope's compression.
 */
final class ContentFormat {

    static final int MAGIC = 0x4F454457; // "OEDW"
    static final int FORMAT_VERSION = 1;
    static final int KIND_SNAPSHOT = 'S';
    static final int KIND_DELTA = 'D';

    private ContentFormat() {
    }

    /** Reads the 16-byte header; returns the list version. */
    static long readHeader(ContentReader in, int expectedKind) throws IOException {
        long magic = 0;
        for (int i = 0; i < 4; i++) {
            magic = (magic << 8) | in.readByte("magic");
        }
        if (magic != MAGIC) {
            throw new WatchlistContentException(Reason.BAD_MAGIC, 0,
                    String.format("magic 0x%08X is not 0x%08X (\"OEDW\")", magic, MAGIC));
        }
        int format = in.readByte("format version");
        if (format != FORMAT_VERSION) {
            throw new WatchlistContentException(Reason.UNSUPPORTED_FORMAT_VERSION, 4,
                    "format version " + format + ", this code reads " + FORMAT_VERSION);
        }
        int kind = in.readByte("kind");
        if (kind != expectedKind) {
            throw new WatchlistContentException(Reason.WRONG_KIND, 5,
                    "kind 0x" + Integer.toHexString(kind) + ", expected '" + (char) expectedKind + "'");
        }
        int reserved = in.readByte("reserved") | in.readByte("reserved");
        if (reserved != 0) {
            throw new WatchlistContentException(Reason.UNSUPPORTED_FORMAT_VERSION, 6,
                    "reserved bytes are not zero");
        }
        long version = in.readLong("list version");
        if (version <= 0) {
            throw new WatchlistContentException(Reason.BAD_VERSION, 8,
                    "list version " + Long.toUnsignedString(version) + " is not between 1 and " + Long.MAX_VALUE);
        }
        return version;
    }

    /** Buffered writer of the format. */
    static final class Writer {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int n;

        Writer(OutputStream out) {
            this.out = out;
        }

        void header(int kind, long version) throws IOException {
            writeInt(MAGIC);
            writeByte(FORMAT_VERSION);
            writeByte(kind);
            writeByte(0);
            writeByte(0);
            writeLong(version);
        }

        void writeByte(int b) throws IOException {
            if (n == buffer.length) {
                flushBuffer();
            }
            buffer[n++] = (byte) b;
        }

        void writeInt(int v) throws IOException {
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte(v >>> shift);
            }
        }

        void writeLong(long v) throws IOException {
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (v >>> shift));
            }
        }

        void writeSealed(long hi, long lo) throws IOException {
            if (buffer.length - n < DocumentKeys.SEALED_BYTES) {
                flushBuffer();
            }
            long first = (hi << 12) | (lo >>> 40);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[n++] = (byte) (first >>> shift);
            }
            for (int shift = 32; shift >= 0; shift -= 8) {
                buffer[n++] = (byte) (lo >>> shift);
            }
        }

        void writePairs(long[] pairs, int count) throws IOException {
            writeLong(count);
            for (int i = 0; i < count; i++) {
                writeSealed(pairs[2 * i], pairs[2 * i + 1]);
            }
        }

        private void flushBuffer() throws IOException {
            out.write(buffer, 0, n);
            n = 0;
        }

        /** Flushes to the stream (and flushes it) without closing it. */
        void finish() throws IOException {
            flushBuffer();
            out.flush();
        }
    }
}
