package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/** Lists {@code UnpooledByteBufAllocator}s of one copy with their {@code noCleaner} flag and direct metric. */
final class UnpooledAllocators {
    private UnpooledAllocators() {
    }

    static List<AllocatorInfo> read(InstanceScope scope, long defaultAllocator) {
        ObjectGraph g = scope.graph;
        List<AllocatorInfo> out = new ArrayList<>();
        for (long cls : scope.subclassesOf("buffer.UnpooledByteBufAllocator")) {
            for (long alloc : g.instancesOf(cls)) {
                if (g.hasUnreachableObjects() && !g.isReachable(alloc)) {
                    continue;
                }
                Long noCleaner = g.number(alloc, "noCleaner");
                long metric = g.ref(alloc, "metric");
                Long direct = metric == 0 ? null : Counters.read(g, g.ref(metric, "directCounter"));
                out.add(new AllocatorInfo(alloc, g.classNameOf(alloc), "unpooled", alloc == defaultAllocator,
                        -1, -1, -1, -1, -1, -1, direct == null ? -1 : direct,
                        noCleaner == null ? null : noCleaner != 0));
            }
        }
        return out;
    }
}
