package dev.nettyforensics.heap;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * A fixed-length, zero-filled int array that may live outside the Java heap ({@link HeapScratch}):
 * the per-object and per-reference arrays of the heap index and the dominator computation.
 *
 * <p>Indexes are {@code long} so reference arrays can exceed 2^31 elements. Cost: a get or set is a
 * shift, a mask and a buffer access (bounds-checked); hot loops over small dumps see an on-heap
 * {@code int[]} wrapped the same way. Thread safety: like an {@code int[]}; concurrent writes to
 * distinct elements are fine, publication needs the usual happens-before (e.g. joining the writers).
 */
final class HeapIntArray {
    private static final int BITS = HeapScratch.MAPPING_BITS - 2;
    private static final long MASK = (1L << BITS) - 1;

    private final IntBuffer[] parts;
    private final long length;

    private HeapIntArray(IntBuffer[] parts, long length) {
        this.parts = parts;
        this.length = length;
    }

    /** A zero-filled array: off heap when large (see {@link HeapScratch#offHeap}). */
    static HeapIntArray allocate(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        if (!HeapScratch.offHeap(length * 4) && length <= (1L << BITS)) {
            return wrap(new int[(int) length]);
        }
        ByteBuffer[] maps = HeapScratch.map(length * 4);
        IntBuffer[] parts = new IntBuffer[maps.length];
        for (int i = 0; i < maps.length; i++) {
            parts[i] = maps[i].asIntBuffer();
        }
        return new HeapIntArray(parts, length);
    }

    /** Wraps an on-heap array without copying; writes go through to it. */
    static HeapIntArray wrap(int[] values) {
        if (values.length > (1L << BITS)) {
            throw new IllegalArgumentException("wrap at most 2^" + BITS + " elements, got " + values.length);
        }
        return new HeapIntArray(new IntBuffer[] {IntBuffer.wrap(values)}, values.length);
    }

    long length() {
        return length;
    }

    int get(long index) {
        return parts[(int) (index >>> BITS)].get((int) (index & MASK));
    }

    void set(long index, int value) {
        parts[(int) (index >>> BITS)].put((int) (index & MASK), value);
    }

    /** Adds {@code delta} and returns the new value; not atomic. */
    int add(long index, int delta) {
        IntBuffer part = parts[(int) (index >>> BITS)];
        int i = (int) (index & MASK);
        int value = part.get(i) + delta;
        part.put(i, value);
        return value;
    }

    /** Sets every element of {@code [from, to)} to {@code value}. */
    void fill(long from, long to, int value) {
        for (long i = from; i < to; i++) {
            set(i, value);
        }
    }

    /** Copies {@code [from, from + count)} into a new on-heap array. */
    int[] copyOut(long from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(from + i);
        }
        return out;
    }
}
