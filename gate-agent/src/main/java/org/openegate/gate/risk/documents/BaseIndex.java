package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/**
 * The snapshot part of the index: sealed keys, sorted, stored as a bucket directory plus fixed-width suffixes
 * ("quotienting"). Because sealed keys are uniform, the top {@code B} bits of a key choose its bucket and need
 * not be stored; the directory gives each bucket's first record, and a bucket holds about 4 to 8 records.
 *
 * <p>Sizing, for N records: {@code B = clamp(floor(log2 N) − 2, 8, 26)}; a record keeps the low {@code 104 − B}
 * bits in {@code W = ceil((104 − B) / 8)} bytes; the directory is {@code 2^B + 1} ints. At N = 100 million,
 * B = 24, W = 10 bytes, the directory 64 MiB: 10.67 bytes a record, 1.07 GB in all, against 16 bytes a record
 * for plain 128-bit keys or 24 for 64-bit fingerprints beside the keys. A lookup reads two directory ints and
 * binary-searches ~6 records in one or two cache lines: two random memory touches, so ~2 cache misses.
 *
 * <p>Where it lives: on the device, a file mapped read-only (several {@link java.nio.MappedByteBuffer}s, each
 * under 2 GiB, since Java 17 has no MemorySegment). The mapped pages are clean page cache, not Java heap: the
 * heap stays small, and under memory pressure the kernel drops pages and rereads them instead of the JVM failing.
 * Small lists (tests, the simulator) may live on the heap instead, with the same code.
 *
 * <p>Index file layout: a 64-byte header ("OEDX", format 1, B, W, list version, count), the directory, the
 * records. The header's magic is written last, so a file cut short by a crash never opens.
 */
final class BaseIndex {

    static final int INDEX_MAGIC = 0x4F454458; // "OEDX"
    static final int HEADER_BYTES = 64;
    private static final int MAPPED_CHUNK = 1 << 30;
    private static final int HEAP_CHUNK = 1 << 20;

    final long version;
    final long count;
    private final int bucketBits;
    private final int width;
    private final int highBytes;
    private final long highMask;
    private final Region directory;
    private final Region records;

    private BaseIndex(long version, long count, int bucketBits, Region directory, Region records) {
        this.version = version;
        this.count = count;
        this.bucketBits = bucketBits;
        this.width = recordWidth(bucketBits);
        this.highBytes = width - Long.BYTES;
        this.highMask = (1L << (40 - bucketBits)) - 1;
        this.directory = directory;
        this.records = records;
    }

    static int bucketBits(long count) {
        int log2 = 63 - Long.numberOfLeadingZeros(Math.max(1, count));
        return Math.max(8, Math.min(26, log2 - 2));
    }

    static int recordWidth(int bucketBits) {
        return (104 - bucketBits + 7) / 8;
    }

    long bytes() {
        return HEADER_BYTES + directory.length() + records.length();
    }

    boolean contains(long hi, long lo) {
        long bucket = hi >>> (52 - bucketBits);
        long from = directory.getInt(bucket);
        long to = directory.getInt(bucket + 1);
        long wantHigh = (hi >>> 12) & highMask;
        long wantLow = (hi << 52) | lo;
        while (from < to) {
            long mid = (from + to) >>> 1;
            ByteBuffer chunk = records.chunk(mid);
            int p = records.position(mid);
            int c = Long.compare(readHigh(chunk, p), wantHigh);
            if (c == 0) {
                c = Long.compareUnsigned(chunk.getLong(p + highBytes), wantLow);
            }
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return false;
    }

    private long readHigh(ByteBuffer chunk, int p) {
        long v = 0;
        for (int i = 0; i < highBytes; i++) {
            v = (v << 8) | (chunk.get(p + i) & 0xFF);
        }
        return v;
    }

    /** Visits every key in ascending order. */
    interface KeyVisitor {
        void visit(long hi, long lo) throws IOException;
    }

    void forEach(KeyVisitor visitor) throws IOException {
        long bucket = 0;
        int shift = 52 - bucketBits;
        for (long i = 0; i < count; i++) {
            while (directory.getInt(bucket + 1) <= i) {
                bucket++;
            }
            ByteBuffer chunk = records.chunk(i);
            int p = records.position(i);
            long high = readHigh(chunk, p);
            long low = chunk.getLong(p + highBytes);
            visitor.visit((bucket << shift) | (high << 12) | (low >>> 52), low & DocumentKeys.MASK52);
        }
    }

    /** Reads a snapshot's records (after its 16-byte header) onto the heap. */
    static BaseIndex readToHeap(ContentReader in, long version, long maxRecords) throws IOException {
        long count = readCount(in, maxRecords);
        int bits = bucketBits(count);
        Region.ChunkSource heap = (offset, size) -> ByteBuffer.allocate(size);
        Region directory = new Region((1L << bits) + 1, Integer.BYTES, HEAP_CHUNK, heap);
        Region records = new Region(count, recordWidth(bits), HEAP_CHUNK, heap);
        BaseIndex index = new BaseIndex(version, count, bits, directory, records);
        index.fill(in);
        return index;
    }

    /**
     * Reads a snapshot's records (after its 16-byte header) into a new index file, mapped. On any failure the
     * file is deleted.
     */
    static BaseIndex readToFile(ContentReader in, long version, Path file) throws IOException {
        long count = readCount(in, DocumentIndex.MAX_RECORDS);
        int bits = bucketBits(count);
        int width = recordWidth(bits);
        long directoryBytes = ((1L << bits) + 1) * Integer.BYTES;
        boolean done = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Mapping read-write past the end grows the file sparsely, page by page as records arrive.
            Region directory = new Region((1L << bits) + 1, Integer.BYTES, MAPPED_CHUNK,
                    (offset, size) -> channel.map(FileChannel.MapMode.READ_WRITE, HEADER_BYTES + offset, size));
            Region records = new Region(count, width, MAPPED_CHUNK, (offset, size) -> channel.map(
                    FileChannel.MapMode.READ_WRITE, HEADER_BYTES + directoryBytes + offset, size));
            BaseIndex index = new BaseIndex(version, count, bits, directory, records);
            index.fill(in);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.putInt(0).put((byte) 1).put((byte) bits).put((byte) width).put((byte) 0)
                    .putLong(version).putLong(count);
            channel.write(header.flip(), 0);
            channel.force(false);
            channel.write(ByteBuffer.allocate(4).putInt(0, INDEX_MAGIC), 0);
            channel.force(false);
            done = true;
            return index;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Opens an index file written by {@link #readToFile}, mapped read-only. */
    static BaseIndex open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // read until full or end of file
            }
            if (header.hasRemaining()) {
                throw new WatchlistContentException(Reason.BAD_INDEX_FILE, size,
                        "index file has " + size + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
            }
            header.flip();
            int magic = header.getInt();
            int format = header.get();
            int bits = header.get();
            int width = header.get();
            header.get();
            long version = header.getLong();
            long count = header.getLong();
            if (magic != INDEX_MAGIC || format != 1) {
                throw new WatchlistContentException(Reason.BAD_INDEX_FILE, 0,
                        String.format("magic 0x%08X format %d: not a complete format-1 index file", magic, format));
            }
            if (count < 0 || count > DocumentIndex.MAX_RECORDS || version <= 0 || bits != bucketBits(count)
                    || width != recordWidth(bits)) {
                throw new WatchlistContentException(Reason.BAD_INDEX_FILE, 5, "header (bucket bits " + bits
                        + ", width " + width + ", version " + version + ", count " + count + ") is inconsistent");
            }
            long directoryBytes = ((1L << bits) + 1) * Integer.BYTES;
            long expected = HEADER_BYTES + directoryBytes + count * width;
            if (size != expected) {
                throw new WatchlistContentException(Reason.BAD_INDEX_FILE, size,
                        "index file has " + size + " bytes, its header implies " + expected);
            }
            Region directory = new Region((1L << bits) + 1, Integer.BYTES, MAPPED_CHUNK,
                    (offset, length) -> channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES + offset, length));
            Region records = new Region(count, width, MAPPED_CHUNK, (offset, length) -> channel.map(
                    FileChannel.MapMode.READ_ONLY, HEADER_BYTES + directoryBytes + offset, length));
            directory.materialise();
            records.materialise();
            // A directory that is not monotonic from 0 to count would send lookups outside the records.
            long previous = 0;
            for (long b = 0; b <= 1L << bits; b++) {
                long start = directory.getInt(b);
                if (start < previous || start > count || (b == 0 && start != 0) || (b == 1L << bits && start != count)) {
                    throw new WatchlistContentException(Reason.BAD_INDEX_FILE, HEADER_BYTES + b * Integer.BYTES,
                            "directory entry " + b + " is " + start + " after " + previous + " (count " + count + ")");
                }
                previous = start;
            }
            return new BaseIndex(version, count, bits, directory, records);
        }
    }

    private static long readCount(ContentReader in, long maxRecords) throws IOException {
        long offset = in.offset();
        long count = in.readLong("record count");
        if (count < 0 || count > maxRecords) {
            throw new WatchlistContentException(Reason.TOO_MANY_RECORDS, offset, "record count "
                    + Long.toUnsignedString(count) + " exceeds the maximum " + maxRecords);
        }
        return count;
    }

    private void fill(ContentReader in) throws IOException {
        long[] key = new long[2];
        long[] scratch = new long[2];
        long previousHi = -1;
        long previousLo = -1;
        int shift = 52 - bucketBits;
        long nextBucket = 0;
        for (long i = 0; i < count; i++) {
            long offset = in.offset();
            in.readSealed(key, "a record");
            long hi = key[0];
            long lo = key[1];
            if (!DocumentKeys.isValidSealed(hi, lo, scratch)) {
                throw new WatchlistContentException(Reason.INVALID_KEY, offset,
                        "record " + i + " is not the sealed form of any document key");
            }
            if (i > 0 && DocumentKeys.compare(previousHi, previousLo, hi, lo) >= 0) {
                throw new WatchlistContentException(Reason.NOT_ASCENDING, offset,
                        "record " + i + " is not above record " + (i - 1) + " (unsorted or duplicate)");
            }
            previousHi = hi;
            previousLo = lo;
            long bucket = hi >>> shift;
            while (nextBucket <= bucket) {
                directory.putInt(nextBucket++, (int) i);
            }
            ByteBuffer chunk = records.writableChunk(i);
            int p = records.position(i);
            long high = (hi >>> 12) & highMask;
            for (int b = highBytes - 1; b >= 0; b--) {
                chunk.put(p + b, (byte) high);
                high >>>= 8;
            }
            chunk.putLong(p + highBytes, (hi << 52) | lo);
        }
        while (nextBucket <= 1L << bucketBits) {
            directory.putInt(nextBucket++, (int) count);
        }
        in.expectEnd();
        records.materialise();
    }
}
