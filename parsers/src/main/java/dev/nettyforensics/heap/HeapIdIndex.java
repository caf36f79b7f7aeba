package dev.nettyforensics.heap;

/**
 * Object id to object index. Objects are numbered in ascending id order (ids are addresses, and
 * the dump lists each heap region in address order, so passes over all objects still stream the
 * mapped dump run by run). Two layouts: {@link HeapIdBitmap} (one bit per possible address
 * plus a rank, for dumps whose ids are aligned and dense, as HotSpot's are) and {@link
 * HeapSortedIds} (sorted ids, for anything else). Immutable and thread safe once built.
 */
interface HeapIdIndex {
    /** Number of objects (distinct non-zero ids). */
    int count();

    /** The index of {@code id}, or -1 when no object has it (or id is 0). Cheap: no allocation. */
    int indexOf(long id);
}
