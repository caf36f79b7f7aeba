package dev.nettyforensics.testing;

import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofTag;
import dev.nettyforensics.hprof.HprofType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small DSL for synthetic heap dumps (after Shark's {@code dump { }}): declare classes,
 * instances, arrays, roots and threads by name; the DSL assigns ids deterministically and writes
 * real HPROF through {@link HprofWriter}.
 *
 * <pre>{@code
 * Path file = TestDump.write(dir.resolve("a.hprof"), d -> {
 *     d.clazz("com.example.Holder", null, "next", HprofType.OBJECT, "size", HprofType.INT);
 *     long a = d.instance("com.example.Holder", "size", 3);
 *     d.root(HprofRootKind.STICKY_CLASS, d.classId("com.example.Holder"));
 * });
 * }</pre>
 * Not thread safe. Ids are 8-aligned and start at 0x10000, so a dump is byte-identical run to run.
 */
public final class TestDump {
    private int idSize = 8;
    private String version = "1.0.2";
    private int subRecordsPerSegment = Integer.MAX_VALUE;
    private long nextId = 0x10000;
    private final Map<String, Long> strings = new LinkedHashMap<>();
    private final Map<String, ClassSpec> classes = new LinkedHashMap<>();
    private final Map<Long, ClassSpec> classesById = new LinkedHashMap<>();
    private final List<Consumer<HprofWriter>> beforeHeap = new ArrayList<>();
    private final List<Consumer<HprofWriter>> heapRecords = new ArrayList<>();
    private final List<Consumer<HprofWriter>> rootRecords = new ArrayList<>();
    private final List<Consumer<HprofWriter>> afterHeap = new ArrayList<>();
    private boolean writeEnd = true;
    private int nextThreadSerial = 1;
    private int nextFrameId = 1;

    private record FieldSpec(String name, HprofType type) {}

    private static final class ClassSpec {
        final String name;
        final long id;
        long superId;
        final List<FieldSpec> fields = new ArrayList<>();
        final List<Object[]> statics = new ArrayList<>();
        int serial;

        ClassSpec(String name, long id, long superId) {
            this.name = name;
            this.id = id;
            this.superId = superId;
        }
    }

    private TestDump() {}

    /** Writes the dump described by {@code spec} to {@code file} and returns it. */
    public static Path write(Path file, Consumer<TestDump> spec) {
        try {
            Files.write(file, bytes(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static byte[] bytes(Consumer<TestDump> spec) {
        TestDump d = new TestDump();
        spec.accept(d);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.writeTo(out);
        return out.toByteArray();
    }

    // ---- settings ------------------------------------------------------------------------------

    public TestDump idSize(int size) {
        this.idSize = size;
        return this;
    }

    public TestDump version(String v) {
        this.version = v;
        return this;
    }

    /** Splits the heap into segments of at most this many sub-records. */
    public TestDump subRecordsPerSegment(int n) {
        this.subRecordsPerSegment = n;
        return this;
    }

    /** Leaves out the HEAP DUMP END record. */
    public TestDump withoutEnd() {
        this.writeEnd = false;
        return this;
    }

    // ---- model ---------------------------------------------------------------------------------

    public long newId() {
        long id = nextId;
        nextId += 16;
        return id;
    }

    private long string(String s) {
        return strings.computeIfAbsent(s, k -> newId());
    }

    /**
     * Declares a class. {@code superName} null means {@code java.lang.Object} (declared on demand);
     * fields are name/type pairs. Names use dots, as {@code Class.getName()}.
     */
    public long clazz(String name, String superName, Object... fieldNamesAndTypes) {
        long superId = 0;
        if (!name.equals("java.lang.Object")) {
            String s = superName == null ? "java.lang.Object" : superName;
            if (!classes.containsKey(s)) {
                clazz(s, null);
            }
            superId = classes.get(s).id;
        }
        ClassSpec c = new ClassSpec(name, newId(), superId);
        for (int i = 0; i + 1 < fieldNamesAndTypes.length; i += 2) {
            c.fields.add(new FieldSpec((String) fieldNamesAndTypes[i], (HprofType) fieldNamesAndTypes[i + 1]));
        }
        classes.put(name, c);
        classesById.put(c.id, c);
        c.serial = classes.size();
        return c.id;
    }

    public boolean declares(String className) {
        return classes.containsKey(className);
    }

    public long classId(String name) {
        return classes.get(name).id;
    }

    /** Makes {@code className}'s superclass any id, even itself or an unknown one (for corrupt-input tests). */
    public void forceSuperclass(String className, long superId) {
        classes.get(className).superId = superId;
    }

    public void staticField(String className, String field, HprofType type, long rawValue) {
        classes.get(className).statics.add(new Object[] {field, type, rawValue});
    }

    /** An instance with field values given as name/value pairs (Number, Boolean or Character); others are 0. */
    public long instance(String className, Object... fieldValues) {
        return instanceWithId(newId(), className, fieldValues);
    }

    /** Like {@link #instance} with a chosen id (duplicate ids for corrupt-input tests). */
    public long instanceWithId(long id, String className, Object... fieldValues) {
        ClassSpec c = classes.get(className);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fieldValues.length; i += 2) {
            values.put((String) fieldValues[i], fieldValues[i + 1]);
        }
        List<FieldSpec> layout = new ArrayList<>();
        int guard = 0;
        for (ClassSpec k = c; k != null && guard++ < 100; k = classesById.get(k.superId)) {
            layout.addAll(k.fields);
        }
        heapRecords.add(w -> w.instance(id, c.id, encode(w, layout, values)));
        return id;
    }

    /** An instance naming a class id that no CLASS DUMP defines. */
    public long instanceOfUnknownClass(int valueBytes) {
        long id = newId();
        long classId = newId();
        heapRecords.add(w -> w.instance(id, classId, new byte[valueBytes]));
        return id;
    }

    public long objectArray(String arrayClassName, long... elements) {
        if (!classes.containsKey(arrayClassName)) {
            clazz(arrayClassName, null);
        }
        long id = newId();
        long classId = classes.get(arrayClassName).id;
        heapRecords.add(w -> w.objectArray(id, classId, elements));
        return id;
    }

    /** A primitive array of {@code length} zero elements. */
    public long primitiveArray(HprofType type, int length) {
        long id = newId();
        heapRecords.add(w -> w.primitiveArray(id, type, length, new byte[length * type.size(4)]));
        return id;
    }

    /** A {@code java.lang.String} in JDK 9+ layout (LATIN1 {@code byte[] value}, {@code coder} 0). */
    public long javaString(String latin1) {
        if (!classes.containsKey("java.lang.String")) {
            clazz("java.lang.String", null, "value", HprofType.OBJECT, "hash", HprofType.INT, "coder", HprofType.BYTE);
        }
        byte[] content = latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long array = newId();
        heapRecords.add(w -> w.primitiveArray(array, HprofType.BYTE, content.length, content));
        return instance("java.lang.String", "value", array, "coder", (byte) 0);
    }

    public void root(HprofRootKind kind, long objectId) {
        rootRecords.add(w -> w.root(kind, objectId, 0, 0));
    }

    /**
     * A thread: a THREAD OBJECT root for {@code threadObjectId}, plus a stack trace whose frames
     * are given innermost first as {@code "pkg.Class.method:line"}. Returns the thread serial.
     */
    public int thread(long threadObjectId, String... frames) {
        int serial = nextThreadSerial++;
        long[] frameIds = new long[frames.length];
        List<Consumer<HprofWriter>> frameRecords = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            String f = frames[i];
            int colon = f.lastIndexOf(':');
            String qualified = colon < 0 ? f : f.substring(0, colon);
            int line = colon < 0 ? 0 : Integer.parseInt(f.substring(colon + 1));
            int dot = qualified.lastIndexOf('.');
            String className = qualified.substring(0, dot);
            String method = qualified.substring(dot + 1);
            if (!classes.containsKey(className)) {
                clazz(className, null);
            }
            long frameId = nextFrameId++;
            frameIds[i] = frameId;
            long methodId = string(method);
            long sigId = string("()V");
            long sourceId = string(className.substring(className.lastIndexOf('.') + 1) + ".java");
            frameRecords.add(w -> w.stackFrame(frameId, methodId, sigId, sourceId, classes.get(className).serial, line));
        }
        beforeHeap.addAll(frameRecords);
        beforeHeap.add(w -> w.stackTrace(serial, serial, frameIds));
        rootRecords.add(w -> w.root(HprofRootKind.THREAD_OBJECT, threadObjectId, serial, serial));
        return serial;
    }

    /** A local variable of frame {@code depth} (0 = innermost) of a thread, as ROOT JAVA FRAME. */
    public void frameLocal(int threadSerial, int depth, long objectId) {
        rootRecords.add(w -> w.root(HprofRootKind.JAVA_FRAME, objectId, threadSerial, depth));
    }

    /** A top-level record with a tag readers do not know, placed before the heap. */
    public void unknownRecord(int tag, int length) {
        beforeHeap.add(w -> w.opaqueRecord(tag, length));
    }

    /** A heap sub-record with an unknown tag, placed among the objects. */
    public void unknownSubRecord(int tag, int length) {
        heapRecords.add(w -> w.unknownSubRecord(tag, length));
    }

    /** Raw access after the heap (and END) for corruptions such as lying record lengths. */
    public void afterHeap(Consumer<HprofWriter> raw) {
        afterHeap.add(raw);
    }

    // ---- writing -------------------------------------------------------------------------------

    private byte[] encode(HprofWriter w, List<FieldSpec> layout, Map<String, Object> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        try {
            for (FieldSpec f : layout) {
                w.value(d, f.type, raw(f.type, values.get(f.name)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static long raw(HprofType type, Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Character c) {
            return c;
        }
        if (type == HprofType.FLOAT) {
            return Float.floatToIntBits(((Number) v).floatValue());
        }
        if (type == HprofType.DOUBLE) {
            return Double.doubleToLongBits(((Number) v).doubleValue());
        }
        return ((Number) v).longValue();
    }

    private void writeTo(OutputStream sink) {
        HprofWriter w = new HprofWriter(sink, version, idSize, 1_700_000_000_000L);
        if (idSize != 4 && idSize != 8) {
            w.flush();
            return; // the header is all a reader may look at
        }
        for (ClassSpec c : classes.values()) {
            string(c.name.replace('.', '/'));
            c.fields.forEach(f -> string(f.name));
            c.statics.forEach(s -> string((String) s[0]));
        }
        strings.forEach((s, id) -> w.utf8(id, s));
        for (ClassSpec c : classes.values()) {
            w.loadClass(c.serial, c.id, 0, strings.get(c.name.replace('.', '/')));
        }
        beforeHeap.forEach(r -> r.accept(w));
        List<Consumer<HprofWriter>> subRecords = new ArrayList<>();
        for (ClassSpec c : classes.values()) {
            subRecords.add(x -> {
                int size = c.fields.stream().mapToInt(f -> f.type.size(idSize)).sum();
                long[] staticNames = c.statics.stream().mapToLong(s -> strings.get((String) s[0])).toArray();
                HprofType[] staticTypes = c.statics.stream().map(s -> (HprofType) s[1]).toArray(HprofType[]::new);
                long[] staticValues = c.statics.stream().mapToLong(s -> (Long) s[2]).toArray();
                long[] fieldNames = c.fields.stream().mapToLong(f -> strings.get(f.name)).toArray();
                HprofType[] fieldTypes = c.fields.stream().map(f -> f.type).toArray(HprofType[]::new);
                x.classDump(c.id, c.superId, 0, size, staticNames, staticTypes, staticValues, fieldNames, fieldTypes);
            });
        }
        subRecords.addAll(rootRecords);
        subRecords.addAll(heapRecords);
        HprofTag heapTag = version.equals("1.0.1") ? HprofTag.HEAP_DUMP : HprofTag.HEAP_DUMP_SEGMENT;
        int inSegment = 0;
        for (Consumer<HprofWriter> r : subRecords) {
            if (!w.inHeap()) {
                w.beginHeap(heapTag);
            }
            r.accept(w);
            if (++inSegment >= subRecordsPerSegment) {
                w.endHeap();
                inSegment = 0;
            }
        }
        if (w.inHeap()) {
            w.endHeap();
        }
        if (writeEnd && heapTag == HprofTag.HEAP_DUMP_SEGMENT) {
            w.heapDumpEnd();
        }
        afterHeap.forEach(r -> r.accept(w));
        w.flush();
    }
}
