package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Narrows the Netty version of one copy from class and field shapes. Each rule's first tag was
 * found by checking every 4.1.x and 4.2.x tag (see shared/reference/netty-internals.md §0.1), and
 * {@code PoolChunk.pinnedBytes} was re-checked: a plain int since 4.1.69 (not 4.1.73 as noted there);
 * the ones this code relies on were re-read at 4.1.36, 4.1.128, 4.1.137 and 4.2.7.
 * Stateless; thread safe; cost: a few dozen class and field look-ups.
 */
public final class VersionFingerprint {
    private static final int V4_2_0 = 2000;
    private static final int LAST_41 = 1999;

    private VersionFingerprint() {
    }

    /** The range of versions consistent with every shape seen. Never null, never throws. */
    public static NettyVersionRange of(ShapeFacts facts) {
        Narrowing n = new Narrowing();
        field(n, facts, "buffer.PoolChunk", "memoryMap", NettyVersionRange.OLDEST, 1051, 1052, NettyVersionRange.OPEN);
        field(n, facts, "buffer.PoolChunk", "base", 1061, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, 1060);
        field(n, facts, "buffer.PoolChunk", "pinnedBytes", 1069, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, 1068);
        // PoolChunk.cleanable arrived in 4.2.2, not 4.2.0: absent means 4.1 or 4.2.0/4.2.1
        field(n, facts, "buffer.PoolChunk", "cleanable", V4_2_0 + 2, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, V4_2_0 + 1);
        field(n, facts, "buffer.PoolChunk", "maxPageIdx", 1114, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, 1113);
        field(n, facts, "buffer.PoolChunk", "cachedNioBuffers", 1033, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, 1032);
        field(n, facts, "buffer.PoolArena", "sizeClass", 1102, NettyVersionRange.OPEN, NettyVersionRange.OLDEST, 1101);
        field(n, facts, "buffer.PoolArena", "tinySubpagePools", NettyVersionRange.OLDEST, 1051, 1052, NettyVersionRange.OPEN);
        field(n, facts, "channel.AbstractChannelHandlerContext", "executionMask", 1035, NettyVersionRange.OPEN,
                NettyVersionRange.OLDEST, 1034);
        field(n, facts, "channel.nio.AbstractNioChannel", "registration", V4_2_0, NettyVersionRange.OPEN,
                NettyVersionRange.OLDEST, LAST_41);
        field(n, facts, "channel.epoll.AbstractEpollChannel", "registration", V4_2_0, NettyVersionRange.OPEN,
                NettyVersionRange.OLDEST, LAST_41);
        field(n, facts, "buffer.CompositeByteBuf$Component", "srcBuf", 1040, NettyVersionRange.OPEN,
                NettyVersionRange.OLDEST, 1039);
        present(n, facts, "util.ResourceLeakDetector$TraceRecord", 1052, NettyVersionRange.OPEN);
        present(n, facts, "util.ResourceLeakDetector$Record", NettyVersionRange.OLDEST, 1051);
        present(n, facts, "util.Recycler$Stack", NettyVersionRange.OLDEST, 1070);
        present(n, facts, "util.Recycler$LocalPool", 1071, NettyVersionRange.OPEN);
        present(n, facts, "util.Recycler$GuardedLocalPool", V4_2_0, NettyVersionRange.OPEN);
        present(n, facts, "buffer.CompositeByteBuf$ComponentList", NettyVersionRange.OLDEST, 1031);
        present(n, facts, "buffer.AdaptivePoolingAllocator", 1110, NettyVersionRange.OPEN);
        present(n, facts, "buffer.AdaptivePoolingAllocator$MagazineGroup", 1123, NettyVersionRange.OPEN);
        present(n, facts, "buffer.AdaptivePoolingAllocator$ChunkRegistry", 1128, NettyVersionRange.OPEN);
        field(n, facts, "buffer.AdaptivePoolingAllocator$SizeClassedChunk", "externalFreeList", V4_2_0 + 10,
                NettyVersionRange.OPEN, NettyVersionRange.OLDEST, V4_2_0 + 9);
        present(n, facts, "buffer.AdaptivePoolingAllocator$BuddyChunk", V4_2_0 + 10, NettyVersionRange.OPEN);
        present(n, facts, "util.internal.RefCnt", V4_2_0 + 8, NettyVersionRange.OPEN);
        present(n, facts, "buffer.IntPriorityQueue", 1096, NettyVersionRange.OPEN);
        present(n, facts, "buffer.LongPriorityQueue", 1055, 1095);
        return new NettyVersionRange(n.low, n.high, n.evidence);
    }

    private static void field(Narrowing n, ShapeFacts facts, String cls, String field,
                              int lowIfPresent, int highIfPresent, int lowIfAbsent, int highIfAbsent) {
        Boolean has = facts.hasField(cls, field);
        if (has == null) {
            return;
        }
        String simple = NettyClassName.simpleName(cls);
        if (has) {
            n.narrow(lowIfPresent, highIfPresent, simple + "." + field + " present");
        } else {
            n.narrow(lowIfAbsent, highIfAbsent, simple + "." + field + " absent");
        }
    }

    private static void present(Narrowing n, ShapeFacts facts, String cls, int low, int high) {
        if (facts.hasClass(cls)) {
            n.narrow(low, high, NettyClassName.simpleName(cls) + " loaded");
        }
    }

    private static final class Narrowing {
        int low = NettyVersionRange.OLDEST;
        int high = NettyVersionRange.OPEN;
        final List<String> evidence = new ArrayList<>();

        void narrow(int lo, int hi, String why) {
            if (lo > low || hi < high) {
                evidence.add(why + " (" + NettyVersionRange.name(lo) + ".."
                        + (hi >= NettyVersionRange.OPEN ? "" : NettyVersionRange.name(hi)) + ")");
            }
            low = Math.max(low, lo);
            high = Math.min(high, hi);
        }
    }
}
