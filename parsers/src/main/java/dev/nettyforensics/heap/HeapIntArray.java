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
    /** The backing array when on the Java heap (one part), else null: the fast path of get and set. */
    private final int[] array;
    private final long length;

    private HeapIntArray(IntBuffer[] parts, int[] array, long length) {
        this.parts = parts;
        this.array = array;
        this.length = length;
    }

    /** A zero-filled array: off heap when large (see {@link HeapScratch#offHeap}). */
    static HeapIntArray allocate(long length) {
        return allocate(length, HeapScratch.OFF_HEAP_THRESHOLD_BYTES);
    }

    /** A zero-filled array, off heap from {@code threshold} bytes on (see {@link HeapScratch#offHeap(long, long)}). */
    static HeapIntArray allocate(long length, long threshold) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        if (!HeapScratch.offHeap(length * 4, threshold) && length <= (1L << BITS)) {
            return wrap(new int[(int) length]);
        }
        ByteBuffer[] maps = HeapScratch.map(length * 4);
        IntBuffer[] parts = new IntBuffer[maps.length];
        for (int i = 0; i < maps.length; i++) {
            parts[i] = maps[i].asIntBuffer();
        }
        return new HeapIntArray(parts, null, length);
    }

    /** Wraps an on-heap array without copying; writes go through to it. */
    static HeapIntArray wrap(int[] values) {
        if (values.length > (1L << BITS)) {
            throw new IllegalArgumentException("wrap at most 2^" + BITS + " elements, got " + values.length);
        }
        return new HeapIntArray(new IntBuffer[] {IntBuffer.wrap(values)}, values, values.length);
    }

    long length() {
        return length;
    }

    int get(long index) {
        int[] a = array;
        if (a != null) {
            return a[(int) index];
        }
        return parts[(int) (index >>> BITS)].get((int) (index & MASK));
    }

    void set(long index, int value) {
        int[] a = array;
        if (a != null) {
            a[(int) index] = value;
            return;
        }
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
        get(from, out, 0, count);
        return out;
    }

    /** Whether the elements live in a mapped temp file rather than on the Java heap. */
    boolean offHeap() {
        return array == null;
    }

    /**
     * Copies {@code count} elements from {@code src[srcPos..]} to {@code dst[dstPos..]} in bulk
     * (memory-copy speed, not element by element); the ranges may overlap when {@code src == dst}
     * and {@code dstPos <= srcPos}.
     */
    static void copy(HeapIntArray src, long srcPos, HeapIntArray dst, long dstPos, long count) {
        long done = 0;
        while (done < count) {
            long s = srcPos + done;
            long d = dstPos + done;
            int sOff = (int) (s & MASK);
            int dOff = (int) (d & MASK);
            int chunk = (int) Math.min(count - done, Math.min((1L << BITS) - sOff, (1L << BITS) - dOff));
            chunk = (int) Math.min(chunk, 1 << 20); // forward chunks keep overlapping copies (dst <= src) correct
            IntBuffer from = src.parts[(int) (s >>> BITS)].duplicate();
            from.limit(sOff + chunk).position(sOff);
            IntBuffer to = dst.parts[(int) (d >>> BITS)].duplicate();
            to.position(dOff);
            to.put(from);
            done += chunk;
        }
    }

    /** Writes {@code src[off .. off + len)} to {@code [at, at + len)} in bulk. */
    void put(long at, int[] src, int off, int len) {
        int[] a = array;
        if (a != null) {
            System.arraycopy(src, off, a, (int) at, len);
            return;
        }
        while (len > 0) {
            int inPart = (int) (at & MASK);
            int chunk = (int) Math.min(len, (1L << BITS) - inPart);
            IntBuffer to = parts[(int) (at >>> BITS)].duplicate();
            to.position(inPart);
            to.put(src, off, chunk);
            at += chunk;
            off += chunk;
            len -= chunk;
        }
    }

    /** Reads {@code [from, from + len)} into {@code dst[off ..]} in bulk. */
    void get(long from, int[] dst, int off, int len) {
        int[] a = array;
        if (a != null) {
            System.arraycopy(a, (int) from, dst, off, len);
            return;
        }
        while (len > 0) {
            int inPart = (int) (from & MASK);
            int chunk = (int) Math.min(len, (1L << BITS) - inPart);
            IntBuffer src = parts[(int) (from >>> BITS)].duplicate();
            src.position(inPart);
            src.get(dst, off, chunk);
            from += chunk;
            off += chunk;
            len -= chunk;
        }
    }
}
