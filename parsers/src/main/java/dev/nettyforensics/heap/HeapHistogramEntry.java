package dev.nettyforensics.heap;

import java.util.Objects;

/**
 * Instances of one class and their shallow bytes, as {@code GC.class_histogram} counts them.
 *
 * @param heapClass   not null
 * @param instances   number of objects whose class is exactly {@code heapClass}
 * @param shallowBytes sum of their {@link Heap#shallowSize} values
 */
public record HeapHistogramEntry(HeapClass heapClass, long instances, long shallowBytes) {
    public HeapHistogramEntry {
        Objects.requireNonNull(heapClass, "heapClass");
    }
}
