package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import dev.nettyforensics.hprof.HprofDiagnostic;
import dev.nettyforensics.hprof.HprofFile;
import dev.nettyforensics.hprof.HprofHeader;
import dev.nettyforensics.hprof.HprofOptions;
import dev.nettyforensics.hprof.HprofScan;
import dev.nettyforensics.hprof.HprofType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An indexed, random-access heap dump: objects by index and id, classes by name, field values,
 * outbound references, GC roots, threads with their frames, and (on demand) reachability and
 * dominators.
 *
 * <p>Objects are addressed by an {@code int} index in {@code [0, objectCount())}, in ascending id
 * order (ids are addresses in HotSpot dumps, so this is address order; the dump lists objects region
 * by region, ascending within each). Class mirrors are objects too. Index-based methods are the fast path; {@link
 * HeapObject} handles are a convenience over them.
 *
 * <pre>{@code
 * try (Heap heap = Heap.open(path)) {
 *     for (int i : heap.instancesOf("io.netty.buffer.PoolChunk", true)) {
 *         HeapObject chunk = heap.object(i);
 *         int free = chunk.readInt("freeBytes");
 *         long retained = heap.dominators().retainedSize(i);
 *     }
 * }
 * }</pre>
 *
 * <p>Cost: {@link #open} makes two sequential passes over the dump. Per object it keeps a file
 * offset (8 bytes), class (4), reference start (4) and about 2 bytes of id bitmap, plus 4 bytes per
 * reference; arrays of 64 MiB or more live in memory-mapped, already deleted temp files in {@code
 * java.io.tmpdir} rather than on the Java heap (see {@code HeapScratch}), so a 50-million-object
 * dump keeps almost nothing per object on the Java heap. Accessors without {@code read} in their name do no I/O; {@code
 * read*} methods decode bytes from the memory-mapped dump (cheap, but they touch the file).
 * Thread safety: immutable after {@code open}; all methods may be called from several threads.
 * Nullness: methods return null only where their Javadoc says so.
 */
public final class Heap implements Closeable {
    private final HprofFile file;
    private final HprofBytes bytes;
    private final int idSize;
    private final HprofScan scan;
    private final List<HprofDiagnostic> diagnostics;
    private final HeapIdIndex ids;
    private final HeapLongArray offsets;
    private final HeapIntArray edgeStart;
    private final HeapIntArray edgeTargets;
    private final HeapIntArray classOf;
    private final List<HeapClass> classes;
    private final HeapLongIntMap classIndexById;
    private final Map<String, List<HeapClass>> classesByName;
    private final HeapLayout layout;
    private final int[] primitiveArrayClass;
    private final List<HeapRoot> roots;
    private final int[] rootObjects;
    private final List<HeapThread> threads;
    private final HeapStrings strings;
    private final int classClassIndex;
    private volatile HeapDominators dominators;

    Heap(HprofFile file, HprofScan scan, List<HprofDiagnostic> diagnostics, HeapIdIndex ids, HeapLongArray offsets,
         HeapEdges edges, List<HeapClass> classes, HeapLongIntMap classIndexById, HeapLayout layout,
         int[] primitiveArrayClass, List<HeapRoot> roots, List<HeapThread> threads, HeapStrings strings) {
        this.file = file;
        this.bytes = file.bytes();
        this.idSize = file.header().idSize();
        this.scan = scan;
        this.diagnostics = List.copyOf(diagnostics);
        this.ids = ids;
        this.offsets = offsets;
        this.edgeStart = edges.start();
        this.edgeTargets = edges.targets();
        this.classOf = edges.classOf();
        this.classes = Collections.unmodifiableList(new ArrayList<>(classes));
        this.classIndexById = classIndexById;
        Map<String, List<HeapClass>> byName = new LinkedHashMap<>();
        for (HeapClass c : classes) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>(1)).add(c);
        }
        byName.replaceAll((k, v) -> List.copyOf(v));
        this.classesByName = byName;
        this.layout = layout;
        this.primitiveArrayClass = primitiveArrayClass;
        this.roots = List.copyOf(roots);
        this.rootObjects = roots.stream().mapToInt(HeapRoot::objectIndex).distinct().toArray();
        this.threads = List.copyOf(threads);
        this.strings = strings;
        List<HeapClass> classClass = byName.get("java.lang.Class");
        this.classClassIndex = classClass == null ? -1 : classClass.get(0).classIndex;
    }

    /** Opens and indexes a dump with {@link HprofOptions#DEFAULT}. See {@link #open(Path, HprofOptions)}. */
    public static Heap open(Path dump) throws IOException {
        return open(dump, HprofOptions.DEFAULT);
    }

    /**
     * Opens (plain or gzip) and indexes a dump. Truncated dumps open fine: see {@link #truncated()}.
     *
     * @throws dev.nettyforensics.hprof.HprofFormatException not a dump; in strict mode also any malformed record
     * @throws HeapCapacityException the dump has more objects than this JVM's heap can index (after pass 1)
     * @throws IOException the file cannot be read, or the temp folder has no room for the index's
     *                     scratch files (see {@code HeapScratch})
     */
    public static Heap open(Path dump, HprofOptions options) throws IOException {
        HprofFile file = HprofFile.open(dump, options);
        try {
            return new HeapIndexBuilder(file).build();
        } catch (java.io.UncheckedIOException e) {
            // No room for the scratch files in the temp folder, or an index limit met on a worker
            // thread: a checked exception with a one-line message for the caller.
            file.close();
            if (e.getCause() instanceof HeapCapacityException capacity) {
                throw capacity;
            }
            throw new IOException(e.getMessage(), e.getCause());
        } catch (IOException | RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    // ---- the dump -------------------------------------------------------------------------

    public HprofHeader header() {
        return file.header();
    }

    /** The file as given to {@link #open}, not null. */
    public Path path() {
        return file.path();
    }

    /** Size of the (decompressed) dump in bytes. */
    public long sizeBytes() {
        return file.size();
    }

    /** Whether the dump ends inside a record; everything complete before {@link #truncatedAt()} was indexed. */
    public boolean truncated() {
        return scan.truncated();
    }

    /** Offset where usable data ends, or -1 when the dump is complete. */
    public long truncatedAt() {
        return scan.truncatedAt();
    }

    /** What was skipped or looked odd while indexing, in order, not null, immutable. */
    public List<HprofDiagnostic> diagnostics() {
        return diagnostics;
    }

    // ---- objects --------------------------------------------------------------------------

    public int objectCount() {
        return ids.count();
    }

    /** The index of the object with this id, or -1 when the dump holds none. O(log bucket). */
    public int indexOf(long id) {
        return ids.indexOf(id);
    }

    public long idOf(int index) {
        return bytes.id(offsets.get(index) + 1, idSize);
    }

    /** A handle on an object; cheap, allocates one small object. */
    public HeapObject object(int index) {
        if (index < 0 || index >= ids.count()) {
            throw new IndexOutOfBoundsException("object index " + index);
        }
        return new HeapObject(this, index);
    }

    /** The object with this id, or null when the dump holds none (or id is 0). */
    public HeapObject findObject(long id) {
        int i = ids.indexOf(id);
        return i < 0 ? null : new HeapObject(this, i);
    }

    public HeapObjectKind kindOf(int index) {
        return switch (bytes.u1(offsets.get(index))) {
            case 0x20 -> HeapObjectKind.CLASS;
            case 0x21 -> HeapObjectKind.INSTANCE;
            case 0x22 -> HeapObjectKind.OBJECT_ARRAY;
            default -> HeapObjectKind.PRIMITIVE_ARRAY;
        };
    }

    /**
     * The object's class: for class mirrors {@code java.lang.Class}, for arrays the array class.
     * Null when the dump does not define it (corrupt or foreign dumps).
     */
    public HeapClass classOf(int index) {
        int c = classOf.get(index);
        return c < 0 ? null : classes.get(c);
    }

    /** Class index of the object's class (see {@link HeapClass#classIndex()}), or -1. Cheap. */
    public int classIndexOf(int index) {
        return classOf.get(index);
    }

    /** For a class mirror object: the class it describes; else null. */
    public HeapClass classForMirror(int index) {
        if (bytes.u1(offsets.get(index)) != 0x20) {
            return null;
        }
        int c = classIndexById.get(idOf(index));
        return c < 0 ? null : classes.get(c);
    }

    /**
     * Shallow size in the JVM as {@code GC.class_histogram} counts it: header, fields and padding
     * for instances, header plus elements for arrays, the mirror with its static fields for classes.
     */
    public long shallowSize(int index) {
        long off = offsets.get(index);
        int tag = bytes.u1(off);
        if (tag == 0x21) {
            int c = classOf.get(index);
            return c < 0 ? HeapLayout.align8(layout.headerSize + bytes.u4Unsigned(off + 1 + 2L * idSize + 4)) : classes.get(c).instanceSize;
        }
        if (tag == 0x22) {
            return layout.arraySize(HprofType.OBJECT, bytes.u4Unsigned(off + 1 + idSize + 4));
        }
        if (tag == 0x23) {
            HprofType type = HprofType.ofCode(bytes.u1(off + 1 + idSize + 8));
            return layout.arraySize(type, bytes.u4Unsigned(off + 1 + idSize + 4));
        }
        HeapClass described = classForMirror(index);
        if (described != null) {
            return described.mirrorSize;
        }
        return classClassIndex < 0 ? layout.headerSize : classes.get(classClassIndex).instanceSize;
    }

    /** Number of objects {@code index} references (nulls and dangling references excluded). Cheap. */
    public int outboundCount(int index) {
        return edgeStart.get(index + 1L) - edgeStart.get(index);
    }

    /** The {@code k}-th outbound reference target. Cheap. */
    public int outbound(int index, int k) {
        return edgeTargets.get((long) edgeStart.get(index) + k);
    }

    /**
     * Objects {@code index} strongly references, in field/element order, with duplicates: instance
     * fields (except {@code java.lang.ref.Reference.referent}: weakly, softly and phantom reachable
     * objects count as unreachable, as for the GC) and the instance's class; array elements and the
     * array class; a class's superclass, loader,
     * signers, protection domain and static/constant-pool references. A new array.
     */
    public int[] outbound(int index) {
        int from = edgeStart.get(index);
        return edgeTargets.copyOut(from, edgeStart.get(index + 1L) - from);
    }

    /** Objects that reference {@code index}. Cost: a scan of all references (O(edges)); use sparingly. */
    public int[] readReferrers(int index) {
        int[] out = new int[8];
        int n = 0;
        for (int i = 0, o = ids.count(); i < o; i++) {
            for (int e = edgeStart.get(i), end = edgeStart.get(i + 1L); e < end; e++) {
                if (edgeTargets.get(e) == index) {
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = i;
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    // ---- classes --------------------------------------------------------------------------

    /** All classes, indexed by {@link HeapClass#classIndex()}; not null, immutable. */
    public List<HeapClass> classes() {
        return classes;
    }

    /** Classes with this name, one per defining loader (shaded and isolated copies); empty when none. */
    public List<HeapClass> classesNamed(String name) {
        return classesByName.getOrDefault(name, List.of());
    }

    /** The first class with this name, or null. */
    public HeapClass findClass(String name) {
        List<HeapClass> found = classesByName.get(name);
        return found == null ? null : found.get(0);
    }

    /** The class whose mirror has this id, or null. */
    public HeapClass findClassById(long classId) {
        int c = classIndexById.get(classId);
        return c < 0 ? null : classes.get(c);
    }

    /** Indexes of the objects whose class is exactly {@code heapClass}. Cost: O(objects). */
    public int[] instancesOf(HeapClass heapClass) {
        int target = heapClass.classIndex;
        int objects = ids.count();
        int count = 0;
        for (int i = 0; i < objects; i++) {
            if (classOf.get(i) == target) {
                count++;
            }
        }
        int[] out = new int[count];
        int n = 0;
        for (int i = 0; i < objects && n < count; i++) {
            if (classOf.get(i) == target) {
                out[n++] = i;
            }
        }
        return out;
    }

    /**
     * Indexes of instances of every class with this name (all loaders), optionally with subclasses.
     * Cost: O(objects + classes).
     */
    public int[] instancesOf(String className, boolean includeSubclasses) {
        boolean[] match = new boolean[classes.size()];
        boolean any = false;
        for (HeapClass c : classes) {
            match[c.classIndex] = includeSubclasses ? c.isSubclassOf(className) : c.name().equals(className);
            any |= match[c.classIndex];
        }
        if (!any) {
            return new int[0];
        }
        int objects = ids.count();
        int count = 0;
        for (int i = 0; i < objects; i++) {
            int c = classOf.get(i);
            if (c >= 0 && match[c]) {
                count++;
            }
        }
        int[] out = new int[count];
        int n = 0;
        for (int i = 0; i < objects && n < count; i++) {
            int c = classOf.get(i);
            if (c >= 0 && match[c]) {
                out[n++] = i;
            }
        }
        return out;
    }

    /** Instance count and shallow bytes per class, in class index order, classes without objects left out. Cost: O(objects). */
    public List<HeapHistogramEntry> histogram() {
        long[] count = new long[classes.size()];
        long[] size = new long[classes.size()];
        for (int i = 0, objects = ids.count(); i < objects; i++) {
            int c = classOf.get(i);
            if (c >= 0) {
                count[c]++;
                size[c] += shallowSize(i);
            }
        }
        List<HeapHistogramEntry> out = new ArrayList<>();
        for (int c = 0; c < count.length; c++) {
            if (count[c] > 0) {
                out.add(new HeapHistogramEntry(classes.get(c), count[c], size[c]));
            }
        }
        return out;
    }

    // ---- roots, threads, graph ------------------------------------------------------------

    /** Every GC root record whose object is in the dump, in dump order; not null, immutable. */
    public List<HeapRoot> roots() {
        return roots;
    }

    /** Threads (ROOT THREAD OBJECT records) with their stack frames and frame locals; not null, immutable. */
    public List<HeapThread> threads() {
        return threads;
    }

    /**
     * Reachability, immediate dominators and retained sizes. Computed on the first call (one
     * depth-first search plus Semi-NCA: seconds for tens of millions of objects), then cached.
     */
    public HeapDominators dominators() {
        HeapDominators d = dominators;
        if (d == null) {
            synchronized (this) {
                d = dominators;
                if (d == null) {
                    d = HeapDominators.compute(ids.count(), edgeStart, edgeTargets, rootObjects, this::shallowSize);
                    dominators = d;
                }
            }
        }
        return d;
    }

    // ---- package internals for HeapObject ---------------------------------------------------

    HprofBytes bytes() {
        return bytes;
    }

    int idSize() {
        return idSize;
    }

    /** The id index (which layout the dump got), for tests. */
    HeapIdIndex idIndex() {
        return ids;
    }

    long offset(int index) {
        return offsets.get(index);
    }

    HeapClass classAt(int classIndex) {
        return classes.get(classIndex);
    }

    HeapClass primitiveArrayClass(HprofType type) {
        return classes.get(primitiveArrayClass[type.code()]);
    }

    String utf8(long id) {
        return strings.get(id);
    }

    /** Closes the dump (and deletes a gzip temp copy). Handles must not be used afterwards. */
    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "Heap[" + file.path().getFileName() + ", " + ids.count() + " objects, " + classes.size() + " classes]";
    }

}
