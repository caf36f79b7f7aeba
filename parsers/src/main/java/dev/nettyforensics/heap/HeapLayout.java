package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shallow sizes as the JVM lays objects out, so they equal {@code GC.class_histogram}. The dump
 * records field values at identifier size only; the in-memory size depends on the VM generation
 * and its flags, which the dump betrays:
 * <ul>
 *   <li>Header, reference and array base sizes from {@code Unsafe}'s static constants
 *       ({@code ARRAY_OBJECT_INDEX_SCALE} is 4 with compressed oops, {@code ARRAY_<T>_BASE_OFFSET} is
 *       12 with compact object headers (8-byte object header), 16 with compressed class pointers
 *       (12-byte header), 20 or 24 without (16-byte header)).</li>
 *   <li>The field layout algorithm and the VM-injected fields from the generation
 *       ({@link HeapLayoutGeneration}): {@link HeapLayoutLegacy} up to JDK 14,
 *       {@link HeapLayoutModern} from JDK 15.</li>
 * </ul>
 * Assumed, since a dump cannot show them: 64-bit HotSpot defaults {@code ObjectAlignmentInBytes=8},
 * {@code ContendedPaddingWidth=128}, {@code FieldsAllocationStyle=1}, {@code CompactFields},
 * and {@code -XX:-RestrictContended} not set (only JDK classes are padded). {@link #describe()} says
 * which layout was chosen.
 *
 * <p>Not thread safe while sizes are computed (a per-class cache fills lazily); the index builder
 * computes every size once, single-threaded, before the heap is published.
 */
final class HeapLayout {
    final int headerSize;
    final int referenceSize;
    /** Base offset of reference arrays' elements. */
    final int arrayBaseOffset;
    final HeapLayoutGeneration generation;
    /** Whether the header and reference sizes were read from the dump ({@code Unsafe}) rather than assumed. */
    private boolean formatFromDump = true;
    /** Element base offset by {@link HprofType#code()}. */
    private final int[] arrayBaseByType = new int[12];
    private final Map<HeapClass, HeapLayoutModern.Blocks> modernByClass = new IdentityHashMap<>();
    private final Map<HeapClass, Long> legacyEndByClass = new IdentityHashMap<>();

    HeapLayout(int headerSize, int referenceSize, int[] arrayBaseByType, HeapLayoutGeneration generation) {
        this.headerSize = headerSize;
        this.referenceSize = referenceSize;
        System.arraycopy(arrayBaseByType, 0, this.arrayBaseByType, 0, this.arrayBaseByType.length);
        this.arrayBaseOffset = this.arrayBaseByType[HprofType.OBJECT.code()];
        this.generation = generation;
    }

    static HeapLayout detect(List<HeapClass> classes, int idSize) {
        HeapLayoutGeneration generation = HeapLayoutGeneration.detect(classes);
        HeapClass unsafe = null;
        for (HeapClass c : classes) {
            if (c.loaderId() == 0 && (c.name().equals("jdk.internal.misc.Unsafe")
                    || (unsafe == null && c.name().equals("sun.misc.Unsafe")))) {
                unsafe = c;
            }
        }
        int scale = idSize == 4 ? 4 : constant(unsafe, "ARRAY_OBJECT_INDEX_SCALE", Set.of(4, 8), 4);
        int intBase = constant(unsafe, "ARRAY_INT_BASE_OFFSET", Set.of(12, 16, 20, 24), idSize == 4 ? 12 : 16);
        int header = switch (intBase) {
            case 12 -> 8;   // compact object headers (JDK 24+), or a 32-bit VM
            case 16 -> 12;  // compressed class pointers
            default -> 16;  // full klass pointer
        };
        int[] bases = new int[12];
        int wideBase = (int) HeapLayoutModern.alignUp(intBase, 8);
        for (HprofType t : HprofType.values()) {
            boolean wide = t == HprofType.LONG || t == HprofType.DOUBLE || (t == HprofType.OBJECT && scale == 8);
            String name = "ARRAY_" + (t == HprofType.OBJECT ? "OBJECT" : t.javaName().toUpperCase(java.util.Locale.ROOT)) + "_BASE_OFFSET";
            bases[t.code()] = constant(unsafe, name, Set.of(12, 16, 20, 24), wide ? wideBase : intBase);
        }
        HeapLayout layout = new HeapLayout(header, scale, bases, generation);
        layout.formatFromDump = idSize == 4 || (unsafe != null && unsafe.staticField("ARRAY_INT_BASE_OFFSET") != null);
        return layout;
    }

    private static int constant(HeapClass unsafe, String name, Set<Integer> plausible, int fallback) {
        HeapStaticField f = unsafe == null ? null : unsafe.staticField(name);
        return f != null && plausible.contains((int) f.rawValue()) ? (int) f.rawValue() : fallback;
    }

    /** One line for diagnostics: which VM generation and object format the sizes assume. */
    String describe() {
        return "shallow sizes assume " + generation.description + ", " + headerSize + "-byte object headers, "
                + referenceSize + "-byte references, array data at offset " + arrayBaseByType[HprofType.INT.code()]
                + " (" + arrayBaseByType[HprofType.LONG.code()] + " for long/double)";
    }

    /**
     * A one-line, lower-case caveat for the heap's diagnostics when the sizes rest on something not
     * checked against a real dump of that kind, or null when they do not (JDK 15 to 18 and 25 shapes
     * with {@code Unsafe}'s constants present: measured on OpenJDK 17 and Temurin 25).
     */
    String uncertainty() {
        if (!formatFromDump) {
            return "the dump holds no Unsafe array constants: shallow sizes assume compressed oops and class pointers";
        }
        return switch (generation) {
            case JDK8, JDK9_TO_14 -> "shallow sizes use the JDK 8-14 field layout as read from the HotSpot sources,"
                    + " not checked against a real dump of that version";
            case JDK19_TO_24 -> "shallow sizes of a few JDK classes assume JDK 21's injected and padded fields,"
                    + " not checked against a real dump of that version";
            default -> null;
        };
    }

    static long align8(long size) {
        return (size + 7) & ~7L;
    }

    long arraySize(HprofType elementType, long length) {
        int elementSize = elementType == HprofType.OBJECT ? referenceSize : elementType.size(4);
        return align8(arrayBaseByType[elementType.code()] + length * elementSize);
    }

    long instanceSize(HeapClass c) {
        if (generation.fieldLayoutBuilder) {
            return modern(c, 0).instanceSize();
        }
        return align8(legacyEnd(c, 0));
    }

    /** Size of a class mirror: {@code java.lang.Class} fields, then this class's statics. */
    long mirrorSize(HeapClass c, long classInstanceSize) {
        List<HprofType> types = new ArrayList<>();
        for (HeapStaticField f : c.staticFields()) {
            if (!f.name().startsWith("<")) { // <resolved_references>, <init_lock>: the dumper's additions
                types.add(f.type());
            }
        }
        long end = generation.fieldLayoutBuilder
                ? HeapLayoutModern.staticsEnd(classInstanceSize, types, referenceSize)
                : HeapLayoutLegacy.staticsEnd(classInstanceSize, types, referenceSize);
        return align8(end);
    }

    /** The fields {@code c} adds to its superclass's layout. */
    HeapLayoutFields ownFields(HeapClass c) {
        Set<String> group = generation.contendedGroup(c);
        List<HprofType> regular = new ArrayList<>();
        List<HprofType> contended = new ArrayList<>();
        for (HeapField f : c.declaredFields()) {
            (group.contains(f.name()) ? contended : regular).add(f.type());
        }
        regular.addAll(generation.injectedFields(c));
        return new HeapLayoutFields(regular, contended, generation.contendedClass(c) && !regular.isEmpty());
    }

    private HeapLayoutModern.Blocks modern(HeapClass c, int depth) {
        HeapLayoutModern.Blocks known = modernByClass.get(c);
        if (known != null) {
            return known;
        }
        HeapLayoutModern.Blocks sup = c.superclass != null && depth < 10_000
                ? modern(c.superclass, depth + 1) : null;
        HeapLayoutModern.Blocks blocks = sup == null && c.declaredFields().isEmpty()
                ? HeapLayoutModern.root(headerSize)
                : HeapLayoutModern.layout(sup == null ? HeapLayoutModern.root(headerSize) : sup, ownFields(c), referenceSize);
        modernByClass.put(c, blocks);
        return blocks;
    }

    private long legacyEnd(HeapClass c, int depth) {
        Long known = legacyEndByClass.get(c);
        if (known != null) {
            return known;
        }
        long start = c.superclass != null && depth < 10_000
                ? HeapLayoutModern.alignUp(legacyEnd(c.superclass, depth + 1), referenceSize) : headerSize;
        long end = HeapLayoutLegacy.fieldsEnd(start, ownFields(c), HeapLayoutLegacy.referencesFirst(c), referenceSize);
        legacyEndByClass.put(c, end);
        return end;
    }
}
