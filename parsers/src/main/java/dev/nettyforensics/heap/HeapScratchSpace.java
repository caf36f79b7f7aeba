package dev.nettyforensics.heap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks that the scratch folder has room before the index writes its mapped arrays there.
 *
 * <p>Why: {@link HeapScratch} files are sparse and mapped; a write to a page the file system cannot
 * back does not fail with an {@link IOException} but kills the JVM with a bus error. So the index asks
 * for the room it will need first, and a full temp folder becomes a one-line error naming the folder
 * and the setting to change. The estimates err high for real dumps (arrays kept on the Java heap are
 * not subtracted); a dump made only of the smallest possible records could still outgrow the first
 * one (see {@link #checkBeforePassOne}). Stateless and thread safe.
 */
final class HeapScratchSpace {
    /**
     * After pass 1, per object: offsets in id order 8, class 4, reference starts 4, the id bitmap
     * about 1, the dominators' sequential arrays and retained sizes about 24; per reference 4 bytes
     * twice (pass 2's halves).
     */
    private static final long BYTES_PER_OBJECT = 41;
    private static final long BYTES_PER_REFERENCE = 8;

    private HeapScratchSpace() {
    }

    /**
     * Before pass 1: room for its offsets and ids (8 bytes each per object), asked as half the dump's
     * size. Object records average well over 32 bytes in real dumps (header, class id and fields), so
     * 16 bytes per object stays under half; only a dump of nothing but empty arrays (18-byte records)
     * could need up to 0.9 times its size.
     */
    static void checkBeforePassOne(long dumpBytes) throws IOException {
        require(dumpBytes / 2, dumpBytes);
    }

    /** After pass 1, with the counts known: room for the rest of the index and the dominators. */
    static void checkAfterPassOne(long objects, long referenceBound) throws IOException {
        require(objects * BYTES_PER_OBJECT + Math.min(referenceBound, Integer.MAX_VALUE) * BYTES_PER_REFERENCE, -1);
    }

    private static void require(long bytes, long dumpBytes) throws IOException {
        if (!HeapScratch.offHeap(bytes)) {
            return; // this little stays on the Java heap (or -Dnettyforensics.scratch=heap)
        }
        Path dir = HeapScratch.directory();
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return; // cannot tell; HeapScratch.map reports a missing or read-only folder itself
        }
        check(bytes, dumpBytes, dir, usable);
    }

    /** Throws when {@code usable} bytes in {@code dir} are fewer than {@code bytes}. */
    static void check(long bytes, long dumpBytes, Path dir, long usable) throws IOException {
        if (usable < bytes) {
            throw new IOException(String.format(Locale.ROOT,
                "the temp folder %s has %s free; indexing %s needs up to %s of scratch files there"
                    + " (point -Djava.io.tmpdir or -Dnettyforensics.scratch at a folder with room)",
                dir, gib(usable), dumpBytes >= 0 ? "a " + gib(dumpBytes) + " dump" : "this dump", gib(bytes)));
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
