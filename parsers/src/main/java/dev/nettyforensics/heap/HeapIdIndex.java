package dev.nettyforensics.heap;

/**
 * Object id to object index. Object indexes follow the file (so passes over all objects stream the
 * mapped dump), ids are addresses. Two layouts: {@link HeapIdBitmap} (one bit per possible address
 * plus a rank, for dumps whose ids are aligned and dense, as HotSpot's are) and {@link
 * HeapSortedIds} (sorted ids, for anything else). Immutable and thread safe once built.
 */
interface HeapIdIndex {
    /** Number of objects (distinct non-zero ids). */
    int count();

    /** The index of {@code id}, or -1 when no object has it (or id is 0). Cheap: no allocation. */
    int indexOf(long id);
}
