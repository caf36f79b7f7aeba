package dev.nettyforensics.heap;

/** What an indexed object is. */
public enum HeapObjectKind {
    /** A {@code java.lang.Class} mirror, dumped as a CLASS DUMP. */
    CLASS,
    INSTANCE,
    OBJECT_ARRAY,
    PRIMITIVE_ARRAY
}
