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

    public long neededBytes() {
        return neededBytes;
    }
}
