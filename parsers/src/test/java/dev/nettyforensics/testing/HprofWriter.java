package dev.nettyforensics.testing;

import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofTag;
import dev.nettyforensics.hprof.HprofType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test-only writer of HPROF records, one method per record kind, so tests never assemble bytes by
 * hand. Also writes deliberately broken records (lengths that lie, bad identifier sizes) through
 * methods whose names say so. Heap sub-records are buffered per segment because a segment's
 * length precedes its body. Not thread safe.
 */
public final class HprofWriter {
    private final DataOutputStream out;
    private final int idSize;
    private ByteArrayOutputStream segmentBytes;
    private DataOutputStream segment;
    private int segmentTag;

    /** Writes the header; {@code idSize} may be any value (to test rejection), ids are then written as 8 bytes. */
    public HprofWriter(OutputStream sink, String version, int idSize, long timestampMillis) {
        this.out = new DataOutputStream(sink);
        this.idSize = idSize;
        io(() -> {
            out.write(("JAVA PROFILE " + version).getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            out.writeInt(idSize);
            out.writeLong(timestampMillis);
        });
    }

    public int idSize() {
        return idSize;
    }

    // ---- top-level records -------------------------------------------------------------------

    public void utf8(long id, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        record(HprofTag.UTF8.code(), idSize + b.length, d -> {
            id(d, id);
            d.write(b);
        });
    }

    public void loadClass(int classSerial, long classId, int stackSerial, long nameId) {
        record(HprofTag.LOAD_CLASS.code(), 8 + 2 * idSize, d -> {
            d.writeInt(classSerial);
            id(d, classId);
            d.writeInt(stackSerial);
            id(d, nameId);
        });
    }

    public void stackFrame(long frameId, long methodNameId, long signatureId, long sourceFileId, int classSerial, int line) {
        record(HprofTag.STACK_FRAME.code(), 4 * idSize + 8, d -> {
            id(d, frameId);
            id(d, methodNameId);
            id(d, signatureId);
            id(d, sourceFileId);
            d.writeInt(classSerial);
            d.writeInt(line);
        });
    }

    public void stackTrace(int serial, int threadSerial, long... frameIds) {
        record(HprofTag.STACK_TRACE.code(), 12 + frameIds.length * idSize, d -> {
            d.writeInt(serial);
            d.writeInt(threadSerial);
            d.writeInt(frameIds.length);
            for (long f : frameIds) {
                id(d, f);
            }
        });
    }

    /** A record with any tag (known or not) and {@code length} zero bytes of body. */
    public void opaqueRecord(int tag, int length) {
        record(tag, length, d -> d.write(new byte[length]));
    }

    /** A record header that claims {@code claimedLength} (e.g. 0xFFFFFFFF) followed by {@code actualBytes} zero bytes. */
    public void lyingRecord(int tag, long claimedLength, int actualBytes) {
        io(() -> {
            out.writeByte(tag);
            out.writeInt(0);
            out.writeInt((int) claimedLength);
            out.write(new byte[actualBytes]);
        });
    }

    public void heapDumpEnd() {
        record(HprofTag.HEAP_DUMP_END.code(), 0, d -> { });
    }

    // ---- heap segments ------------------------------------------------------------------------

    /** Starts buffering sub-records for a HEAP DUMP SEGMENT (1.0.2) or HEAP DUMP (1.0.1) record. */
    public void beginHeap(HprofTag tag) {
        if (segment != null) {
            throw new IllegalStateException("segment already open");
        }
        segmentTag = tag.code();
        segmentBytes = new ByteArrayOutputStream();
        segment = new DataOutputStream(segmentBytes);
    }

    /** Writes the buffered segment with its true length. */
    public void endHeap() {
        endHeap(-1);
    }

    /** Writes the buffered segment, claiming {@code claimedLength} when not negative (corrupt input). */
    public void endHeap(long claimedLength) {
        byte[] body = segmentBytes.toByteArray();
        segment = null;
        segmentBytes = null;
        io(() -> {
            out.writeByte(segmentTag);
            out.writeInt(0);
            out.writeInt((int) (claimedLength >= 0 ? claimedLength : body.length));
            out.write(body);
        });
    }

    public boolean inHeap() {
        return segment != null;
    }

    public void root(HprofRootKind kind, long objectId, int threadSerial, int frameDepth) {
        sub(d -> {
            d.writeByte(kind.code());
            id(d, objectId);
            switch (kind) {
                case JNI_GLOBAL -> id(d, 0);
                case JNI_LOCAL, JAVA_FRAME, JNI_MONITOR -> {
                    d.writeInt(threadSerial);
                    d.writeInt(frameDepth);
                }
                case THREAD_OBJECT -> {
                    d.writeInt(threadSerial);
                    d.writeInt(frameDepth); // the stack trace serial for thread objects
                }
                case NATIVE_STACK, THREAD_BLOCK -> d.writeInt(threadSerial);
                default -> { }
            }
        });
    }

    /**
     * CLASS DUMP. Static values are raw bits as in {@link dev.nettyforensics.heap.HeapStaticField}.
     */
    public void classDump(long classId, long superId, long loaderId, int instanceSize,
                          long[] staticNameIds, HprofType[] staticTypes, long[] staticValues,
                          long[] fieldNameIds, HprofType[] fieldTypes) {
        sub(d -> {
            d.writeByte(0x20);
            id(d, classId);
            d.writeInt(0);
            id(d, superId);
            id(d, loaderId);
            id(d, 0);
            id(d, 0);
            id(d, 0);
            id(d, 0);
            d.writeInt(instanceSize);
            d.writeShort(0);
            d.writeShort(staticNameIds.length);
            for (int i = 0; i < staticNameIds.length; i++) {
                id(d, staticNameIds[i]);
                d.writeByte(staticTypes[i].code());
                value(d, staticTypes[i], staticValues[i]);
            }
            d.writeShort(fieldNameIds.length);
            for (int i = 0; i < fieldNameIds.length; i++) {
                id(d, fieldNameIds[i]);
                d.writeByte(fieldTypes[i].code());
            }
        });
    }

    public void instance(long id, long classId, byte[] values) {
        sub(d -> {
            d.writeByte(0x21);
            id(d, id);
            d.writeInt(0);
            id(d, classId);
            d.writeInt(values.length);
            d.write(values);
        });
    }

    public void objectArray(long id, long arrayClassId, long... elements) {
        sub(d -> {
            d.writeByte(0x22);
            id(d, id);
            d.writeInt(0);
            d.writeInt(elements.length);
            id(d, arrayClassId);
            for (long e : elements) {
                id(d, e);
            }
        });
    }

    /** PRIM ARRAY DUMP with {@code content} as the element bytes (big-endian), length in elements. */
    public void primitiveArray(long id, HprofType type, int length, byte[] content) {
        sub(d -> {
            d.writeByte(0x23);
            id(d, id);
            d.writeInt(0);
            d.writeInt(length);
            d.writeByte(type.code());
            d.write(content);
        });
    }

    /** A sub-record with a tag no reader knows, followed by {@code length} zero bytes. */
    public void unknownSubRecord(int tag, int length) {
        sub(d -> {
            d.writeByte(tag);
            d.write(new byte[length]);
        });
    }

    /** Encodes one value as the dump stores it. */
    public void value(DataOutputStream d, HprofType type, long raw) throws IOException {
        switch (type) {
            case OBJECT -> id(d, raw);
            case BOOLEAN, BYTE -> d.writeByte((int) raw);
            case CHAR, SHORT -> d.writeShort((int) raw);
            case INT, FLOAT -> d.writeInt((int) raw);
            case LONG, DOUBLE -> d.writeLong(raw);
        }
    }

    public void flush() {
        io(out::flush);
    }

    // ---- plumbing -----------------------------------------------------------------------------

    void id(DataOutputStream d, long id) throws IOException {
        if (idSize == 4) {
            d.writeInt((int) id);
        } else {
            d.writeLong(id);
        }
    }

    private void record(int tag, int length, Body body) {
        if (segment != null) {
            throw new IllegalStateException("close the heap segment first");
        }
        io(() -> {
            out.writeByte(tag);
            out.writeInt(0);
            out.writeInt(length);
            body.write(out);
        });
    }

    private void sub(Body body) {
        if (segment == null) {
            throw new IllegalStateException("beginHeap first");
        }
        io(() -> body.write(segment));
    }

    @FunctionalInterface
    interface Body {
        void write(DataOutputStream d) throws IOException;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
