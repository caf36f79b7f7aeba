package dev.nettyforensics.heap;

import java.io.IOException;

/**
 * The dump is readable but has more objects than this JVM's heap can index. Thrown right after
 * the first pass, instead of an {@link OutOfMemoryError} minutes later; the message says how much
 * heap would do ({@code -Xmx}).
 */
public final class HeapCapacityException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long objects;
    private final long neededBytes;

    public HeapCapacityException(long objects, long neededBytes, long maxHeapBytes) {
        super(String.format(java.util.Locale.ROOT,
                "the dump holds %,d objects; indexing them needs about %s of Java heap, this JVM has %s (run with -Xmx%dg)",
                objects, size(neededBytes, true), size(maxHeapBytes, false), (neededBytes + (1L << 30) - 1) >> 30));
        this.objects = objects;
        this.neededBytes = neededBytes;
    }

    private HeapCapacityException(String message, long objects) {
        super(message);
        this.objects = objects;
        this.neededBytes = -1;
    }

    /**
     * The dump exceeds what an {@code int}-indexed heap can address ({@code what} is "objects" or
     * "references"); unchecked so worker threads can throw it, {@link Heap#open} unwraps it.
     */
    static java.io.UncheckedIOException beyondIndexLimit(String what) {
        return new java.io.UncheckedIOException(new HeapCapacityException(
            "the dump holds more than 2^31 " + what + "; netty-forensics indexes at most 2,147,483,647 "
                + "(a dump of live objects only, as jcmd GC.heap_dump writes without -all, is smaller)", -1));
    }

    /** MiB below a GiB, else GiB to a tenth; the need rounded up and the heap down, so they never print alike. */
    private static String size(long bytes, boolean up) {
        if (bytes < 1L << 30) {
            double mib = bytes / 1048576.0;
            return String.format(java.util.Locale.ROOT, "%d MiB", (long) (up ? Math.ceil(mib) : Math.floor(mib)));
        }
        double tenths = bytes / 107374182.4;
        return String.format(java.util.Locale.ROOT, "%.1f GiB", (up ? Math.ceil(tenths) : Math.floor(tenths)) / 10);
    }

    public long objects() {
        return objects;
    }

    /** Java heap the index needs in bytes, or -1 when the dump is beyond the index's limits whatever the heap. */
    public long neededBytes() {
        return neededBytes;
    }
}
