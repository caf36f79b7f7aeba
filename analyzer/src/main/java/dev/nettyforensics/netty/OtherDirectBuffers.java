package dev.nettyforensics.netty;

import java.util.Set;

/**
 * Sums root {@code DirectByteBuffer}s ({@code att == null}, not file mappings) that are not memory
 * of a Netty chunk or buffer. Views ({@code att != null}) are skipped: they share their root's memory.
 */
final class OtherDirectBuffers {
    private OtherDirectBuffers() {
    }

    static long sum(ObjectGraph g, Set<Long> nettyMemory) {
        long total = 0;
        for (String name : new String[] {"java.nio.DirectByteBuffer", "java.nio.DirectByteBufferR"}) {
            for (long cls : g.classIds(name)) {
                for (long buf : g.instancesOf(cls)) {
                    if (nettyMemory.contains(buf) || g.ref(buf, "att") != 0 || g.ref(buf, "fd") != 0) {
                        continue;
                    }
                    if (g.hasUnreachableObjects() && !g.isReachable(buf)) {
                        continue;
                    }
                    Long capacity = g.number(buf, "capacity");
                    total += capacity == null ? 0 : capacity;
                }
            }
        }
        return total;
    }
}
