package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every buffer object of one Netty copy, decides its kind, state and off-heap weight, and
 * credits pooled bytes to their chunks. Not thread safe; cost: linear in buffer instances.
 */
final class BufferScanner {
    private static final Map<String, BufferKind> KINDS = Map.ofEntries(
            Map.entry("buffer.PooledByteBuf", BufferKind.POOLED),
            Map.entry("buffer.AdaptivePoolingAllocator$AdaptiveByteBuf", BufferKind.ADAPTIVE),
            Map.entry("buffer.UnpooledDirectByteBuf", BufferKind.UNPOOLED),
            Map.entry("buffer.UnpooledUnsafeDirectByteBuf", BufferKind.UNPOOLED),
            Map.entry("buffer.ReadOnlyByteBufferBuf", BufferKind.DERIVED),
            Map.entry("buffer.CompositeByteBuf", BufferKind.COMPOSITE),
            Map.entry("buffer.AbstractDerivedByteBuf", BufferKind.DERIVED),
            Map.entry("buffer.AbstractPooledDerivedByteBuf", BufferKind.DERIVED),
            Map.entry("buffer.WrappedByteBuf", BufferKind.LEAK_AWARE_WRAPPER),
            Map.entry("buffer.WrappedCompositeByteBuf", BufferKind.LEAK_AWARE_WRAPPER));

    private final InstanceScope scope;
    private final ObjectGraph g;
    private final RefCountEncoding encoding;
    private final PooledAllocatorReader pooled;
    private final Set<Long> chunkMemoryBuffers;
    final List<NettyBuffer> buffers = new ArrayList<>();
    long released;

    /**
     * @param chunkMemoryBuffers unpooled buffers that are adaptive chunks' memory, not user buffers
     */
    BufferScanner(InstanceScope scope, RefCountEncoding encoding, PooledAllocatorReader pooled,
                  Set<Long> chunkMemoryBuffers) {
        this.scope = scope;
        this.g = scope.graph;
        this.encoding = encoding;
        this.pooled = pooled;
        this.chunkMemoryBuffers = chunkMemoryBuffers;
    }

    void scan() {
        for (long cls : scope.subclassesOf("buffer.AbstractByteBuf")) {
            String ancestor = scope.nearestAncestor(cls, KINDS.keySet());
            if (ancestor == null) {
                continue; // EmptyByteBuf-like or unknown user buffer: holds nothing we can weigh
            }
            BufferKind kind = KINDS.get(ancestor);
            String className = g.className(cls);
            for (long buf : g.instancesOf(cls)) {
                NettyBuffer b = read(buf, className, kind);
                if (b == null) {
                    continue;
                }
                if (b.state() == BufferState.RELEASED) {
                    released++;
                } else {
                    buffers.add(b);
                }
            }
        }
    }

    private NettyBuffer read(long buf, String className, BufferKind kind) {
        Long raw = RefCountEncoding.readRaw(g, buf);
        int refCount = raw == null ? 0 : encoding.realCount(raw.intValue());
        boolean countedLive = raw == null || refCount > 0;
        boolean reachable = !g.hasUnreachableObjects() || g.isReachable(buf);
        switch (kind) {
            case POOLED: {
                long chunk = g.ref(buf, "chunk");
                Long handle = g.number(buf, "handle");
                if (chunk == 0 || handle == null || handle < 0 || !countedLive) {
                    return shell(buf, className, kind, refCount);
                }
                long maxLength = orZero(g.number(buf, "maxLength"));
                ChunkFacts facts = pooled.chunk(chunk, pooled.isDirectChunk(chunk));
                if (reachable) {
                    facts.liveBytes += maxLength;
                } else {
                    facts.unreachableLiveBytes += maxLength;
                }
                return new NettyBuffer(buf, className, kind, facts.direct, state(reachable), refCount,
                        orZero(g.number(buf, "length")), maxLength, facts.direct ? maxLength : 0, chunk, 0);
            }
            case ADAPTIVE: {
                long chunk = g.ref(buf, "chunk");
                if (chunk == 0 || !countedLive) {
                    return shell(buf, className, kind, refCount);
                }
                Long reserved = g.number(buf, "maxFastCapacity");
                long length = orZero(g.number(buf, "length"));
                long bytes = reserved == null || reserved < length ? length : reserved;
                long delegate = g.ref(chunk, "delegate");
                String delegateClass = delegate == 0 ? null : g.classNameOf(delegate);
                boolean direct = delegateClass == null || delegateClass.contains("Direct");
                return new NettyBuffer(buf, className, kind, direct, state(reachable), refCount, length, bytes,
                        direct ? bytes : 0, chunk, 0);
            }
            case UNPOOLED: {
                long nio = g.ref(buf, "buffer");
                if (nio == 0 || !countedLive) {
                    return shell(buf, className, kind, refCount);
                }
                long capacity = orZero(g.number(buf, "capacity"));
                boolean chunkMemory = chunkMemoryBuffers.contains(buf);
                return new NettyBuffer(buf, className, kind, true, state(reachable), refCount, capacity, capacity,
                        chunkMemory ? 0 : capacity, 0, 0);
            }
            case COMPOSITE:
                if (!countedLive) {
                    return shell(buf, className, kind, refCount);
                }
                return new NettyBuffer(buf, className, kind, true, state(reachable), refCount,
                        0, 0, 0, 0, firstComponent(buf));
            case DERIVED: {
                if (!countedLive) {
                    return shell(buf, className, kind, refCount);
                }
                long target = firstNonZero(g.ref(buf, "parent"), g.ref(buf, "buffer"), g.ref(buf, "rootParent"));
                if (target == 0) {
                    return shell(buf, className, kind, refCount);
                }
                return new NettyBuffer(buf, className, kind, true, state(reachable), refCount, 0, 0, 0, 0, target);
            }
            default: {
                long target = firstNonZero(g.ref(buf, "buf"), g.ref(buf, "wrapped"));
                if (target == 0) {
                    return shell(buf, className, kind, refCount);
                }
                return new NettyBuffer(buf, className, kind, true, state(reachable), refCount, 0, 0, 0, 0, target);
            }
        }
    }

    private long firstComponent(long composite) {
        long components = g.ref(composite, "components");
        if (components == 0) {
            return 0;
        }
        long[] array = g.arrayLength(components) >= 0 ? g.objectArray(components)
                : g.objectArray(g.ref(components, "elementData")); // <= 4.1.31 ComponentList (an ArrayList)
        for (long c : array) {
            if (c != 0) {
                long b = firstNonZero(g.ref(c, "srcBuf"), g.ref(c, "buf"));
                if (b != 0) {
                    return b;
                }
            }
        }
        return 0;
    }

    private BufferState state(boolean reachable) {
        return reachable ? BufferState.LIVE : BufferState.UNREACHABLE_LIVE;
    }

    private static NettyBuffer shell(long buf, String className, BufferKind kind, int refCount) {
        return new NettyBuffer(buf, className, kind, false, BufferState.RELEASED, refCount, 0, 0, 0, 0, 0);
    }

    private static long firstNonZero(long... ids) {
        for (long id : ids) {
            if (id != 0) {
                return id;
            }
        }
        return 0;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
