package dev.nettyforensics.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Big-endian random access to a file of any size through read-only memory mappings.
 *
 * <p>A dump is mapped in windows of {@code 2^chunkBits} bytes that overlap by {@link #OVERLAP}
 * bytes, so any read of up to {@code OVERLAP} bytes lies inside a single mapping (no slow path for
 * values that straddle a window border). Offsets are {@code long}; reads past the end throw
 * {@link IndexOutOfBoundsException}, so callers check bounds against {@link #size()} first.
 *
 * <p>Thread safe for reads (absolute gets on shared buffers). Mapping costs address space, not
 * heap; pages are loaded by the OS on demand.
 */
public final class HprofBytes implements Closeable {
    /** Largest single read guaranteed to lie within one window. */
    public static final int OVERLAP = 1 << 16;
    static final int DEFAULT_CHUNK_BITS = 30;

    private final FileChannel channel;
    private final long size;
    private final int chunkBits;
    private final long chunkMask;
    private final ByteBuffer[] windows;

    private HprofBytes(FileChannel channel, long size, int chunkBits) throws IOException {
        this.channel = channel;
        this.size = size;
        this.chunkBits = chunkBits;
        this.chunkMask = (1L << chunkBits) - 1;
        int count = (int) ((size + chunkMask) >>> chunkBits);
        this.windows = new ByteBuffer[Math.max(count, 1)];
        for (int i = 0; i < count; i++) {
            long start = (long) i << chunkBits;
            long length = Math.min(size - start, (1L << chunkBits) + OVERLAP);
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
            windows[i] = map;
        }
        if (count == 0) {
            windows[0] = ByteBuffer.allocate(0);
        }
    }

    /** Maps a whole file read-only. */
    public static HprofBytes map(Path file) throws IOException {
        return map(file, DEFAULT_CHUNK_BITS);
    }

    /** Maps with a custom window size; small windows let tests cross window borders. */
    static HprofBytes map(Path file, int chunkBits) throws IOException {
        if (chunkBits < 17 || chunkBits > 30) {
            throw new IllegalArgumentException("chunkBits " + chunkBits);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new HprofBytes(channel, channel.size(), chunkBits);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    private ByteBuffer window(long pos) {
        return windows[(int) (pos >>> chunkBits)];
    }

    public int u1(long pos) {
        return window(pos).get((int) (pos & chunkMask)) & 0xff;
    }

    public int u2(long pos) {
        return window(pos).getShort((int) (pos & chunkMask)) & 0xffff;
    }

    /** A u4 as a Java int (may be negative); see {@link #u4Unsigned}. */
    public int u4(long pos) {
        return window(pos).getInt((int) (pos & chunkMask));
    }

    public long u4Unsigned(long pos) {
        return window(pos).getInt((int) (pos & chunkMask)) & 0xffffffffL;
    }

    public long u8(long pos) {
        return window(pos).getLong((int) (pos & chunkMask));
    }

    /** An identifier of {@code idSize} bytes; 4-byte ids are unsigned. */
    public long id(long pos, int idSize) {
        return idSize == 8 ? u8(pos) : u4Unsigned(pos);
    }

    /** Copies {@code length} bytes starting at {@code pos}. */
    public void get(long pos, byte[] dst, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, OVERLAP);
            window(pos).get((int) (pos & chunkMask), dst, offset, n);
            pos += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void close() throws IOException {
        // Mappings are released by the GC; closing the channel is all the JDK offers without Unsafe.
        channel.close();
    }
}
