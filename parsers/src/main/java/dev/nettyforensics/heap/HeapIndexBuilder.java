package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import dev.nettyforensics.hprof.HprofClassDump;
import dev.nettyforensics.hprof.HprofDiagnostic;
import dev.nettyforensics.hprof.HprofFile;
import dev.nettyforensics.hprof.HprofFormatException;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofScan;
import dev.nettyforensics.hprof.HprofSegment;
import dev.nettyforensics.hprof.HprofTag;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.hprof.HprofVisitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Heap} in two passes over the mapped dump, each split over two threads: the first
 * collects object ids and record offsets (no per-object Java objects) plus the small metadata
 * (strings, classes, roots, stack traces); the second decodes every reference into a
 * compressed-sparse-row edge list of object indexes. Single use, not thread safe.
 */
final class HeapIndexBuilder implements HprofVisitor {
    private final HprofFile file;
    private final int idSize;
    private final boolean strict;
    private final List<HprofDiagnostic> diagnostics = new ArrayList<>();

    // pass 1: objects (merged from the per-thread collectors)
    private long[] objectIds;
    private long[] objectOffsets;
    private int objectCount;
    private long edgeBound;
    // pass 1: metadata
    private long[] utf8Ids = new long[1 << 12];
    private long[] utf8Offsets = new long[1 << 12];
    private int[] utf8Lengths = new int[1 << 12];
    private int utf8Count;
    private final Map<Long, Long> classNameIdByClassId = new HashMap<>();
    private final Map<Integer, Long> classIdBySerial = new HashMap<>();
    private final Map<Long, long[]> frameById = new HashMap<>();
    private final Map<Integer, long[]> traceFramesByThreadSerial = new HashMap<>();
    private List<HprofClassDump> classDumps = new ArrayList<>();
    private List<Object[]> rootRecords = new ArrayList<>();

    HeapIndexBuilder(HprofFile file) {
        this.file = file;
        this.idSize = file.header().idSize();
        this.strict = file.options().strict();
    }

    /** Phase timings on stderr, for benchmarking: {@code -Dnettyforensics.timings=true}. */
    static final boolean TIMINGS = Boolean.getBoolean("nettyforensics.timings");
    private long phaseStart = System.nanoTime();

    static void phase(String name, long[] start) {
        if (TIMINGS) {
            long now = System.nanoTime();
            System.err.printf("  %-24s %6d ms%n", name, (now - start[0]) / 1_000_000);
            start[0] = now;
        }
    }

    Heap build() throws java.io.IOException {
        long[] clock = {phaseStart};
        List<HprofSegment> segments = new ArrayList<>();
        HprofScan scan = file.accept(EnumSet.of(HprofTag.UTF8, HprofTag.LOAD_CLASS, HprofTag.STACK_FRAME,
                HprofTag.STACK_TRACE, HprofTag.HEAP_DUMP, HprofTag.HEAP_DUMP_SEGMENT), this, segments);
        diagnostics.addAll(scan.diagnostics());
        long salvagedEnd = collectObjects(segments);
        checkCapacity();
        if (salvagedEnd >= 0) {
            // The cut record was a heap segment: data ends after its last complete sub-record.
            scan = new HprofScan(salvagedEnd, true, salvagedEnd, scan.diagnostics());
        }
        phase("pass 1 (records)", clock);
        HeapStrings strings = sortStrings();
        HeapIdIndex ids = sortObjects();
        phase("sort ids", clock);
        List<HeapClass> classes = new ArrayList<>();
        HeapLongIntMap classIndexById = new HeapLongIntMap(classDumps.size() + 16);
        buildClasses(strings, ids, classes, classIndexById);
        HeapLayout layout = HeapLayout.detect(classes, idSize);
        int[] primitiveArrayClass = primitiveArrayClasses(classes);
        for (HeapClass c : classes) {
            c.instanceSize = layout.instanceSize(c);
        }
        HeapClass classClass = classes.stream().filter(c -> c.name().equals("java.lang.Class")).findFirst().orElse(null);
        long classSize = classClass == null ? layout.headerSize : classClass.instanceSize;
        for (HeapClass c : classes) {
            c.mirrorSize = layout.mirrorSize(c, classSize);
        }
        HeapEdges edges = new HeapEdgeExtractor(file.bytes(), idSize, ids, objectOffsets, classes, classIndexById,
                primitiveArrayClass, edgeBound).run();
        phase("pass 2 (references)", clock);
        if (edges.unresolved() > 0) {
            diagnostics.add(new HprofDiagnostic(-1, edges.unresolved() + " references point to objects absent from the dump (ignored)"));
        }
        if (edges.unknownClassObjects() > 0) {
            problem(-1, edges.unknownClassObjects() + " objects name a class the dump does not define");
        }
        List<HeapRoot> roots = buildRoots(ids);
        List<HeapThread> threads = buildThreads(strings, ids, classes, classIndexById, roots);
        return new Heap(file, scan, diagnostics, ids, objectOffsets, edges, classes, classIndexById, layout,
                primitiveArrayClass, roots, threads, strings);
    }

    // ---- pass 1 -------------------------------------------------------------------------

    @Override
    public void onUtf8(long id, long offset, int length) {
        if (utf8Count == utf8Ids.length) {
            int n = utf8Count * 2;
            utf8Ids = Arrays.copyOf(utf8Ids, n);
            utf8Offsets = Arrays.copyOf(utf8Offsets, n);
            utf8Lengths = Arrays.copyOf(utf8Lengths, n);
        }
        utf8Ids[utf8Count] = id;
        utf8Offsets[utf8Count] = offset;
        utf8Lengths[utf8Count] = length;
        utf8Count++;
    }

    @Override
    public void onLoadClass(int classSerial, long classId, int stackSerial, long nameId) {
        classNameIdByClassId.put(classId, nameId);
        classIdBySerial.put(classSerial, classId);
    }

    @Override
    public void onStackFrame(long frameId, long methodNameId, long signatureId, long sourceFileId, int classSerial, int line) {
        frameById.put(frameId, new long[] {methodNameId, signatureId, sourceFileId, classSerial, line});
    }

    @Override
    public void onStackTrace(int serial, int threadSerial, long[] frameIds) {
        traceFramesByThreadSerial.put(threadSerial, frameIds);
    }

    /**
     * Collects the objects, class dumps and roots of a run of heap segments. Two collectors run
     * concurrently on the first and second half of the segments (by bytes); their results are
     * concatenated, so object order stays file order.
     */
    private final class Collector implements HprofVisitor {
        long[] ids;
        long[] offsets;
        int count;
        long bound;
        final List<HprofClassDump> dumps = new ArrayList<>();
        final List<Object[]> roots = new ArrayList<>();
        final List<HprofDiagnostic> problems = new ArrayList<>();
        long salvagedEnd = -1;

        /** @param expected initial capacity: service heaps average about 80 dump bytes per object */
        Collector(long expected) {
            int capacity = (int) Math.max(1 << 12, Math.min(Integer.MAX_VALUE - 16L, expected));
            ids = new long[capacity];
            offsets = new long[capacity];
        }

        Collector run(List<HprofSegment> segments) throws HprofFormatException {
            for (HprofSegment segment : segments) {
                HprofScan s = file.acceptSegment(segment, this);
                problems.addAll(s.diagnostics());
                if (segment.cut()) {
                    salvagedEnd = s.bytesRead();
                }
            }
            return this;
        }

        @Override
        public void onGcRoot(HprofRootKind kind, long objectId, int threadSerial, int frameDepth) {
            roots.add(new Object[] {kind, objectId, threadSerial, frameDepth});
        }

        @Override
        public void onClassDump(HprofClassDump dump) {
            dumps.add(dump);
            add(dump.classId(), dump.recordOffset());
            bound += 4 + dump.staticValues().length + dump.constantPoolReferences().length;
        }

        @Override
        public void onInstance(long id, long classId, long valuesOffset, int valuesLength, long recordOffset) {
            add(id, recordOffset);
            bound += 1 + valuesLength / idSize;
        }

        @Override
        public void onObjectArray(long id, long arrayClassId, int length, long elementsOffset, long recordOffset) {
            add(id, recordOffset);
            bound += 1 + (length & 0xffffffffL);
        }

        @Override
        public void onPrimitiveArray(long id, HprofType type, int length, long elementsOffset, long recordOffset) {
            add(id, recordOffset);
            bound += 1;
        }

        private void add(long id, long offset) {
            if (count == ids.length) {
                if (count >= Integer.MAX_VALUE - 32) {
                    throw new IllegalStateException("more than 2^31 objects");
                }
                int n = (int) Math.min(Integer.MAX_VALUE - 16L, count + (count >> 1) + 16L);
                ids = Arrays.copyOf(ids, n);
                offsets = Arrays.copyOf(offsets, n);
            }
            ids[count] = id;
            offsets[count] = offset;
            count++;
        }
    }

    /**
     * Measured on HotSpot dumps: the index peaks at about 64 bytes of Java heap per object plus 4
     * per reference slot, dominators need about 80 per object in all (96 recommended, for slack). Below the index's need the
     * run cannot finish: say so now rather than with an OutOfMemoryError later.
     */
    private void checkCapacity() throws HeapCapacityException {
        long max = Runtime.getRuntime().maxMemory();
        long indexNeed = 64L * objectCount;
        if (max != Long.MAX_VALUE && indexNeed > max) {
            throw new HeapCapacityException(objectCount, 96L * objectCount, max);
        }
    }

    /** Pass 1 over the heap segments, on two threads when there are enough segments to share. */
    private long collectObjects(List<HprofSegment> segments) throws HprofFormatException {
        long total = 0;
        for (HprofSegment s : segments) {
            total += s.length();
        }
        int split = segments.size();
        if (segments.size() >= 8) {
            long half = 0;
            split = 0;
            while (split < segments.size() && half < total / 2) {
                half += segments.get(split++).length();
            }
        }
        List<HprofSegment> tail = segments.subList(split, segments.size());
        long tailBytes = 0;
        for (HprofSegment s : tail) {
            tailBytes += s.length();
        }
        // The first collector is sized for everything, so the second one's objects can be appended
        // without a third copy of the arrays.
        Collector first = new Collector(total / 80);
        Collector second = new Collector(tail.isEmpty() ? 0 : tailBytes / 80);
        java.util.concurrent.CompletableFuture<Collector> later = tail.isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(second)
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return second.run(tail);
                    } catch (HprofFormatException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        first.run(segments.subList(0, split));
        try {
            later.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof HprofFormatException f) {
                throw f;
            }
            throw e;
        }
        objectCount = first.count + second.count;
        objectIds = first.ids.length >= objectCount ? first.ids : Arrays.copyOf(first.ids, objectCount);
        first.ids = null;
        System.arraycopy(second.ids, 0, objectIds, first.count, second.count);
        second.ids = null;
        objectOffsets = first.offsets.length >= objectCount ? first.offsets : Arrays.copyOf(first.offsets, objectCount);
        first.offsets = null;
        System.arraycopy(second.offsets, 0, objectOffsets, first.count, second.count);
        second.offsets = null;
        edgeBound = first.bound + second.bound;
        classDumps = new ArrayList<>(first.dumps);
        classDumps.addAll(second.dumps);
        rootRecords = new ArrayList<>(first.roots);
        rootRecords.addAll(second.roots);
        diagnostics.addAll(first.problems);
        diagnostics.addAll(second.problems);
        return Math.max(first.salvagedEnd, second.salvagedEnd);
    }

    // ---- between passes ---------------------------------------------------------------

    private HeapStrings sortStrings() {
        int[] positions = new int[utf8Count];
        for (int i = 0; i < utf8Count; i++) {
            positions[i] = i;
        }
        long[] keys = Arrays.copyOf(utf8Ids, utf8Count);
        HeapSort.sort(keys, positions, utf8Count);
        long[] offsets = new long[utf8Count];
        int[] lengths = new int[utf8Count];
        for (int i = 0; i < utf8Count; i++) {
            offsets[i] = utf8Offsets[positions[i]];
            lengths[i] = utf8Lengths[positions[i]];
        }
        utf8Ids = null;
        utf8Offsets = null;
        utf8Lengths = null;
        return new HeapStrings(file, keys, offsets, lengths);
    }

    /**
     * Object indexes are file positions (the order pass 1 saw them); ids are sorted apart with
     * their index. Duplicates keep the first record in the file; id 0 (null) is dropped.
     */
    private HeapIdIndex sortObjects() throws HprofFormatException {
        int n = objectCount;
        long[] sortedIds = objectIds;
        objectIds = null;
        int[] indexOfSorted = new int[n];
        for (int i = 0; i < n; i++) {
            indexOfSorted[i] = i;
        }
        HeapSort.sort(sortedIds, indexOfSorted, n);
        boolean[] dropped = null;
        int duplicates = 0;
        for (int k = 0; k < n; k++) {
            boolean drop = false;
            if (sortedIds[k] == 0) {
                problem(objectOffsets[indexOfSorted[k]], "object with id 0 (the null id) ignored");
                drop = true;
            } else if (k > 0 && sortedIds[k - 1] == sortedIds[k]) {
                if (duplicates++ == 0) {
                    problem(objectOffsets[indexOfSorted[k]], "duplicate object id 0x" + Long.toHexString(sortedIds[k]) + ": kept the first record");
                }
                drop = true;
            }
            if (drop) {
                if (dropped == null) {
                    dropped = new boolean[n];
                }
                dropped[indexOfSorted[k]] = true;
            }
        }
        if (duplicates > 1) {
            diagnostics.add(new HprofDiagnostic(-1, duplicates + " duplicate object ids in total"));
        }
        if (dropped != null) {
            // Rare: renumber the survivors, keeping file order.
            int[] newIndex = new int[n];
            int live = 0;
            for (int i = 0; i < n; i++) {
                newIndex[i] = dropped[i] ? -1 : live;
                if (!dropped[i]) {
                    objectOffsets[live++] = objectOffsets[i];
                }
            }
            int w = 0;
            for (int k = 0; k < n; k++) {
                int target = newIndex[indexOfSorted[k]];
                if (target >= 0 && (w == 0 || sortedIds[w - 1] != sortedIds[k])) {
                    sortedIds[w] = sortedIds[k];
                    indexOfSorted[w++] = target;
                }
            }
            n = live;
        }
        objectCount = n;
        if (objectOffsets.length - n > n / 8 + 1024) {
            objectOffsets = Arrays.copyOf(objectOffsets, n);
        }
        if (sortedIds.length - n > n / 8 + 1024) {
            sortedIds = Arrays.copyOf(sortedIds, n);
        }
        return new HeapIdIndex(sortedIds, indexOfSorted, n);
    }

    private void buildClasses(HeapStrings strings, HeapIdIndex ids, List<HeapClass> classes,
                              HeapLongIntMap classIndexById) throws HprofFormatException {
        for (HprofClassDump dump : classDumps) {
            if (classIndexById.get(dump.classId()) >= 0) {
                problem(dump.recordOffset(), "second CLASS DUMP for class id 0x" + Long.toHexString(dump.classId()) + " ignored");
                continue;
            }
            Long nameId = classNameIdByClassId.get(dump.classId());
            String name = nameId == null ? null : strings.get(nameId);
            if (name == null) {
                name = "unknown.Class@0x" + Long.toHexString(dump.classId());
                diagnostics.add(new HprofDiagnostic(dump.recordOffset(), "class without a LOAD CLASS name: called " + name));
            }
            List<HeapField> fields = new ArrayList<>();
            for (int i = 0; i < dump.fieldNameIds().length; i++) {
                fields.add(new HeapField(strings.getOr(dump.fieldNameIds()[i], "?"), dump.fieldTypes()[i], 0, name));
            }
            List<HeapStaticField> statics = new ArrayList<>();
            for (int i = 0; i < dump.staticNameIds().length; i++) {
                statics.add(new HeapStaticField(strings.getOr(dump.staticNameIds()[i], "?"), dump.staticTypes()[i], dump.staticValues()[i]));
            }
            HeapClass c = new HeapClass(classes.size(), ids.indexOf(dump.classId()), dump.classId(), javaName(name),
                    dump.loaderId(), dump.superId(), fields, statics);
            c.outboundIds = outboundIds(dump);
            classIndexById.putIfAbsent(dump.classId(), c.classIndex);
            classes.add(c);
        }
        for (HeapClass c : classes) {
            int s = classIndexById.get(c.superId);
            if (c.superId != 0 && s < 0) {
                problem(-1, "class " + c.name() + " names an unknown superclass 0x" + Long.toHexString(c.superId));
            }
            c.superclass = s >= 0 ? classes.get(s) : null;
        }
        for (HeapClass c : classes) {
            int steps = 0;
            HeapClass slow = c;
            for (HeapClass fast = c.superclass; fast != null; fast = fast.superclass) {
                if (++steps > classes.size()) {
                    problem(-1, "superclass cycle through " + c.name() + ": chain cut");
                    slow.superclass = null;
                    break;
                }
                slow = fast;
            }
        }
        for (HeapClass c : classes) {
            c.resolveLayout(idSize, classes.size() + 1);
        }
    }

    private static long[] outboundIds(HprofClassDump dump) {
        long[] out = new long[4 + dump.staticValues().length + dump.constantPoolReferences().length];
        int n = 0;
        out[n++] = dump.superId();
        out[n++] = dump.loaderId();
        out[n++] = dump.signersId();
        out[n++] = dump.protectionDomainId();
        for (int i = 0; i < dump.staticValues().length; i++) {
            if (dump.staticTypes()[i] == HprofType.OBJECT) {
                out[n++] = dump.staticValues()[i];
            }
        }
        for (long ref : dump.constantPoolReferences()) {
            out[n++] = ref;
        }
        return Arrays.copyOf(out, n);
    }

    /** HPROF names use internal form ({@code java/lang/String}); reports use {@code Class.getName()} form. */
    static String javaName(String internal) {
        // '+' cannot occur in Java names: HotSpot marks hidden classes (lambdas) with it, where
        // Class.getName() and the class histogram print '/'.
        return internal.replace('/', '.').replace('+', '/');
    }

    /** Class index per primitive element type code; dumps without array class dumps get implied classes. */
    private static int[] primitiveArrayClasses(List<HeapClass> classes) {
        int[] byCode = new int[12];
        Arrays.fill(byCode, -1);
        Map<String, Integer> byName = new HashMap<>();
        for (HeapClass c : classes) {
            byName.putIfAbsent(c.name(), c.classIndex);
        }
        String[] names = {null, null, null, null, "[Z", "[C", "[F", "[D", "[B", "[S", "[I", "[J"};
        for (int code = 4; code < 12; code++) {
            Integer known = byName.get(names[code]);
            if (known == null) {
                HeapClass implied = new HeapClass(classes.size(), -1, 0, names[code], 0, 0, List.of(), List.of());
                implied.outboundIds = new long[0];
                implied.resolveLayout(8, 1);
                classes.add(implied);
                known = implied.classIndex;
            }
            byCode[code] = known;
        }
        return byCode;
    }

    private List<HeapRoot> buildRoots(HeapIdIndex ids) {
        List<HeapRoot> roots = new ArrayList<>(rootRecords.size());
        int missing = 0;
        for (Object[] r : rootRecords) {
            int index = ids.indexOf((Long) r[1]);
            if (index < 0) {
                missing++;
                continue;
            }
            roots.add(new HeapRoot((HprofRootKind) r[0], index, (Integer) r[2], (Integer) r[3]));
        }
        if (missing > 0) {
            diagnostics.add(new HprofDiagnostic(-1, missing + " GC roots point to objects absent from the dump (ignored)"));
        }
        return roots;
    }

    private List<HeapThread> buildThreads(HeapStrings strings, HeapIdIndex ids, List<HeapClass> classes,
                                          HeapLongIntMap classIndexById, List<HeapRoot> roots) {
        Map<Integer, Map<Integer, List<Integer>>> localsByThread = new HashMap<>();
        List<HeapRoot> threadObjects = new ArrayList<>();
        for (HeapRoot r : roots) {
            if (r.kind() == HprofRootKind.JAVA_FRAME || r.kind() == HprofRootKind.JNI_LOCAL) {
                localsByThread.computeIfAbsent(r.threadSerial(), k -> new HashMap<>())
                        .computeIfAbsent(r.frameDepth(), k -> new ArrayList<>()).add(r.objectIndex());
            } else if (r.kind() == HprofRootKind.THREAD_OBJECT) {
                threadObjects.add(r);
            }
        }
        List<HeapThread> threads = new ArrayList<>();
        for (HeapRoot t : threadObjects) {
            long[] frameIds = traceFramesByThreadSerial.getOrDefault(t.threadSerial(), new long[0]);
            Map<Integer, List<Integer>> locals = localsByThread.getOrDefault(t.threadSerial(), Map.of());
            List<HeapFrame> frames = new ArrayList<>();
            for (int depth = 0; depth < frameIds.length; depth++) {
                long[] f = frameById.get(frameIds[depth]);
                int[] held = locals.getOrDefault(depth, List.of()).stream().mapToInt(Integer::intValue).toArray();
                if (f == null) {
                    frames.add(new HeapFrame(depth, "", "", "", "", 0, held));
                    continue;
                }
                Long classId = classIdBySerial.get((int) f[3]);
                String className = "";
                if (classId != null) {
                    int ci = classIndexById.get(classId);
                    if (ci >= 0) {
                        className = classes.get(ci).name();
                    } else {
                        Long nameId = classNameIdByClassId.get(classId);
                        className = nameId == null ? "" : javaName(strings.getOr(nameId, ""));
                    }
                }
                frames.add(new HeapFrame(depth, className, strings.getOr(f[0], ""), strings.getOr(f[1], ""),
                        strings.getOr(f[2], ""), (int) f[4], held));
            }
            threads.add(new HeapThread(t.threadSerial(), t.objectIndex(), frames));
        }
        return threads;
    }

    private void problem(long offset, String message) throws HprofFormatException {
        if (strict) {
            throw new HprofFormatException(message, Math.max(offset, 0));
        }
        diagnostics.add(new HprofDiagnostic(offset, message));
    }
}
