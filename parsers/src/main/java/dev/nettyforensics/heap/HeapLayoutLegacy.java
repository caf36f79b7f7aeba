package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.List;
import java.util.Set;

/**
 * Field layout of HotSpot 8 to 14 ({@code ClassFileParser::layout_fields} with the defaults
 * {@code FieldsAllocationStyle=1}, {@code CompactFields=true}), read from the jdk8u and jdk11u sources.
 *
 * <p>Instances: a class's fields start where its superclass's end, rounded up to the reference size
 * (no hole of a superclass is ever reused). Within the class: longs/doubles, ints/floats,
 * shorts/chars, bytes/booleans, then references. When the longs start 4 bytes short of an 8-byte
 * boundary (after a 12-byte header, say), that gap takes one int, else shorts and bytes, else one
 * compressed reference. A few bootstrap classes whose offsets the VM once hard-coded ({@code Class},
 * {@code String}, the boxes, ...) put references first and leave the gap empty. {@code @Contended}
 * fields follow after {@value HeapLayoutFields#CONTENDED_PADDING} bytes of padding, a contended class
 * is padded before and after.
 *
 * <p>Statics, inside the mirror after the Class fields: references, then longs/doubles (8-aligned),
 * ints, shorts, bytes, all appended. Stateless and thread safe.
 */
final class HeapLayoutLegacy {
    private HeapLayoutLegacy() {
    }

    /** Bootstrap classes laid out with references first and no compaction (hard-coded offsets in JDK 8-14). */
    private static final Set<String> REFERENCES_FIRST = Set.of(
            "java.lang.AssertionStatusDirectives", "java.lang.Class", "java.lang.ClassLoader",
            "java.lang.ref.Reference", "java.lang.ref.SoftReference", "java.lang.StackTraceElement",
            "java.lang.String", "java.lang.Throwable", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Float", "java.lang.Double", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long");

    static boolean referencesFirst(HeapClass c) {
        return c.loaderId() == 0 && REFERENCES_FIRST.contains(c.name());
    }

    /**
     * The unaligned end of the fields of a class whose superclass's fields end at {@code start}
     * (rounded up to the reference size already, or the header size for {@code java.lang.Object}).
     * The instance size is that end rounded up to 8; a subclass starts at it rounded up to the
     * reference size.
     */
    static long fieldsEnd(long start, HeapLayoutFields own, boolean referencesFirst, int referenceSize) {
        long next = start;
        if (own.contendedClass()) {
            next += HeapLayoutFields.CONTENDED_PADDING;
        }
        int doubles = count(own.regular(), 8, referenceSize);
        int words = count(own.regular(), 4, referenceSize);
        int shorts = count(own.regular(), 2, referenceSize);
        int bytes = count(own.regular(), 1, referenceSize);
        int oops = 0;
        for (HprofType t : own.regular()) {
            if (t == HprofType.OBJECT) {
                oops++;
            }
        }
        boolean compact = !referencesFirst;
        long doubleOffset = referencesFirst ? next + (long) oops * referenceSize : next;
        if (doubles > 0) {
            long offset = doubleOffset;
            doubleOffset = HeapLayoutModern.alignUp(offset, 8);
            if (compact && offset != doubleOffset) {
                long length = doubleOffset - offset;
                if (words > 0) {
                    words--;
                    length -= 4;
                }
                while (length >= 2 && shorts > 0) {
                    shorts--;
                    length -= 2;
                }
                while (length > 0 && bytes > 0) {
                    bytes--;
                    length--;
                }
                if (length >= referenceSize && oops > 0) {
                    oops--;
                }
            }
        }
        long padded = doubleOffset + doubles * 8L + words * 4L + shorts * 2L + bytes;
        if (!referencesFirst && oops > 0) {
            padded = HeapLayoutModern.alignUp(padded, referenceSize) + (long) oops * referenceSize;
        }
        if (!own.contendedGroup().isEmpty()) {
            padded += HeapLayoutFields.CONTENDED_PADDING;
            for (HprofType t : own.contendedGroup()) {
                int size = HeapLayoutFields.size(t, referenceSize);
                padded = HeapLayoutModern.alignUp(padded, size) + size;
            }
            padded += HeapLayoutFields.CONTENDED_PADDING;
        }
        if (own.contendedClass()) {
            padded += HeapLayoutFields.CONTENDED_PADDING;
        }
        return padded;
    }

    /** Unaligned end of the static fields in a mirror whose Class fields take {@code classSize} bytes. */
    static long staticsEnd(long classSize, List<HprofType> statics, int referenceSize) {
        int oops = 0;
        for (HprofType t : statics) {
            if (t == HprofType.OBJECT) {
                oops++;
            }
        }
        int doubles = count(statics, 8, referenceSize);
        long offset = classSize + (long) oops * referenceSize;
        if (doubles > 0) {
            offset = HeapLayoutModern.alignUp(offset, 8);
        }
        return offset + doubles * 8L + count(statics, 4, referenceSize) * 4L
                + count(statics, 2, referenceSize) * 2L + count(statics, 1, referenceSize);
    }

    private static int count(List<HprofType> types, int size, int referenceSize) {
        int n = 0;
        for (HprofType t : types) {
            if (t != HprofType.OBJECT && HeapLayoutFields.size(t, referenceSize) == size) {
                n++;
            }
        }
        return n;
    }
}
