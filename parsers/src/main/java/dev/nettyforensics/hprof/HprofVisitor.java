package dev.nettyforensics.hprof;

/**
 * Receives records from {@link HprofFile#accept}. Every method has an empty default, so a visitor
 * implements only what it needs. Offsets point into {@link HprofFile#bytes()}; bodies are not
 * copied, read them from there when needed.
 */
public interface HprofVisitor {
    /** UTF8: id, then {@code length} bytes of modified UTF-8 at {@code offset}. */
    default void onUtf8(long id, long offset, int length) {}

    /** LOAD CLASS: u4 class serial, id class object, u4 stack trace serial, id name (UTF8 id). */
    default void onLoadClass(int classSerial, long classId, int stackSerial, long nameId) {}

    /** STACK FRAME: id frame, id method name, id signature, id source file, u4 class serial, u4 line. */
    default void onStackFrame(long frameId, long methodNameId, long signatureId, long sourceFileId,
                              int classSerial, int line) {}

    /** STACK TRACE: u4 serial, u4 thread serial, u4 count, ids of frames (innermost first). */
    default void onStackTrace(int serial, int threadSerial, long[] frameIds) {}

    /** A GC root sub-record; fields a kind does not carry are -1. */
    default void onGcRoot(HprofRootKind kind, long objectId, int threadSerial, int frameDepth) {}

    default void onClassDump(HprofClassDump dump) {}

    /** INSTANCE DUMP: id, u4 stack serial, id class, u4 n, n bytes of field values at {@code valuesOffset}. */
    default void onInstance(long id, long classId, long valuesOffset, int valuesLength, long recordOffset) {}

    /** OBJ ARRAY DUMP: id, u4 stack serial, u4 length, id array class, length ids at {@code elementsOffset}. */
    default void onObjectArray(long id, long arrayClassId, int length, long elementsOffset, long recordOffset) {}

    /** PRIM ARRAY DUMP: id, u4 stack serial, u4 length, u1 type, values at {@code elementsOffset}. */
    default void onPrimitiveArray(long id, HprofType type, int length, long elementsOffset, long recordOffset) {}

    /** A top-level record with a tag this reader does not know; it was skipped by its length. */
    default void onUnknownRecord(int tag, long offset, long length) {}
}
