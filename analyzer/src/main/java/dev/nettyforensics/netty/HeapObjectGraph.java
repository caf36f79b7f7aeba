package dev.nettyforensics.netty;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapClass;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.heap.HeapField;
import dev.nettyforensics.heap.HeapObject;
import dev.nettyforensics.heap.HeapObjectKind;
import dev.nettyforensics.heap.HeapStaticField;
import dev.nettyforensics.hprof.HprofType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link ObjectGraph} over the indexed {@link Heap}: every read is guarded so that a missing class,
 * field or object yields the "absent" value. Instances per class come from one O(objects) pass made
 * on first use (the heap's own per-class query scans all objects each time). Dominators are
 * computed on first use of a reachability question. Not thread safe (lazy caches).
 */
public final class HeapObjectGraph implements ObjectGraph {
    private static final int MAX_STRING = 4096;
    private final Heap heap;
    private List<String> classNames;
    private long[] allClassIds;
    private int[] instanceStart;
    private int[] instanceIndex;
    private HeapDominators dominators;

    /** @param heap an open heap, not null; must stay open while this graph is used */
    public HeapObjectGraph(Heap heap) {
        this.heap = heap;
    }

    /** The heap this graph reads. */
    public Heap heap() {
        return heap;
    }

    @Override
    public List<String> classNames() {
        if (classNames == null) {
            List<String> names = new ArrayList<>();
            for (HeapClass c : heap.classes()) {
                names.add(c.name());
            }
            classNames = Collections.unmodifiableList(names);
        }
        return classNames;
    }

    @Override
    public long[] allClassIds() {
        if (allClassIds == null) {
            List<HeapClass> classes = heap.classes();
            long[] ids = new long[classes.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = classes.get(i).id();
            }
            allClassIds = ids;
        }
        return allClassIds.clone();
    }

    @Override
    public long[] classIds(String className) {
        List<HeapClass> classes = heap.classesNamed(className);
        long[] ids = new long[classes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = classes.get(i).id();
        }
        return ids;
    }

    private HeapClass cls(long classId) {
        return classId == 0 ? null : heap.findClassById(classId);
    }

    @Override
    public String className(long classId) {
        HeapClass c = cls(classId);
        return c == null ? null : c.name();
    }

    @Override
    public long superclassId(long classId) {
        HeapClass c = cls(classId);
        HeapClass s = c == null ? null : c.superclass();
        return s == null ? 0 : s.id();
    }

    @Override
    public long classLoaderId(long classId) {
        HeapClass c = cls(classId);
        return c == null ? 0 : c.loaderId();
    }

    @Override
    public boolean hasInstanceField(long classId, String field) {
        HeapClass c = cls(classId);
        return c != null && c.hasField(field);
    }

    /** {@inheritDoc} Indexed for Netty classes, their subclasses and {@code java.nio} direct buffers only. */
    @Override
    public long[] instancesOf(long classId) {
        HeapClass c = cls(classId);
        if (c == null) {
            return new long[0];
        }
        if (instanceStart == null) {
            indexInstances();
        }
        int ci = c.classIndex();
        if (ci < 0 || ci + 1 >= instanceStart.length) {
            return new long[0];
        }
        long[] ids = new long[instanceStart[ci + 1] - instanceStart[ci]];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = heap.idOf(instanceIndex[instanceStart[ci] + k]);
        }
        return ids;
    }

    /**
     * One pass over the in-memory class-of table (no reads of the dump file: the object kind would
     * touch every record), keeping only classes the model asks about: Netty's (any prefix), their
     * subclasses, and {@code java.nio} direct buffers. So the index costs memory only for those.
     */
    private void indexInstances() {
        List<HeapClass> all = heap.classes();
        int classes = all.size();
        boolean[] wanted = new boolean[classes];
        for (HeapClass c : all) {
            int depth = 0;
            for (HeapClass k = c; k != null && depth < 64 && !wanted[c.classIndex()]; k = k.superclass(), depth++) {
                String name = k.name();
                wanted[c.classIndex()] = NettyClassName.parse(name).isPresent() || name.startsWith("java.nio.Direct");
            }
        }
        int[] start = new int[classes + 1];
        int n = heap.objectCount();
        for (int i = 0; i < n; i++) {
            int ci = heap.classIndexOf(i);
            if (ci >= 0 && ci < classes && wanted[ci]) {
                start[ci + 1]++;
            }
        }
        for (int c = 0; c < classes; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = start.clone();
        int[] index = new int[start[classes]];
        for (int i = 0; i < n; i++) {
            int ci = heap.classIndexOf(i);
            if (ci >= 0 && ci < classes && wanted[ci]) {
                index[fill[ci]++] = i;
            }
        }
        instanceStart = start;
        instanceIndex = index;
    }

    private HeapObject obj(long id) {
        if (id == 0) {
            return null;
        }
        try {
            return heap.findObject(id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public long classOf(long objectId) {
        HeapObject o = obj(objectId);
        HeapClass c = o == null ? null : o.heapClass();
        return c == null ? 0 : c.id();
    }

    @Override
    public long ref(long objectId, String field) {
        HeapObject o = obj(objectId);
        if (o == null || o.kind() != HeapObjectKind.INSTANCE) {
            return 0;
        }
        HeapField f = o.heapClass() == null ? null : o.heapClass().field(field);
        if (f == null || f.type() != HprofType.OBJECT) {
            return 0;
        }
        try {
            return o.readReferenceId(field);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public Long number(long objectId, String field) {
        HeapObject o = obj(objectId);
        if (o == null || o.kind() != HeapObjectKind.INSTANCE) {
            return null;
        }
        HeapField f = o.heapClass() == null ? null : o.heapClass().field(field);
        if (f == null || f.type() == HprofType.OBJECT || f.type() == HprofType.FLOAT || f.type() == HprofType.DOUBLE) {
            return null;
        }
        try {
            return o.readIntegral(field);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public long staticRef(long classId, String field) {
        HeapClass c = cls(classId);
        HeapStaticField f = c == null ? null : c.staticField(field);
        return f == null || f.type() != HprofType.OBJECT ? 0 : f.rawValue();
    }

    @Override
    public Long staticNumber(long classId, String field) {
        HeapClass c = cls(classId);
        HeapStaticField f = c == null ? null : c.staticField(field);
        if (f == null || f.type() == HprofType.OBJECT || f.type() == HprofType.FLOAT || f.type() == HprofType.DOUBLE) {
            return null;
        }
        long raw = f.rawValue();
        return switch (f.type()) {
            case BOOLEAN -> raw != 0 ? 1L : 0L;
            case BYTE -> (long) (byte) raw;
            case SHORT -> (long) (short) raw;
            case INT -> (long) (int) raw;
            default -> raw;
        };
    }

    @Override
    public long[] objectArray(long arrayId) {
        HeapObject o = obj(arrayId);
        if (o == null || o.kind() != HeapObjectKind.OBJECT_ARRAY) {
            return new long[0];
        }
        try {
            long[] out = new long[o.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = o.readElementId(i);
            }
            return out;
        } catch (RuntimeException e) {
            return new long[0];
        }
    }

    @Override
    public byte[] byteArray(long arrayId) {
        HeapObject o = obj(arrayId);
        HprofType t = o == null ? null : o.elementType();
        if (t != HprofType.BYTE && t != HprofType.BOOLEAN) {
            return null;
        }
        try {
            return o.readBytes(Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public long[] longArray(long arrayId) {
        return primitives(arrayId, HprofType.LONG);
    }

    @Override
    public int[] intArray(long arrayId) {
        long[] values = primitives(arrayId, HprofType.INT);
        if (values == null) {
            return null;
        }
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    private long[] primitives(long arrayId, HprofType type) {
        HeapObject o = obj(arrayId);
        if (o == null || o.elementType() != type) {
            return null;
        }
        try {
            long[] out = new long[o.length()];
            for (int i = 0; i < out.length; i++) {
                out[i] = o.readPrimitiveElement(i);
            }
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public int arrayLength(long arrayId) {
        HeapObject o = obj(arrayId);
        if (o == null || (o.kind() != HeapObjectKind.OBJECT_ARRAY && o.kind() != HeapObjectKind.PRIMITIVE_ARRAY)) {
            return -1;
        }
        try {
            return o.length();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String string(long stringId) {
        HeapObject o = obj(stringId);
        try {
            return o == null ? null : o.readString(MAX_STRING);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private HeapDominators dominators() {
        if (dominators == null) {
            dominators = heap.dominators();
        }
        return dominators;
    }

    @Override
    public boolean hasUnreachableObjects() {
        return dominators().unreachableCount() > 0;
    }

    @Override
    public boolean isReachable(long objectId) {
        int i = heap.indexOf(objectId);
        return i >= 0 && dominators().isReachable(i);
    }

    @Override
    public long immediateDominator(long objectId) {
        int i = heap.indexOf(objectId);
        if (i < 0) {
            return 0;
        }
        int d = dominators().immediateDominator(i);
        return d < 0 ? 0 : heap.idOf(d);
    }

    @Override
    public long[] outboundRefs(long objectId) {
        int i = heap.indexOf(objectId);
        if (i < 0) {
            return new long[0];
        }
        int[] targets = heap.outbound(i);
        long[] ids = new long[targets.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = heap.idOf(targets[k]);
        }
        return ids;
    }

    @Override
    public long[] referrers(long objectId) {
        int i = heap.indexOf(objectId);
        if (i < 0) {
            return new long[0];
        }
        int[] from = heap.readReferrers(i);
        long[] ids = new long[from.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = heap.idOf(from[k]);
        }
        return ids;
    }

    @Override
    public java.util.Map<Long, long[]> referrersOf(java.util.Collection<Long> targets) {
        int n = heap.objectCount();
        boolean[] wanted = new boolean[n];
        int count = 0;
        for (long id : targets) {
            int i = heap.indexOf(id);
            if (i >= 0 && !wanted[i]) {
                wanted[i] = true;
                count++;
            }
        }
        java.util.Map<Long, long[]> out = new java.util.HashMap<>();
        if (count == 0) {
            return out;
        }
        java.util.Map<Integer, java.util.LinkedHashSet<Integer>> found = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int k = heap.outboundCount(i);
            for (int e = 0; e < k; e++) {
                int t = heap.outbound(i, e);
                if (t >= 0 && t < n && wanted[t]) {
                    found.computeIfAbsent(t, x -> new java.util.LinkedHashSet<>()).add(i);
                }
            }
        }
        found.forEach((t, from) -> {
            long[] ids = new long[from.size()];
            int j = 0;
            for (int f : from) {
                ids[j++] = heap.idOf(f);
            }
            out.put(heap.idOf(t), ids);
        });
        return out;
    }

    @Override
    public String referenceName(long from, long to) {
        HeapObject o = obj(from);
        if (o == null || to == 0) {
            return null;
        }
        try {
            if (o.kind() == HeapObjectKind.OBJECT_ARRAY) {
                int n = o.length();
                for (int k = 0; k < n; k++) {
                    if (o.readElementId(k) == to) {
                        return "[]";
                    }
                }
                return null;
            }
            if (o.kind() == HeapObjectKind.CLASS) {
                HeapClass c = heap.classForMirror(o.index());
                if (c != null) {
                    for (HeapStaticField f : c.staticFields()) {
                        if (f.type() == HprofType.OBJECT && f.rawValue() == to) {
                            return f.name();
                        }
                    }
                }
                return null;
            }
            if (o.kind() != HeapObjectKind.INSTANCE || o.heapClass() == null) {
                return null;
            }
            for (HeapField f : o.heapClass().fields()) {
                if (f.type() == HprofType.OBJECT && o.readReferenceId(f.name()) == to) {
                    return f.name();
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    @Override
    public List<ThreadStack> threads() {
        List<ThreadStack> out = new ArrayList<>();
        for (dev.nettyforensics.heap.HeapThread t : heap.threads()) {
            long id = t.objectIndex() >= 0 ? heap.idOf(t.objectIndex()) : 0;
            List<String> frames = new ArrayList<>();
            for (dev.nettyforensics.heap.HeapFrame f : t.frames()) {
                frames.add(f.qualifiedMethod());
            }
            Long status = number(id, "threadStatus");
            if (status == null) {
                status = number(ref(id, "holder"), "threadStatus"); // JDK 19+: Thread$FieldHolder
            }
            out.add(new ThreadStack(id, string(ref(id, "name")), frames, status == null ? -1 : status.intValue()));
        }
        return out;
    }

    @Override
    public boolean isClassObject(long objectId) {
        HeapObject o = obj(objectId);
        return o != null && o.kind() == HeapObjectKind.CLASS;
    }

    @Override
    public String mirroredClassName(long objectId) {
        HeapObject o = obj(objectId);
        if (o == null || o.kind() != HeapObjectKind.CLASS) {
            return null;
        }
        HeapClass c = heap.classForMirror(o.index());
        return c == null ? null : c.name();
    }
}
