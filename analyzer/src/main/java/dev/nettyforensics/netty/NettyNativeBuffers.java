package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Direct memory a Netty copy allocated for itself rather than for a {@code ByteBuf}: root
 * {@code DirectByteBuffer}s without a cleaner (made by {@code PlatformDependent.allocateDirectNoCleaner},
 * so Netty's counter counts them) that a Netty object other than a buffer holds, such as the
 * epoll transport's event arrays (48 KiB per event loop). Without them the ledger falls short of
 * the counter by exactly that much. No-cleaner roots that no Netty object holds are left alone:
 * the JDK's memory-mapped runtime image is one, and it is not direct memory at all.
 * Stateless; cost: one pass over the heap's references, for the few no-cleaner roots.
 */
final class NettyNativeBuffers {
    private NettyNativeBuffers() {}

    /** Total capacity of such buffers; adds them to {@code nettyMemory}. */
    static long sum(InstanceScope scope, Set<Long> nettyMemory) {
        ObjectGraph g = scope.graph;
        List<Long> candidates = new ArrayList<>();
        for (long cls : g.classIds("java.nio.DirectByteBuffer")) {
            if (!g.hasInstanceField(cls, "cleaner")) {
                continue;
            }
            for (long buf : g.instancesOf(cls)) {
                if (nettyMemory.contains(buf) || g.ref(buf, "att") != 0 || g.ref(buf, "fd") != 0
                        || g.ref(buf, "cleaner") != 0 || (g.hasUnreachableObjects() && !g.isReachable(buf))) {
                    continue;
                }
                candidates.add(buf);
            }
        }
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<Long> bufferClasses = Set.copyOf(scope.subclassesOf("buffer.AbstractByteBuf"));
        long total = 0;
        for (Map.Entry<Long, long[]> e : g.referrersOf(candidates).entrySet()) {
            for (long holder : e.getValue()) {
                long cls = g.classOf(holder);
                String name = cls == 0 ? null : g.className(cls);
                if (name != null && name.startsWith(scope.prefix) && !bufferClasses.contains(cls)) {
                    Long capacity = g.number(e.getKey(), "capacity");
                    total += capacity == null ? 0 : capacity;
                    nettyMemory.add(e.getKey());
                    break;
                }
            }
        }
        return total;
    }
}
