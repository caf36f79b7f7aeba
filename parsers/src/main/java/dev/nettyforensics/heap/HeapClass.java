package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A class as the dump describes it: name, loader, superclass, instance field layout (inherited
 * fields included) and static fields with their values.
 *
 * <p>All accessors are cheap (no I/O). Immutable once the {@link Heap} is open; thread safe.
 */
public final class HeapClass {
    final int classIndex;
    final int objectIndex;
    final long id;
    final String name;
    final long loaderId;
    final long superId;
    final List<HeapField> declaredFields;
    final List<HeapStaticField> staticFields;
    /** For array classes: the element type ({@link HprofType#OBJECT} for reference arrays), else null. */
    final HprofType elementType;
    HeapClass superclass;
    /** Ids a class object references: super, loader, signers, protection domain, static and constant-pool references. */
    long[] outboundIds = new long[0];
    List<HeapField> fields = List.of();
    Map<String, HeapField> fieldsByName = Map.of();
    /** Offsets of strong reference fields within instance values, inherited ones included ({@code Reference.referent} excluded). */
    int[] referenceOffsets = new int[0];
    /** Bytes of instance values in the dump (references at id size). */
    int valuesSize;
    /** Shallow size of an instance in the JVM, as GC.class_histogram counts it. */
    long instanceSize;
    /** Shallow size of this class's mirror ({@code java.lang.Class} instance with the statics inside). */
    long mirrorSize;

    HeapClass(int classIndex, int objectIndex, long id, String name, long loaderId, long superId,
              List<HeapField> declaredFields, List<HeapStaticField> staticFields) {
        this.classIndex = classIndex;
        this.objectIndex = objectIndex;
        this.id = id;
        this.name = name;
        this.loaderId = loaderId;
        this.superId = superId;
        this.declaredFields = List.copyOf(declaredFields);
        this.staticFields = List.copyOf(staticFields);
        this.elementType = elementTypeOf(name);
    }

    private static HprofType elementTypeOf(String name) {
        if (name.length() < 2 || name.charAt(0) != '[') {
            return null;
        }
        return switch (name.charAt(1)) {
            case 'Z' -> name.length() == 2 ? HprofType.BOOLEAN : null;
            case 'C' -> name.length() == 2 ? HprofType.CHAR : null;
            case 'F' -> name.length() == 2 ? HprofType.FLOAT : null;
            case 'D' -> name.length() == 2 ? HprofType.DOUBLE : null;
            case 'B' -> name.length() == 2 ? HprofType.BYTE : null;
            case 'S' -> name.length() == 2 ? HprofType.SHORT : null;
            case 'I' -> name.length() == 2 ? HprofType.INT : null;
            case 'J' -> name.length() == 2 ? HprofType.LONG : null;
            default -> HprofType.OBJECT;
        };
    }

    /** Position in {@link Heap#classes()}. */
    public int classIndex() {
        return classIndex;
    }

    /** Index of the class object ({@code java.lang.Class} mirror) in the heap, or -1 for classes the dump only implies. */
    public int objectIndex() {
        return objectIndex;
    }

    /** The class object's id in the dump (0 for implied classes). */
    public long id() {
        return id;
    }

    /** Java binary name as {@code Class.getName()} prints it: {@code java.lang.String}, {@code [B}, {@code [Ljava.lang.Object;}. Not null. */
    public String name() {
        return name;
    }

    /** Id of the defining class loader object; 0 for the bootstrap loader. */
    public long loaderId() {
        return loaderId;
    }

    /** The superclass, or null for {@code java.lang.Object}, interfaces' absence of one, or when unknown. */
    public HeapClass superclass() {
        return superclass;
    }

    /** Whether this is {@code other} or a subclass of it (by walking superclasses; cycles end the walk). */
    public boolean isSubclassOf(HeapClass other) {
        int guard = 0;
        for (HeapClass c = this; c != null && guard < 10_000; c = c.superclass, guard++) {
            if (c == other) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class or a superclass has this exact name. */
    public boolean isSubclassOf(String className) {
        int guard = 0;
        for (HeapClass c = this; c != null && guard < 10_000; c = c.superclass, guard++) {
            if (c.name.equals(className)) {
                return true;
            }
        }
        return false;
    }

    public boolean isArray() {
        return elementType != null;
    }

    /** Element type for array classes, null otherwise. */
    public HprofType elementType() {
        return elementType;
    }

    /** Fields this class declares (not inherited), in dump order. Not null, immutable. */
    public List<HeapField> declaredFields() {
        return declaredFields;
    }

    /** All instance fields, most derived class first, with their value offsets. Not null, immutable. */
    public List<HeapField> fields() {
        return fields;
    }

    /**
     * The field an instance's {@code name} refers to: the most derived declaration when a subclass
     * shadows a superclass field. Null when no class in the chain declares it.
     */
    public HeapField field(String name) {
        return fieldsByName.get(name);
    }

    public boolean hasField(String name) {
        return fieldsByName.containsKey(name);
    }

    /** Static fields with their values. Not null, immutable. */
    public List<HeapStaticField> staticFields() {
        return staticFields;
    }

    /** The static field of this class (not superclasses) with that name, or null. */
    public HeapStaticField staticField(String name) {
        for (HeapStaticField f : staticFields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Shallow size of one instance in the JVM (header, fields, padding), as the class histogram counts it. */
    public long instanceSize() {
        return instanceSize;
    }

    /** Builds the flattened layout once superclasses are linked. Cycles are cut by {@code maxDepth}. */
    void resolveLayout(int idSize, int maxDepth) {
        List<HeapField> all = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        Map<String, HeapField> byName = new HashMap<>();
        int offset = 0;
        int depth = 0;
        for (HeapClass c = this; c != null && depth < maxDepth; c = c.superclass, depth++) {
            for (HeapField declared : c.declaredFields) {
                HeapField f = new HeapField(declared.name(), declared.type(), offset, c.name);
                all.add(f);
                byName.putIfAbsent(f.name(), f);
                // Reference.referent is not a strong reference: an object only weak/soft/phantom
                // reachable is garbage at the next GC (and a buffer only Netty's leak detector still
                // tracks, through a WeakReference, is exactly the leak we look for).
                boolean referent = f.name().equals("referent") && c.name.equals("java.lang.ref.Reference");
                if (f.type() == HprofType.OBJECT && !referent) {
                    refs.add(offset);
                }
                offset += f.type().size(idSize);
            }
        }
        fields = Collections.unmodifiableList(all);
        fieldsByName = Collections.unmodifiableMap(byName);
        referenceOffsets = refs.stream().mapToInt(Integer::intValue).toArray();
        valuesSize = offset;
    }

    @Override
    public String toString() {
        return name;
    }
}
