package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte range too large for one {@link ByteBuffer} (an int-indexed buffer stops at 2 GiB, and Java 17 has no
 * {@code MemorySegment}), cut into chunks that each hold whole units (records or ints), so no unit straddles two
 * chunks. Chunks are created on first write, which keeps a hostile header's record count from allocating (or
 * mapping) anything before the records themselves arrive.
 */
final class Region {

    /** Makes the chunk that starts at {@code offset} within the region: a heap buffer or a file mapping. */
    interface ChunkSource {
        ByteBuffer create(long offset, int size) throws IOException;
    }

    private final long length;
    private final long chunkBytes;
    private final ByteBuffer[] chunks;
    private final ChunkSource source;

    Region(long length, int unit, int maxChunkBytes, ChunkSource source) {
        this.length = length;
        this.chunkBytes = (long) (maxChunkBytes / unit) * unit;
        this.chunks = new ByteBuffer[(int) ((length + chunkBytes - 1) / chunkBytes)];
        this.source = source;
    }

    long length() {
        return length;
    }

    /** Creates every chunk not yet made (a region opened for reading). */
    void materialise() throws IOException {
        for (int c = 0; c < chunks.length; c++) {
            writable(c);
        }
    }

    ByteBuffer chunk(long offset) {
        return chunks[(int) (offset / chunkBytes)];
    }

    int position(long offset) {
        return (int) (offset % chunkBytes);
    }

    ByteBuffer writableChunk(long offset) throws IOException {
        return writable((int) (offset / chunkBytes));
    }

    private ByteBuffer writable(int c) throws IOException {
        ByteBuffer chunk = chunks[c];
        if (chunk == null) {
            long start = c * chunkBytes;
            chunk = source.create(start, (int) Math.min(chunkBytes, length - start));
            chunks[c] = chunk;
        }
        return chunk;
    }

    int getInt(long index) {
        long offset = index * Integer.BYTES;
        return chunk(offset).getInt(position(offset));
    }

    void putInt(long index, int value) throws IOException {
        long offset = index * Integer.BYTES;
        writableChunk(offset).putInt(position(offset), value);
    }
}
