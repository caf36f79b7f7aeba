package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shallow sizes as the JVM lays objects out, so they equal {@code GC.class_histogram}. The dump
 * itself only records field values at identifier size; the in-memory size depends on compressed
 * oops and compressed class pointers, which the dump betrays through {@code Unsafe}'s static
 * constants ({@code ARRAY_OBJECT_INDEX_SCALE}, {@code ARRAY_INT_BASE_OFFSET}).
 *
 * <p>Instance layout follows HotSpot 15+ ({@code FieldLayoutBuilder}): a subclass keeps its
 * superclass's layout and fills its holes; primitive fields go first, largest first, then
 * references, each into the first hole that fits at its natural alignment. Objects are 8-byte
 * aligned. Older JVMs pack differently, so sizes of some classes may differ by a few bytes there.
 */
final class HeapLayout {
    final int headerSize;
    final int referenceSize;
    final int arrayBaseOffset;
    private final Map<HeapClass, Slots> slotsByClass = new IdentityHashMap<>();

    HeapLayout(int headerSize, int referenceSize, int arrayBaseOffset) {
        this.headerSize = headerSize;
        this.referenceSize = referenceSize;
        this.arrayBaseOffset = arrayBaseOffset;
    }

    static HeapLayout detect(List<HeapClass> classes, int idSize) {
        if (idSize == 4) {
            return new HeapLayout(8, 4, 12);
        }
        int scale = 4;
        int intBase = 16;
        for (HeapClass c : classes) {
            if (c.name().equals("jdk.internal.misc.Unsafe") || c.name().equals("sun.misc.Unsafe")) {
                HeapStaticField s = c.staticField("ARRAY_OBJECT_INDEX_SCALE");
                HeapStaticField b = c.staticField("ARRAY_INT_BASE_OFFSET");
                if (s != null && (s.rawValue() == 4 || s.rawValue() == 8)) {
                    scale = (int) s.rawValue();
                }
                if (b != null && (b.rawValue() == 16 || b.rawValue() == 20 || b.rawValue() == 24)) {
                    intBase = (int) b.rawValue();
                }
            }
        }
        int header = intBase == 16 ? 12 : 16;
        int arrayBase = intBase == 16 ? 16 : 24;
        return new HeapLayout(header, scale, arrayBase);
    }

    static long align8(long size) {
        return (size + 7) & ~7L;
    }

    long arraySize(HprofType elementType, long length) {
        int elementSize = elementType == HprofType.OBJECT ? referenceSize : elementType.size(4);
        return align8(arrayBaseOffset + length * elementSize);
    }

    long instanceSize(HeapClass c) {
        return align8(slots(c, 0).end);
    }

    /** Size of a class mirror: {@code java.lang.Class} fields, then this class's statics laid out the same way. */
    long mirrorSize(HeapClass c, long classInstanceSize) {
        Slots statics = new Slots();
        statics.end = classInstanceSize;
        List<HprofType> types = new ArrayList<>();
        for (HeapStaticField f : c.staticFields()) {
            if (!f.name().startsWith("<")) {
                types.add(f.type());
            }
        }
        statics.place(types, referenceSize);
        return align8(statics.end);
    }

    /**
     * Fields HotSpot injects into JDK classes (javaClasses.hpp {@code *_INJECTED_FIELDS}): they take
     * space in every instance but the dump omits them. {@code intptr_t} is a long on 64-bit VMs.
     */
    private static final Map<String, List<HprofType>> INJECTED = Map.of(
            "java.lang.ClassLoader", List.of(HprofType.LONG),
            "java.lang.Module", List.of(HprofType.LONG),
            "java.lang.invoke.MemberName", List.of(HprofType.LONG),
            "java.lang.invoke.ResolvedMethodName", List.of(HprofType.LONG),
            "java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of(HprofType.LONG, HprofType.LONG),
            "java.lang.StackFrameInfo", List.of(HprofType.SHORT),
            "java.security.ProtectionDomain", List.of(HprofType.BOOLEAN),
            "java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT,
                    HprofType.OBJECT, HprofType.OBJECT, HprofType.OBJECT));

    /** JDK classes annotated {@code @Contended} as a whole: padded before and after their fields. */
    private static final java.util.Set<String> CONTENDED_CLASSES = java.util.Set.of(
            "java.util.concurrent.atomic.Striped64$Cell",
            "java.util.concurrent.ConcurrentHashMap$CounterCell",
            "java.util.concurrent.Exchanger$Node");

    /** JDK fields annotated {@code @Contended("group")}: one padded group per class. */
    private static final Map<String, java.util.Set<String>> CONTENDED_FIELDS = Map.of(
            "java.lang.Thread", java.util.Set.of("threadLocalRandomSeed", "threadLocalRandomProbe", "threadLocalRandomSecondarySeed"),
            "java.util.concurrent.ForkJoinPool", java.util.Set.of("ctl", "parallelism"));

    /** HotSpot's {@code ContendedPaddingWidth}. */
    private static final int CONTENDED_PADDING = 128;

    private Slots slots(HeapClass c, int depth) {
        Slots known = slotsByClass.get(c);
        if (known != null) {
            return known;
        }
        Slots slots;
        if (c.superclass != null && depth < 10_000) {
            slots = slots(c.superclass, depth + 1).copy();
        } else {
            slots = new Slots();
            slots.end = headerSize;
        }
        boolean jdkClass = c.loaderId() == 0;
        java.util.Set<String> contendedGroup = jdkClass ? CONTENDED_FIELDS.getOrDefault(c.name(), java.util.Set.of()) : java.util.Set.of();
        List<HprofType> types = new ArrayList<>();
        List<HprofType> group = new ArrayList<>();
        for (HeapField f : c.declaredFields()) {
            (contendedGroup.contains(f.name()) ? group : types).add(f.type());
        }
        if (jdkClass) {
            types.addAll(INJECTED.getOrDefault(c.name(), List.of()));
        }
        boolean padded = false;
        if (jdkClass && CONTENDED_CLASSES.contains(c.name()) && !types.isEmpty()) {
            slots.holes.clear();
            slots.end += CONTENDED_PADDING;
            padded = true;
        }
        slots.place(types, referenceSize);
        if (!group.isEmpty()) {
            slots.end += CONTENDED_PADDING;
            slots.holes.clear();
            slots.place(group, referenceSize);
            padded = true;
        }
        if (padded) {
            // Measured on HotSpot 17: subclasses of a padded class append after the aligned tail padding.
            slots.holes.clear();
            slots.end = align8(slots.end + CONTENDED_PADDING);
        }
        slotsByClass.put(c, slots);
        return slots;
    }

    /** Free holes below {@code end}, plus the end of the laid-out fields. */
    private static final class Slots {
        final List<long[]> holes = new ArrayList<>();
        long end;

        Slots copy() {
            Slots s = new Slots();
            for (long[] h : holes) {
                s.holes.add(h.clone());
            }
            s.end = end;
            return s;
        }

        void place(List<HprofType> types, int referenceSize) {
            for (int size : new int[] {8, 4, 2, 1}) {
                for (HprofType t : types) {
                    if (t != HprofType.OBJECT && t.size(4) == size) {
                        put(size);
                    }
                }
            }
            for (HprofType t : types) {
                if (t == HprofType.OBJECT) {
                    put(referenceSize);
                }
            }
        }

        private void put(int size) {
            for (int i = 0; i < holes.size(); i++) {
                long[] h = holes.get(i);
                long at = (h[0] + size - 1) / size * size;
                if (at + size <= h[1]) {
                    holes.remove(i);
                    if (at + size < h[1]) {
                        holes.add(i, new long[] {at + size, h[1]});
                    }
                    if (h[0] < at) {
                        holes.add(i, new long[] {h[0], at});
                    }
                    return;
                }
            }
            long at = (end + size - 1) / size * size;
            if (at > end) {
                holes.add(new long[] {end, at});
            }
            end = at + size;
        }
    }
}
