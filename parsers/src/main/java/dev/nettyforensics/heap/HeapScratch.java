package dev.nettyforensics.heap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Scratch memory outside the Java heap for the per-object arrays of a big dump: memory-mapped,
 * already-unlinked temporary files in the system temp folder ({@code java.io.tmpdir}, or
 * {@code -Dnettyforensics.scratch=DIR}).
 *
 * <p>Why files and not {@code ByteBuffer.allocateDirect}: direct buffers count against
 * {@code -XX:MaxDirectMemorySize} (by default the Java heap size), so they would not let a 4 GiB dump
 * be indexed with {@code -Xmx2g}. A mapped file costs address space and page cache, not heap, and the
 * kernel may page it out under pressure. The file is deleted right after it is mapped, so nothing is
 * left behind even if the JVM is killed, and nothing is ever written next to the user's dump. The
 * mapping is released when its buffer is garbage collected.
 *
 * <p>Small arrays (under {@link #OFF_HEAP_THRESHOLD_BYTES} and under a sixteenth of the maximum Java
 * heap, or all arrays with {@code -Dnettyforensics.scratch=heap}) live on the Java heap instead: a temp
 * file per tiny test dump would cost more than it saves. The temp folder needs room for the pages
 * written (a full folder would surface as a JVM error on the write, not as an exception here). Thread safety: stateless, callable from any thread.
 */
final class HeapScratch {
    /** Arrays of at least this many bytes go off heap; 64 MiB keeps test and fixture dumps on heap. */
    static final long OFF_HEAP_THRESHOLD_BYTES = Long.getLong("nettyforensics.scratch.threshold", 64L << 20);
    /** Bytes per mapping; a power of two so element lookups are a shift and a mask. */
    static final int MAPPING_BITS = 30;

    private HeapScratch() {
    }

    /** Whether an array of {@code bytes} goes to a mapped temp file: from the threshold or a sixteenth of the Java heap on. */
    static boolean offHeap(long bytes) {
        return offHeap(bytes, OFF_HEAP_THRESHOLD_BYTES);
    }

    /**
     * As {@link #offHeap(long)} with a lower threshold for arrays that are rarely read at random
     * (e.g. the class of every object): they can leave the heap earlier at little cost.
     */
    static boolean offHeap(long bytes, long threshold) {
        String where = System.getProperty("nettyforensics.scratch", "");
        if (where.equals("heap")) {
            return false;
        }
        if (where.equals("file")) {
            return true;
        }
        // A small -Xmx sends smaller arrays off heap too, so that they never decide between success
        // and an OutOfMemoryError.
        return bytes >= Math.min(Math.min(threshold, OFF_HEAP_THRESHOLD_BYTES), Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * Maps {@code bytes} zero-filled bytes of a fresh, already-deleted temp file in native byte order,
     * in mappings of {@code 2^MAPPING_BITS} bytes (the last one shorter).
     *
     * @throws UncheckedIOException the temp folder is missing, read-only or full
     */
    static ByteBuffer[] map(long bytes) {
        Path dir = directory();
        Path file = null;
        try {
            file = Files.createTempFile(dir, "netty-forensics-", ".scratch");
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
                 FileChannel channel = raf.getChannel()) {
                raf.setLength(Math.max(bytes, 1)); // sparse: no disk blocks until a page is written
                long per = 1L << MAPPING_BITS;
                int count = (int) Math.max(1, (bytes + per - 1) / per);
                ByteBuffer[] out = new ByteBuffer[count];
                for (int i = 0; i < count; i++) {
                    long start = i * per;
                    long length = Math.max(0, Math.min(per, bytes - start));
                    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, start, length);
                    out[i] = map.order(ByteOrder.nativeOrder());
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + bytes + " bytes of scratch memory in " + dir
                + " (set -Dnettyforensics.scratch=DIR or java.io.tmpdir to a folder with room): " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    static Path directory() {
        String where = System.getProperty("nettyforensics.scratch", "");
        if (!where.isEmpty() && !where.equals("heap") && !where.equals("file")) {
            return Paths.get(where);
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }
}
