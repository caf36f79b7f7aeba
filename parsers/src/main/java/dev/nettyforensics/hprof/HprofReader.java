package dev.nettyforensics.hprof;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The record loop behind {@link HprofFile#accept}. One instance per pass; not thread safe.
 *
 * <p>Never allocates in proportion to a length field before checking that field against the bytes
 * that are really there, so hostile lengths cannot exhaust memory; every step advances the
 * position, so corrupt input cannot loop.
 */
final class HprofReader {
    private static final int MAX_DIAGNOSTICS = 200;

    private final HprofBytes bytes;
    private final HprofHeader header;
    private final int idSize;
    private final boolean strict;
    private final HprofVisitor visitor;
    private final boolean wantUtf8;
    private final boolean wantLoadClass;
    private final boolean wantFrames;
    private final boolean wantTraces;
    private final boolean wantHeap;
    private final List<HprofDiagnostic> diagnostics = new ArrayList<>();
    /** When not null, heap records are collected here instead of being decoded. */
    List<HprofSegment> segments;
    private int droppedDiagnostics;
    private long truncatedAt = -1;

    HprofReader(HprofBytes bytes, HprofHeader header, HprofOptions options, Set<HprofTag> tags, HprofVisitor visitor) {
        this.bytes = bytes;
        this.header = header;
        this.idSize = header.idSize();
        this.strict = options.strict();
        this.visitor = visitor;
        this.wantUtf8 = tags.contains(HprofTag.UTF8);
        this.wantLoadClass = tags.contains(HprofTag.LOAD_CLASS);
        this.wantFrames = tags.contains(HprofTag.STACK_FRAME);
        this.wantTraces = tags.contains(HprofTag.STACK_TRACE);
        this.wantHeap = tags.contains(HprofTag.HEAP_DUMP_SEGMENT) || tags.contains(HprofTag.HEAP_DUMP);
    }

    HprofScan run() throws HprofFormatException {
        long size = bytes.size();
        long pos = header.length();
        boolean sawHeap = false;
        boolean sawEnd = false;
        int unknownTags = 0;
        while (pos < size) {
            if (size - pos < 9) {
                truncatedAt = pos;
                break;
            }
            int code = bytes.u1(pos);
            long length = bytes.u4Unsigned(pos + 5);
            long body = pos + 9;
            long end = body + length;
            HprofTag tag = HprofTag.ofCode(code);
            boolean heap = tag == HprofTag.HEAP_DUMP || tag == HprofTag.HEAP_DUMP_SEGMENT;
            if (end > size) {
                // Either a crash cut the file here or the length is corrupt; both leave nothing
                // after this record, so salvage what is complete inside it.
                truncatedAt = pos;
                if (heap) {
                    sawHeap = true;
                    if (segments != null) {
                        segments.add(new HprofSegment(pos, body, size, true));
                    } else if (wantHeap) {
                        truncatedAt = heap(body, size, true);
                    }
                }
                break;
            }
            if (tag == null) {
                unknownTags++;
                if (unknownTags <= 10) {
                    diagnose(pos, "skipped record with unknown tag 0x" + Integer.toHexString(code) + " (" + length + " bytes)");
                }
                visitor.onUnknownRecord(code, pos, length);
            } else {
                switch (tag) {
                    case UTF8 -> {
                        if (length < idSize) {
                            malformed(pos, "UTF8 record shorter than an identifier");
                        } else if (wantUtf8) {
                            visitor.onUtf8(bytes.id(body, idSize), body + idSize, (int) Math.min(length - idSize, Integer.MAX_VALUE));
                        }
                    }
                    case LOAD_CLASS -> {
                        if (length < 8 + 2L * idSize) {
                            malformed(pos, "LOAD CLASS record too short");
                        } else if (wantLoadClass) {
                            visitor.onLoadClass(bytes.u4(body), bytes.id(body + 4, idSize), bytes.u4(body + 4 + idSize),
                                    bytes.id(body + 8 + idSize, idSize));
                        }
                    }
                    case STACK_FRAME -> {
                        if (length < 8 + 4L * idSize) {
                            malformed(pos, "STACK FRAME record too short");
                        } else if (wantFrames) {
                            long p = body;
                            visitor.onStackFrame(bytes.id(p, idSize), bytes.id(p + idSize, idSize), bytes.id(p + 2L * idSize, idSize),
                                    bytes.id(p + 3L * idSize, idSize), bytes.u4(p + 4L * idSize), bytes.u4(p + 4L * idSize + 4));
                        }
                    }
                    case STACK_TRACE -> {
                        if (length < 12) {
                            malformed(pos, "STACK TRACE record too short");
                        } else if (wantTraces) {
                            long count = bytes.u4Unsigned(body + 8);
                            if (count * idSize > length - 12) {
                                malformed(pos, "STACK TRACE claims " + count + " frames but holds fewer");
                            } else {
                                long[] frames = new long[(int) count];
                                for (int i = 0; i < frames.length; i++) {
                                    frames[i] = bytes.id(body + 12 + (long) i * idSize, idSize);
                                }
                                visitor.onStackTrace(bytes.u4(body), bytes.u4(body + 4), frames);
                            }
                        }
                    }
                    case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                        sawHeap = true;
                        if (segments != null) {
                            segments.add(new HprofSegment(pos, body, end, false));
                        } else if (wantHeap) {
                            heap(body, end, false);
                        }
                    }
                    case HEAP_DUMP_END -> sawEnd = true;
                    default -> { /* known, carries nothing the analysis uses: skipped by length */ }
                }
            }
            pos = end;
        }
        if (unknownTags > 10) {
            diagnose(-1, "skipped " + unknownTags + " records with unknown tags in total");
        }
        if (truncatedAt < 0 && !sawEnd && "1.0.2".equals(header.version())) {
            // Segments without the closing END record: the writer stopped at a record border.
            diagnose(size, "heap dump has no HEAP DUMP END record: the file may be cut at a record boundary");
            truncatedAt = size;
        }
        if (droppedDiagnostics > 0) {
            diagnostics.add(new HprofDiagnostic(-1, droppedDiagnostics + " more problems not listed"));
        }
        long bytesRead = truncatedAt >= 0 ? truncatedAt : pos;
        return new HprofScan(bytesRead, truncatedAt >= 0, truncatedAt, diagnostics);
    }

    /** Decodes one segment located by an earlier pass; bytesRead is where its last complete sub-record ends. */
    HprofScan segment(HprofSegment segment) throws HprofFormatException {
        long end = heap(segment.bodyOffset(), segment.endOffset(), segment.cut());
        if (droppedDiagnostics > 0) {
            diagnostics.add(new HprofDiagnostic(-1, droppedDiagnostics + " more problems not listed"));
        }
        return new HprofScan(end, segment.cut(), segment.cut() ? end : -1, diagnostics);
    }

    /**
     * Decodes the sub-records of one heap segment between {@code p} and {@code end}.
     *
     * @param cut the segment runs past the end of the file: an incomplete sub-record is the
     *            truncation point, not corruption
     * @return offset just after the last complete sub-record
     */
    private long heap(long p, long end, boolean cut) throws HprofFormatException {
        final int id = idSize;
        final HprofBytes b = bytes;
        while (p < end) {
            long start = p;
            int sub = b.u1(p);
            p++;
            switch (sub) {
                case 0x21 -> { // INSTANCE DUMP: id, u4 stack serial, id class, u4 n, n bytes
                    if (p + 2L * id + 8 > end) {
                        return incomplete(start, end, cut, "INSTANCE DUMP");
                    }
                    long n = b.u4Unsigned(p + 2L * id + 4);
                    long values = p + 2L * id + 8;
                    if (values + n > end) {
                        return incomplete(start, end, cut, "INSTANCE DUMP");
                    }
                    visitor.onInstance(b.id(p, id), b.id(p + id + 4, id), values, (int) n, start);
                    p = values + n;
                }
                case 0x22 -> { // OBJ ARRAY DUMP: id, u4 stack serial, u4 length, id class, ids
                    if (p + 2L * id + 8 > end) {
                        return incomplete(start, end, cut, "OBJ ARRAY DUMP");
                    }
                    long length = b.u4Unsigned(p + id + 4);
                    long elements = p + 2L * id + 8;
                    if (elements + length * id > end) {
                        return incomplete(start, end, cut, "OBJ ARRAY DUMP");
                    }
                    visitor.onObjectArray(b.id(p, id), b.id(p + id + 8, id), (int) length, elements, start);
                    p = elements + length * id;
                }
                case 0x23 -> { // PRIM ARRAY DUMP: id, u4 stack serial, u4 length, u1 type, values
                    if (p + id + 9 > end) {
                        return incomplete(start, end, cut, "PRIM ARRAY DUMP");
                    }
                    long length = b.u4Unsigned(p + id + 4);
                    HprofType type = HprofType.ofCode(b.u1(p + id + 8));
                    if (type == null || type == HprofType.OBJECT) {
                        return corrupt(start, end, "PRIM ARRAY DUMP with element type " + b.u1(p + id + 8));
                    }
                    long elements = p + id + 9;
                    if (elements + length * type.size(id) > end) {
                        return incomplete(start, end, cut, "PRIM ARRAY DUMP");
                    }
                    visitor.onPrimitiveArray(b.id(p, id), type, (int) length, elements, start);
                    p = elements + length * type.size(id);
                }
                case 0x20 -> {
                    long next = classDump(start, p, end, cut);
                    if (next < 0) {
                        return -next;
                    }
                    p = next;
                }
                default -> {
                    HprofRootKind kind = HprofRootKind.ofCode(sub);
                    if (kind == null) {
                        if (sub == 0xFE || sub == 0xC3) {
                            return corrupt(start, end, "Android heap sub-record 0x" + Integer.toHexString(sub) + " is not supported");
                        }
                        return corrupt(start, end, "unknown heap sub-record tag 0x" + Integer.toHexString(sub));
                    }
                    int body = kind.bodySize(id);
                    if (p + body > end) {
                        return incomplete(start, end, cut, "GC root");
                    }
                    long objectId = b.id(p, id);
                    int thread = -1;
                    int depth = -1;
                    switch (kind) {
                        case JNI_LOCAL, JAVA_FRAME, JNI_MONITOR -> {
                            thread = b.u4(p + id);
                            depth = b.u4(p + id + 4);
                        }
                        case THREAD_OBJECT, NATIVE_STACK, THREAD_BLOCK -> thread = b.u4(p + id);
                        default -> { }
                    }
                    visitor.onGcRoot(kind, objectId, thread, depth);
                    p += body;
                }
            }
        }
        return p;
    }

    /** Returns the offset after the class dump, or minus the offset where the segment stops. */
    private long classDump(long start, long p, long end, boolean cut) throws HprofFormatException {
        final int id = idSize;
        final HprofBytes b = bytes;
        long fixed = 7L * id + 8;
        if (p + fixed + 2 > end) {
            return -incomplete(start, end, cut, "CLASS DUMP");
        }
        long classId = b.id(p, id);
        int stackSerial = b.u4(p + id);
        long superId = b.id(p + id + 4, id);
        long loaderId = b.id(p + 2L * id + 4, id);
        long signersId = b.id(p + 3L * id + 4, id);
        long domainId = b.id(p + 4L * id + 4, id);
        int instanceSize = b.u4(p + 7L * id + 4);
        long q = p + fixed;
        int cpCount = b.u2(q);
        q += 2;
        long[] cpRefs = new long[cpCount];
        int cpRefCount = 0;
        for (int i = 0; i < cpCount; i++) {
            if (q + 3 > end) {
                return -incomplete(start, end, cut, "CLASS DUMP");
            }
            HprofType type = HprofType.ofCode(b.u1(q + 2));
            if (type == null) {
                return -corrupt(start, end, "CLASS DUMP constant pool entry with type " + b.u1(q + 2));
            }
            q += 3;
            if (q + type.size(id) > end) {
                return -incomplete(start, end, cut, "CLASS DUMP");
            }
            if (type == HprofType.OBJECT) {
                cpRefs[cpRefCount++] = b.id(q, id);
            }
            q += type.size(id);
        }
        if (q + 2 > end) {
            return -incomplete(start, end, cut, "CLASS DUMP");
        }
        int staticCount = b.u2(q);
        q += 2;
        long[] staticNames = new long[staticCount];
        HprofType[] staticTypes = new HprofType[staticCount];
        long[] staticValues = new long[staticCount];
        for (int i = 0; i < staticCount; i++) {
            if (q + id + 1 > end) {
                return -incomplete(start, end, cut, "CLASS DUMP");
            }
            staticNames[i] = b.id(q, id);
            HprofType type = HprofType.ofCode(b.u1(q + id));
            if (type == null) {
                return -corrupt(start, end, "CLASS DUMP static field with type " + b.u1(q + id));
            }
            staticTypes[i] = type;
            q += id + 1;
            if (q + type.size(id) > end) {
                return -incomplete(start, end, cut, "CLASS DUMP");
            }
            staticValues[i] = readRaw(q, type);
            q += type.size(id);
        }
        if (q + 2 > end) {
            return -incomplete(start, end, cut, "CLASS DUMP");
        }
        int fieldCount = b.u2(q);
        q += 2;
        if (q + (long) fieldCount * (id + 1) > end) {
            return -incomplete(start, end, cut, "CLASS DUMP");
        }
        long[] fieldNames = new long[fieldCount];
        HprofType[] fieldTypes = new HprofType[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            fieldNames[i] = b.id(q, id);
            HprofType type = HprofType.ofCode(b.u1(q + id));
            if (type == null) {
                return -corrupt(start, end, "CLASS DUMP instance field with type " + b.u1(q + id));
            }
            fieldTypes[i] = type;
            q += id + 1;
        }
        visitor.onClassDump(new HprofClassDump(classId, stackSerial, superId, loaderId, signersId, domainId, instanceSize,
                java.util.Arrays.copyOf(cpRefs, cpRefCount), staticNames, staticTypes, staticValues, fieldNames, fieldTypes, start));
        return q;
    }

    private long readRaw(long q, HprofType type) {
        return switch (type) {
            case OBJECT -> bytes.id(q, idSize);
            case BOOLEAN, BYTE -> (byte) bytes.u1(q);
            case CHAR -> bytes.u2(q);
            case SHORT -> (short) bytes.u2(q);
            case INT, FLOAT -> bytes.u4(q);
            case LONG, DOUBLE -> bytes.u8(q);
        };
    }

    /** A sub-record does not fit: the truncation point when the file was cut, else corruption. */
    private long incomplete(long start, long end, boolean cut, String what) throws HprofFormatException {
        if (cut) {
            return start;
        }
        return corrupt(start, end, what + " runs past the end of its heap segment");
    }

    /** Malformed sub-record: stop (strict) or skip the rest of the segment (its length is still trusted). */
    private long corrupt(long start, long end, String message) throws HprofFormatException {
        if (strict) {
            throw new HprofFormatException(message, start);
        }
        diagnose(start, message + "; skipped " + (end - start) + " bytes up to the end of the heap segment");
        return end;
    }

    private void malformed(long pos, String message) throws HprofFormatException {
        if (strict) {
            throw new HprofFormatException(message, pos);
        }
        diagnose(pos, message + "; skipped");
    }

    private void diagnose(long offset, String message) {
        if (diagnostics.size() < MAX_DIAGNOSTICS) {
            diagnostics.add(new HprofDiagnostic(offset, message));
        } else {
            droppedDiagnostics++;
        }
    }
}
