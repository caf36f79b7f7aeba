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
 * (strings, classes, roots, stack traces); between them the ids are indexed and the offsets put in
 * id order (the object numbering); the second decodes every reference into a compressed-sparse-row
 * edge list of object indexes. Single use, not thread safe.
 */
final class HeapIndexBuilder implements HprofVisitor {
    private final HprofFile file;
    private final int idSize;
    private final boolean strict;
    private final List<HprofDiagnostic> diagnostics = new ArrayList<>();

    // pass 1: objects (merged from the per-thread collectors)
    private HeapLongArray objectOffsets;
    /** Object ids in the same order, until the id index is built. */
    private HeapLongArray objectIds;
    /** Elements per bulk read or write of the scratch arrays. */
    static final int BLOCK = 8192;
    private int objectCount;
    private long edgeBound;
    /** Smallest and largest non-zero object id, and all ids or-ed (their common alignment). */
    private long minId = Long.MAX_VALUE;
    private long maxId = Long.MIN_VALUE;
    private long orIds;
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

    private static long lastCpu = processCpu();

    /** Prints the wall time since {@code start[0]} (and the process CPU time since the last phase) and restarts the clock. */
    static void phase(String name, long[] start) {
        if (TIMINGS) {
            long now = System.nanoTime();
            long cpu = processCpu();
            System.err.printf("  %-24s %6d ms  (cpu %6d ms)%n", name, (now - start[0]) / 1_000_000, (cpu - lastCpu) / 1_000_000);
            start[0] = now;
            lastCpu = cpu;
        }
    }

    private static long processCpu() {
        return TIMINGS && java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    Heap build() throws java.io.IOException {
        long[] clock = {phaseStart};
        lastCpu = processCpu();
        List<HprofSegment> segments = new ArrayList<>();
        HprofScan scan = file.accept(EnumSet.of(HprofTag.UTF8, HprofTag.LOAD_CLASS, HprofTag.STACK_FRAME,
                HprofTag.STACK_TRACE, HprofTag.HEAP_DUMP, HprofTag.HEAP_DUMP_SEGMENT), this, segments);
        diagnostics.addAll(scan.diagnostics());
        HeapScratchSpace.checkBeforePassOne(file.size());
        long salvagedEnd = collectObjects(segments);
        boolean dense = HeapIdBitmap.fits(minId, maxId, Long.numberOfTrailingZeros(orIds), objectCount);
        checkCapacity(dense);
        HeapScratchSpace.checkAfterPassOne(objectCount, edgeBound);
        if (salvagedEnd >= 0) {
            // The cut record was a heap segment: data ends after its last complete sub-record.
            scan = new HprofScan(salvagedEnd, true, salvagedEnd, scan.diagnostics());
        }
        phase("pass 1 (records)", clock);
        HeapStrings strings = sortStrings();
        phase("strings", clock);
        HeapIdIndex ids = dense ? bitmapObjects() : sortObjects();
        phase(dense ? "id bitmap" : "sort ids", clock);
        List<HeapClass> classes = new ArrayList<>();
        HeapLongIntMap classIndexById = new HeapLongIntMap(classDumps.size() + 16);
        buildClasses(strings, ids, classes, classIndexById);
        HeapLayout layout = HeapLayout.detect(classes, idSize);
        String layoutCaveat = layout.uncertainty();
        if (layoutCaveat != null) {
            diagnostics.add(new HprofDiagnostic(-1, "shallow sizes: " + layoutCaveat));
        }
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
     * concatenated in file order.
     */
    private final class Collector implements HprofVisitor {
        final HeapLongArray offsets;
        final HeapLongArray ids;
        final long base;
        final long[] offsetBlock = new long[BLOCK];
        final long[] idBlock = new long[BLOCK];
        int inBlock;
        final long capacity;
        int count;
        long bound;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long or;
        final List<HprofClassDump> dumps = new ArrayList<>();
        final List<Object[]> roots = new ArrayList<>();
        final List<HprofDiagnostic> problems = new ArrayList<>();
        long salvagedEnd = -1;

        /** Writes offsets and ids to {@code [base .. base + capacity)} of the two arrays. */
        Collector(HeapLongArray offsets, HeapLongArray ids, long base, long capacity) {
            this.offsets = offsets;
            this.ids = ids;
            this.base = base;
            this.capacity = capacity;
        }

        Collector run(List<HprofSegment> segments) throws HprofFormatException {
            for (HprofSegment segment : segments) {
                HprofScan s = file.acceptSegment(segment, this);
                problems.addAll(s.diagnostics());
                if (segment.cut()) {
                    salvagedEnd = s.bytesRead();
                }
            }
            flush();
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
            if (count >= capacity || count >= Integer.MAX_VALUE - 32) {
                throw new IllegalStateException("more objects than " + capacity + " in " + capacity + " smallest records' bytes");
            }
            offsetBlock[inBlock] = offset;
            idBlock[inBlock] = id;
            count++;
            if (++inBlock == BLOCK) {
                flush();
            }
            if (id != 0) {
                min = Math.min(min, id);
                max = Math.max(max, id);
                or |= id;
            }
        }

        private void flush() {
            long at = base + count - inBlock;
            offsets.put(at, offsetBlock, 0, inBlock);
            ids.put(at, idBlock, 0, inBlock);
            inBlock = 0;
        }
    }

    /** Java heap the dominator computation needs per object (its share of DESIGN §6's 40 bytes). */
    static final long DOMINATOR_BYTES_PER_OBJECT = 28;
    /** Java heap for everything that does not grow with the object count (classes, strings, roots), and slack. */
    static final long FIXED_HEAP_BYTES = 48L << 20;

    /**
     * Java heap the index and the dominators will need, from pass 1's counts: only arrays that
     * {@link HeapScratch} keeps on the heap count (big ones go to mapped temp files), plus the
     * dominators' {@value #DOMINATOR_BYTES_PER_OBJECT} bytes per object. The sorted id index (sparse
     * ids only) lives on the heap and needs 28 bytes per object while sorting.
     */
    static long heapNeed(long objects, long offsetSlots, long edgeBound, boolean dense, long idWords) {
        // pass 1's offsets and ids, the offsets in id order, class per object, reference starts, the
        // references of both halves of pass 2
        long need = 2 * onHeap(offsetSlots * 8) + onHeap(objects * 8)
                + (HeapScratch.offHeap(objects * 4, HeapEdgeExtractor.CLASS_OF_OFF_HEAP_BYTES) ? 0 : objects * 4)
                + onHeap((objects + 1) * 4) + 2 * onHeap(edgeBound * 4);
        need += dense ? onHeap(idWords * 8) : 28 * objects;
        return need + DOMINATOR_BYTES_PER_OBJECT * objects + FIXED_HEAP_BYTES;
    }

    private static long onHeap(long bytes) {
        return HeapScratch.offHeap(bytes) ? 0 : bytes;
    }

    /** Below the need the run cannot finish: say so now rather than with an OutOfMemoryError later. */
    private void checkCapacity(boolean dense) throws HeapCapacityException {
        long max = Runtime.getRuntime().maxMemory();
        long words = dense ? HeapIdBitmap.words(minId, maxId, Long.numberOfTrailingZeros(orIds)) : 0;
        long need = heapNeed(objectCount, objectOffsets.length(), edgeBound, dense, words);
        if (max != Long.MAX_VALUE && need > max) {
            throw new HeapCapacityException(objectCount, need, max);
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
        // One array for both, sized by the smallest possible object record (a primitive array of
        // length 0): a sparse mapped file for big dumps, so the unused part costs nothing. The
        // second collector's block is moved down behind the first's afterwards.
        long smallest = 10 + idSize;
        long firstCapacity = (total - tailBytes) / smallest + 1;
        long secondCapacity = tailBytes / smallest + 1;
        HeapLongArray offsets = HeapLongArray.allocate(firstCapacity + secondCapacity);
        HeapLongArray ids = HeapLongArray.allocate(firstCapacity + secondCapacity);
        Collector first = new Collector(offsets, ids, 0, firstCapacity);
        Collector second = new Collector(offsets, ids, firstCapacity, secondCapacity);
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
        if ((long) first.count + second.count > Integer.MAX_VALUE - 32) {
            throw HeapCapacityException.beyondIndexLimit("objects");
        }
        objectCount = first.count + second.count;
        HeapLongArray.copy(offsets, second.base, offsets, first.count, second.count);
        HeapLongArray.copy(ids, second.base, ids, first.count, second.count);
        objectOffsets = offsets;
        objectIds = ids;
        edgeBound = first.bound + second.bound;
        minId = Math.min(first.min, second.min);
        maxId = Math.max(first.max, second.max);
        orIds = first.or | second.or;
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
     * The id bitmap (see {@link HeapIdBitmap}): marks every id in file order, so of duplicates the
     * first record in the file is kept; id 0 (null) is dropped.
     */
    private HeapIdIndex bitmapObjects() throws HprofFormatException {
        long[] clock = {System.nanoTime()};
        HeapIdBitmap bitmap = HeapIdBitmap.over(minId, maxId, Long.numberOfTrailingZeros(orIds));
        // Two threads, each marking the ids of its half of the bitmap (no shared word) in file order.
        long split = bitmap.middleId();
        Marker low = new Marker(bitmap, split, true);
        Marker high = new Marker(bitmap, split, false);
        java.util.concurrent.CompletableFuture<Void> highDone = java.util.concurrent.CompletableFuture.runAsync(high::run);
        low.run();
        highDone.join();
        long[] dropped = null;
        if (low.drops + high.drops > 0) {
            dropped = new long[(objectCount >>> 6) + 1];
            boolean reported = false;
            for (int a = 0, b = 0; a < low.drops || b < high.drops; ) {
                int i = b >= high.drops || (a < low.drops && low.dropped[a] < high.dropped[b]) ? low.dropped[a++] : high.dropped[b++];
                dropped[i >>> 6] |= 1L << i;
                long id = objectIds.get(i);
                if (id == 0) {
                    problem(objectOffsets.get(i), "object with id 0 (the null id) ignored");
                } else if (!reported) {
                    reported = true;
                    problem(objectOffsets.get(i), "duplicate object id 0x" + Long.toHexString(id) + ": kept the first record");
                }
            }
            int duplicates = low.duplicates + high.duplicates;
            if (duplicates > 1) {
                diagnostics.add(new HprofDiagnostic(-1, duplicates + " duplicate object ids in total"));
            }
        }
        phase("  mark", clock);
        int count = bitmap.rank();
        phase("  rank", clock);
        if (count != objectCount - low.drops - high.drops) {
            throw new IllegalStateException("id bitmap counts " + count + " objects, pass 1 " + objectCount);
        }
        // Object index = rank of the id: each kept record's offset moves to its rank. Distinct ids go
        // to distinct ranks, so the two halves of the file can be placed concurrently.
        HeapLongArray byRank = HeapLongArray.allocate(count);
        long[] skip = dropped;
        int half = objectCount / 2;
        java.util.concurrent.CompletableFuture<Void> upper = java.util.concurrent.CompletableFuture.runAsync(
                () -> placeByRank(bitmap, skip, byRank, half, objectCount));
        placeByRank(bitmap, skip, byRank, 0, half);
        upper.join();
        phase("  place", clock);
        objectIds = null;
        objectOffsets = byRank;
        objectCount = count;
        return bitmap;
    }

    /** Marks the ids below {@code split} (and drops id 0) or from it on; records dropped objects in file order. */
    private final class Marker {
        final HeapIdBitmap bitmap;
        final long split;
        final boolean low;
        int[] dropped = new int[16];
        int drops;
        int duplicates;

        Marker(HeapIdBitmap bitmap, long split, boolean low) {
            this.bitmap = bitmap;
            this.split = split;
            this.low = low;
        }

        void run() {
            long[] block = new long[BLOCK];
            for (int i = 0; i < objectCount; i += BLOCK) {
                int len = Math.min(BLOCK, objectCount - i);
                objectIds.get(i, block, 0, len);
                for (int k = 0; k < len; k++) {
                    long id = block[k];
                    if (id == 0) {
                        if (low) {
                            drop(i + k);
                        }
                    } else if ((id < split) == low && !bitmap.mark(id)) {
                        duplicates++;
                        drop(i + k);
                    }
                }
            }
        }

        private void drop(int index) {
            if (drops == dropped.length) {
                dropped = Arrays.copyOf(dropped, drops * 2);
            }
            dropped[drops++] = index;
        }
    }

    private void placeByRank(HeapIdBitmap bitmap, long[] dropped, HeapLongArray byRank, int from, int to) {
        long[] ids = new long[BLOCK];
        long[] offsets = new long[BLOCK];
        for (int i = from; i < to; i += BLOCK) {
            int len = Math.min(BLOCK, to - i);
            objectIds.get(i, ids, 0, len);
            objectOffsets.get(i, offsets, 0, len);
            for (int k = 0; k < len; k++) {
                int at = i + k;
                if (dropped == null || (dropped[at >>> 6] & (1L << at)) == 0) {
                    byRank.set(bitmap.indexOf(ids[k]), offsets[k]);
                }
            }
        }
    }

    /** On-heap offsets with much unused room give it back. */
    private void trimOffsets() {
        long n = objectCount;
        if (!objectOffsets.offHeap() && objectOffsets.length() - n > n / 8 + 1024) {
            objectOffsets = HeapLongArray.wrap(objectOffsets.copyOut(0, objectCount));
        }
    }

    /**
     * The sorted id index, for ids too scattered for the bitmap: ids are sorted apart with their
     * object index. Duplicates keep the first record in the file; id 0
     * (null) is dropped.
     */
    private HeapIdIndex sortObjects() throws HprofFormatException {
        int n = objectCount;
        long[] sortedIds = objectIds.copyOut(0, n);
        int[] indexOfSorted = new int[n];
        for (int i = 0; i < n; i++) {
            indexOfSorted[i] = i;
        }
        HeapSort.sort(sortedIds, indexOfSorted, n);
        long[] dropped = null;
        int duplicates = 0;
        for (int k = 0; k < n; k++) {
            boolean drop = false;
            if (sortedIds[k] == 0) {
                problem(objectOffsets.get(indexOfSorted[k]), "object with id 0 (the null id) ignored");
                drop = true;
            } else if (k > 0 && sortedIds[k - 1] == sortedIds[k]) {
                if (duplicates++ == 0) {
                    problem(objectOffsets.get(indexOfSorted[k]), "duplicate object id 0x" + Long.toHexString(sortedIds[k]) + ": kept the first record");
                }
                drop = true;
            }
            if (drop) {
                if (dropped == null) {
                    dropped = new long[(n >>> 6) + 1];
                }
                dropped[indexOfSorted[k] >>> 6] |= 1L << indexOfSorted[k];
            }
        }
        if (duplicates > 1) {
            diagnostics.add(new HprofDiagnostic(-1, duplicates + " duplicate object ids in total"));
        }
        // Object index = position in id order: keep the first record of every id, drop id 0.
        HeapLongArray byId = HeapLongArray.allocate(n);
        int w = 0;
        for (int k = 0; k < n; k++) {
            int i = indexOfSorted[k];
            if (dropped == null || (dropped[i >>> 6] & (1L << i)) == 0) {
                sortedIds[w] = sortedIds[k];
                byId.set(w++, objectOffsets.get(i));
            }
        }
        n = w;
        objectIds = null;
        objectCount = n;
        objectOffsets = byId;
        trimOffsets();
        if (sortedIds.length - n > n / 8 + 1024) {
            sortedIds = Arrays.copyOf(sortedIds, n);
        }
        return new HeapSortedIds(sortedIds, n);
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
