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
                "the dump holds %,d objects; indexing them needs about %.1f GiB of Java heap, this JVM has %.1f GiB (run with -Xmx%dg)",
                objects, neededBytes / 1073741824.0, maxHeapBytes / 1073741824.0, (neededBytes + (1L << 30) - 1) >> 30));
        this.objects = objects;
        this.neededBytes = neededBytes;
    }

    public long objects() {
        return objects;
    }

    public long neededBytes() {
        return neededBytes;
    }
}
