package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.List;

/**
 * The instance fields one class adds to its superclass's layout, as the field layout code sees them:
 * the dump's declared fields plus the ones the VM injects, split by {@code @Contended}.
 *
 * @param regular         fields laid out normally, in declaration order
 * @param contendedGroup  fields of the class's one named {@code @Contended} group (padded apart), possibly empty
 * @param contendedClass  whether the class is annotated {@code @Contended} as a whole
 */
record HeapLayoutFields(List<HprofType> regular, List<HprofType> contendedGroup, boolean contendedClass) {
    /** HotSpot's {@code ContendedPaddingWidth} default. */
    static final int CONTENDED_PADDING = 128;

    boolean isEmpty() {
        return regular.isEmpty() && contendedGroup.isEmpty();
    }

    /** Size in the JVM: references at {@code referenceSize}, primitives at their own size. */
    static int size(HprofType t, int referenceSize) {
        return t == HprofType.OBJECT ? referenceSize : t.size(4);
    }
}
