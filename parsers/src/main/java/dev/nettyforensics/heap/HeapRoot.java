package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofRootKind;
import java.util.Objects;

/**
 * One GC root record.
 *
 * @param kind         root kind, not null
 * @param objectIndex  index of the rooted object in its {@link Heap}
 * @param threadSerial thread serial number, or -1 when the kind carries none
 * @param frameDepth   frame depth for Java frame and JNI local roots (0 = innermost), else -1
 */
public record HeapRoot(HprofRootKind kind, int objectIndex, int threadSerial, int frameDepth) {
    public HeapRoot {
        Objects.requireNonNull(kind, "kind");
    }
}
