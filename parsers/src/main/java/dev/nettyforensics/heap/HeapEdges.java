package dev.nettyforensics.heap;

/**
 * Outbound references of every object as object indexes, in compressed-sparse-row form: the
 * targets of object {@code i} are {@code targets[start[i] .. start[i+1])}, in field/element order,
 * null and dangling references left out (the array may be longer than {@code start[objects]}). Also
 * the class index of every object.
 */
record HeapEdges(HeapIntArray start, HeapIntArray targets, HeapIntArray classOf, long unresolved, long unknownClassObjects) {
}
