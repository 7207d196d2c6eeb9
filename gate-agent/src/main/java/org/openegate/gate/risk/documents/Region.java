package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An array of fixed-width units (records or ints) too large for one {@link ByteBuffer} (an int-indexed buffer
 * stops at 2 GiB, and Java 17 has no {@code MemorySegment}), cut into chunks of a power-of-two number of units,
 * so finding a unit is a shift and a mask (no division on the lookup path) and no unit straddles two chunks.
 * Chunks are created on first write, which keeps a hostile header's record count from allocating (or mapping)
 * anything before the records themselves arrive.
 */
final class Region {

    /** Makes the chunk that starts at byte {@code offset} within the region: a heap buffer or a file mapping. */
    interface ChunkSource {
        ByteBuffer create(long offset, int size) throws IOException;
    }

    private final long units;
    private final int unitBytes;
    private final int shift;
    private final long mask;
    private final ByteBuffer[] chunks;
    private final ChunkSource source;

    Region(long units, int unitBytes, int maxChunkBytes, ChunkSource source) {
        this.units = units;
        this.unitBytes = unitBytes;
        this.shift = 31 - Integer.numberOfLeadingZeros(maxChunkBytes / unitBytes);
        this.mask = (1L << shift) - 1;
        this.chunks = new ByteBuffer[(int) ((units + mask) >>> shift)];
        this.source = source;
    }

    long length() {
        return units * unitBytes;
    }

    /** Creates every chunk not yet made (a region opened for reading). */
    void materialise() throws IOException {
        for (int c = 0; c < chunks.length; c++) {
            writable(c);
        }
    }

    ByteBuffer chunk(long unit) {
        return chunks[(int) (unit >>> shift)];
    }

    int position(long unit) {
        return (int) (unit & mask) * unitBytes;
    }

    ByteBuffer writableChunk(long unit) throws IOException {
        return writable((int) (unit >>> shift));
    }

    private ByteBuffer writable(int c) throws IOException {
        ByteBuffer chunk = chunks[c];
        if (chunk == null) {
            long first = (long) c << shift;
            long count = Math.min(1L << shift, units - first);
            chunk = source.create(first * unitBytes, (int) (count * unitBytes));
            chunks[c] = chunk;
        }
        return chunk;
    }

    int getInt(long unit) {
        return chunk(unit).getInt(position(unit));
    }

    void putInt(long unit, int value) throws IOException {
        writableChunk(unit).putInt(position(unit), value);
    }
}
