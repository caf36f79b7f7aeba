package dev.nettyforensics.netty;

import java.util.Set;

/**
 * Sums root {@code DirectByteBuffer}s ({@code att == null}, not file mappings) that are not memory
 * of a Netty chunk or buffer. Views ({@code att != null}) are skipped: they share their root's memory.
 *
 * <p>Only cleaner-backed roots count: those are what {@code ByteBuffer.allocateDirect} reserved, so
 * they are a part of {@code java.nio.Bits}. A root without a cleaner was made by the
 * {@code DirectByteBuffer(long, int)} constructor, which wraps memory someone else owns: Netty's
 * no-cleaner allocations (counted by Netty's counter, already in its ledger when Netty still uses
 * them) or JNI {@code NewDirectByteBuffer} wrappers such as the JDK's memory-mapped runtime image
 * ({@code lib/modules}, about 120 MiB on JDK 17), which are not direct memory at all.
 */
final class OtherDirectBuffers {
    private OtherDirectBuffers() {
    }

    static long sum(ObjectGraph g, Set<Long> nettyMemory) {
        long total = 0;
        for (String name : new String[] {"java.nio.DirectByteBuffer", "java.nio.DirectByteBufferR"}) {
            for (long cls : g.classIds(name)) {
                boolean knowsCleaner = g.hasInstanceField(cls, "cleaner");
                for (long buf : g.instancesOf(cls)) {
                    if (nettyMemory.contains(buf) || g.ref(buf, "att") != 0 || g.ref(buf, "fd") != 0) {
                        continue;
                    }
                    if (knowsCleaner && g.ref(buf, "cleaner") == 0) {
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
