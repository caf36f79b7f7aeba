package dev.nettyforensics.heap;

import java.nio.ByteBuffer;
import java.nio.LongBuffer;

/**
 * A fixed-length, zero-filled long array that may live outside the Java heap ({@link HeapScratch}):
 * the file offsets, ids and retained sizes of the heap index.
 *
 * <p>Indexes are {@code long} for symmetry with {@link HeapIntArray}. Cost: a get or set is a
 * shift, a mask and a buffer access (bounds-checked); hot loops over small dumps see an on-heap
 * {@code long[]} wrapped the same way. Thread safety: like a {@code long[]}; concurrent writes to
 * distinct elements are fine, publication needs the usual happens-before (e.g. joining the writers).
 */
final class HeapLongArray {
    private static final int BITS = HeapScratch.MAPPING_BITS - 3;
    private static final long MASK = (1L << BITS) - 1;

    private final LongBuffer[] parts;
    private final long length;

    private HeapLongArray(LongBuffer[] parts, long length) {
        this.parts = parts;
        this.length = length;
    }

    /** A zero-filled array: off heap when large (see {@link HeapScratch#offHeap}). */
    static HeapLongArray allocate(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        if (!HeapScratch.offHeap(length * 8) && length <= (1L << BITS)) {
            return wrap(new long[(int) length]);
        }
        ByteBuffer[] maps = HeapScratch.map(length * 8);
        LongBuffer[] parts = new LongBuffer[maps.length];
        for (int i = 0; i < maps.length; i++) {
            parts[i] = maps[i].asLongBuffer();
        }
        return new HeapLongArray(parts, length);
    }

    /** Wraps an on-heap array without copying; writes go through to it. */
    static HeapLongArray wrap(long[] values) {
        if (values.length > (1L << BITS)) {
            throw new IllegalArgumentException("wrap at most 2^" + BITS + " elements, got " + values.length);
        }
        return new HeapLongArray(new LongBuffer[] {LongBuffer.wrap(values)}, values.length);
    }

    long length() {
        return length;
    }

    long get(long index) {
        return parts[(int) (index >>> BITS)].get((int) (index & MASK));
    }

    void set(long index, long value) {
        parts[(int) (index >>> BITS)].put((int) (index & MASK), value);
    }

    /** Adds {@code delta} and returns the new value; not atomic. */
    long add(long index, long delta) {
        LongBuffer part = parts[(int) (index >>> BITS)];
        int i = (int) (index & MASK);
        long value = part.get(i) + delta;
        part.put(i, value);
        return value;
    }

    /** Sets every element of {@code [from, to)} to {@code value}. */
    void fill(long from, long to, long value) {
        for (long i = from; i < to; i++) {
            set(i, value);
        }
    }

    /** Copies {@code [from, from + count)} into a new on-heap array. */
    long[] copyOut(long from, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(from + i);
        }
        return out;
    }
}
