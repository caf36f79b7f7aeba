package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Field layout of HotSpot 15 and later ({@code FieldLayoutBuilder::compute_regular_layout}).
 *
 * <p>Instances: a subclass rebuilds its superclass's layout and may fill its holes. Primitive fields go
 * first, largest first, then references; each goes into the smallest hole that fits at its natural
 * alignment (searching from the end, so among equal holes the last wins), else at the end. A
 * {@code @Contended} class or group gets {@value HeapLayoutFields#CONTENDED_PADDING} bytes of padding
 * before and after and is appended without filling holes; every descendant of a class with
 * contended annotations appends after the last inherited field plus the padding.
 *
 * <p>Statics (inside the {@code java.lang.Class} mirror, after the Class fields): references first,
 * contiguously, then primitives largest first, all appended: the static layout's start block is its
 * last block, so no hole is ever filled (an odd number of compressed references before a long leaves
 * 4 bytes unused).
 *
 * <p>Stateless; not thread safe only in that {@link Blocks} are mutable while built.
 */
final class HeapLayoutModern {
    private HeapLayoutModern() {
    }

    /** A class's instance layout as a subclass rebuilds it. */
    static final class Blocks {
        /** Empty slots below {@link #end}, sorted by offset, each {@code [from, to)}. */
        final List<long[]> holes = new ArrayList<>();
        /** Offset of the trailing empty block: the unaligned instance end. */
        long end;
        /** End of the last field (inherited ones included), before any trailing padding. */
        long lastFieldEnd;
        /** {@code has_contended_annotations}: this class or an ancestor is or has contended fields. */
        boolean contended;
        boolean hasFields;

        long instanceSize() {
            return HeapLayout.align8(end);
        }
    }

    /** The layout of a class without superclass ({@code java.lang.Object}). */
    static Blocks root(int headerSize) {
        Blocks b = new Blocks();
        b.end = headerSize;
        b.lastFieldEnd = headerSize;
        return b;
    }

    static Blocks layout(Blocks sup, HeapLayoutFields own, int referenceSize) {
        Blocks b = new Blocks();
        boolean appendOnly;
        if (sup.contended && sup.hasFields) {
            // fill_holes pads the inherited layout and appends ContendedPaddingWidth; _start = _last
            b.end = sup.lastFieldEnd + HeapLayoutFields.CONTENDED_PADDING;
            appendOnly = true;
        } else {
            for (long[] h : sup.holes) {
                if (h[1] <= sup.lastFieldEnd) {
                    b.holes.add(h.clone());
                }
            }
            b.end = sup.lastFieldEnd;
            appendOnly = false;
        }
        b.lastFieldEnd = sup.lastFieldEnd;
        b.hasFields = sup.hasFields || !own.isEmpty();
        b.contended = sup.contended || own.contendedClass() || !own.contendedGroup().isEmpty();
        boolean tailPadding = false;
        if (own.contendedClass()) {
            b.end += HeapLayoutFields.CONTENDED_PADDING;
            appendOnly = true;
            tailPadding = true;
        }
        add(b, primitivesLargestFirst(own.regular()), referenceSize, appendOnly);
        add(b, references(own.regular()), referenceSize, appendOnly);
        if (!own.contendedGroup().isEmpty()) {
            b.end += HeapLayoutFields.CONTENDED_PADDING;
            add(b, primitivesLargestFirst(own.contendedGroup()), referenceSize, true);
            add(b, references(own.contendedGroup()), referenceSize, true);
            tailPadding = true;
        }
        if (tailPadding) {
            b.end += HeapLayoutFields.CONTENDED_PADDING;
        }
        return b;
    }

    /** Unaligned end of the static fields in a mirror whose Class fields take {@code classSize} bytes. */
    static long staticsEnd(long classSize, List<HprofType> statics, int referenceSize) {
        long end = classSize;
        for (HprofType t : statics) {
            if (t == HprofType.OBJECT) {
                end += referenceSize;
            }
        }
        for (HprofType t : primitivesLargestFirst(statics)) {
            int size = HeapLayoutFields.size(t, referenceSize);
            end = alignUp(end, size) + size;
        }
        return end;
    }

    static List<HprofType> primitivesLargestFirst(List<HprofType> types) {
        List<HprofType> out = new ArrayList<>();
        for (HprofType t : types) {
            if (t != HprofType.OBJECT) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingInt((HprofType t) -> t.size(4)).reversed());
        return out;
    }

    private static List<HprofType> references(List<HprofType> types) {
        List<HprofType> out = new ArrayList<>();
        for (HprofType t : types) {
            if (t == HprofType.OBJECT) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code FieldLayout::add}: best fit into holes, else append. */
    private static void add(Blocks b, List<HprofType> fields, int referenceSize, boolean appendOnly) {
        for (HprofType t : fields) {
            int size = HeapLayoutFields.size(t, referenceSize);
            int best = -1;
            if (!appendOnly) {
                for (int i = b.holes.size() - 1; i >= 0; i--) {
                    long[] h = b.holes.get(i);
                    if (alignUp(h[0], size) + size <= h[1] && (best < 0 || h[1] - h[0] < length(b.holes.get(best)))) {
                        best = i;
                    }
                }
            }
            long at;
            if (best >= 0) {
                long[] h = b.holes.remove(best);
                at = alignUp(h[0], size);
                if (at + size < h[1]) {
                    b.holes.add(best, new long[] {at + size, h[1]});
                }
                if (h[0] < at) {
                    b.holes.add(best, new long[] {h[0], at});
                }
            } else {
                at = alignUp(b.end, size);
                if (at > b.end) {
                    b.holes.add(new long[] {b.end, at});
                }
                b.end = at + size;
            }
            b.lastFieldEnd = Math.max(b.lastFieldEnd, at + size);
        }
    }

    private static long length(long[] hole) {
        return hole[1] - hole[0];
    }

    static long alignUp(long value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
