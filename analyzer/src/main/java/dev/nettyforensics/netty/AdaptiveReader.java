package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the adaptive allocator (4.1.110+ opt-in, the 4.2 default): its chunks and what pins them.
 *
 * <p>A chunk's real refCnt is one per outstanding buffer plus one while a magazine owns it
 * ({@code Chunk.deallocate}/{@code resetRefCnt} at 4.2.7). References beyond the reachable buffers
 * are leaked buffers; since a bump-allocated chunk is reused only when its count drops back, one
 * leaked small buffer pins the whole chunk. Not thread safe; cost: linear in chunks + buffers.
 */
final class AdaptiveReader {
    private final InstanceScope scope;
    private final ObjectGraph g;
    private final RefCountEncoding encoding;
    private final List<ModelDiagnostic> diagnostics;
    /** Live adaptive chunks by id. */
    final Map<Long, ChunkFacts> chunks = new LinkedHashMap<>();
    /** Memory buffers of adaptive chunks; they are chunk memory, not user buffers. */
    final Set<Long> delegates = new HashSet<>();
    final List<AllocatorInfo> allocators = new ArrayList<>();
    private final Map<Long, Integer> realRefs = new HashMap<>();
    private final Set<Long> ownedByMagazine = new HashSet<>();
    private Set<Long> heldByPool = Set.of();
    private long registryTotal = -1;

    AdaptiveReader(InstanceScope scope, RefCountEncoding encoding, List<ModelDiagnostic> diagnostics) {
        this.scope = scope;
        this.g = scope.graph;
        this.encoding = encoding;
        this.diagnostics = diagnostics;
    }

    void readChunks(long defaultAllocatorId) {
        for (long cls : scope.subclassesOf("buffer.AdaptivePoolingAllocator$Chunk")) {
            for (long chunk : g.instancesOf(cls)) {
                long delegate = g.ref(chunk, "delegate");
                if (delegate == 0) {
                    continue; // MAGAZINE_FREED sentinel
                }
                Long raw = RefCountEncoding.readRaw(g, chunk);
                int refs = raw == null ? 1 : encoding.realCount(raw.intValue());
                if (refs == 0 || g.ref(delegate, "buffer") == 0) {
                    continue; // deallocated: its memory went back
                }
                delegates.add(delegate);
                ChunkFacts f = new ChunkFacts(chunk);
                f.chunkSize = orZero(g.number(chunk, "capacity"));
                String delegateClass = g.classNameOf(delegate);
                f.direct = delegateClass == null || delegateClass.contains("Direct");
                chunks.put(chunk, f);
                realRefs.put(chunk, refs);
            }
        }
        for (long cls : scope.subclassesOf("buffer.AdaptivePoolingAllocator$Magazine")) {
            for (long mag : g.instancesOf(cls)) {
                addOwned(g.ref(mag, "current"));
                addOwned(g.ref(mag, "nextInLine"));
            }
        }
        heldByPool = AdaptivePoolHold.chunksHeldByThePool(scope, diagnostics);
        for (long cls : scope.subclassesOf("buffer.AdaptiveByteBufAllocator")) {
            for (long alloc : g.instancesOf(cls)) {
                if (g.hasUnreachableObjects() && !g.isReachable(alloc)) {
                    continue;
                }
                long direct = g.ref(alloc, "direct");
                long used = direct == 0 ? -1 : registryTotal(direct);
                if (used >= 0) {
                    registryTotal = Math.max(registryTotal, 0) + used;
                }
                allocators.add(new AllocatorInfo(alloc, g.classNameOf(alloc), "adaptive", alloc == defaultAllocatorId,
                        -1, -1, -1, -1, -1, -1, used, null));
            }
        }
    }

    private void addOwned(long chunk) {
        if (chunk != 0) {
            ownedByMagazine.add(chunk);
        }
    }

    /** {@code ChunkRegistry.totalCapacity} (4.1.128, 4.2.5+) or Σ capacity of the registry set; -1 when neither. */
    private long registryTotal(long pooling) {
        long registry = g.ref(pooling, "chunkRegistry");
        if (registry == 0) {
            return -1;
        }
        Long total = Counters.read(g, g.ref(registry, "totalCapacity"));
        return total == null ? -1 : total;
    }

    /** Credits adaptive buffers to their chunks, then splits each chunk into live, orphaned and free. */
    void account(List<NettyBuffer> buffers) {
        Map<Long, Integer> reachableCount = new HashMap<>();
        for (NettyBuffer b : buffers) {
            if (b.kind() != BufferKind.ADAPTIVE) {
                continue;
            }
            ChunkFacts f = chunks.get(b.chunkId());
            if (f == null) {
                continue;
            }
            if (b.state() == BufferState.LIVE) {
                f.liveBytes += b.reservedBytes();
                reachableCount.merge(b.chunkId(), 1, Integer::sum);
            } else {
                f.unreachableLiveBytes += b.reservedBytes();
            }
        }
        for (ChunkFacts f : chunks.values()) {
            int refs = realRefs.getOrDefault(f.chunkId, 1);
            int reachable = reachableCount.getOrDefault(f.chunkId, 0);
            long allocated = orZero(g.number(f.chunkId, "allocatedBytes"));
            boolean owned = ownedByMagazine.contains(f.chunkId) || g.ref(f.chunkId, "magazine") != 0
                    || heldByPool.contains(f.chunkId);
            boolean idleInQueue = !owned && reachable == 0 && refs == 1 && allocated == 0;
            int leakedRefs = refs - reachable - (owned || idleInQueue ? 1 : 0);
            long segment = orZero(g.number(f.chunkId, "segmentSize"));
            long usedSegments = segment > 0 ? usedSegments(f, segment) : -1;
            long orphaned = 0;
            if (usedSegments >= 0) {
                // Size-classed chunk: segments out of its free list minus reachable buffers are leaked, exactly.
                orphaned = Math.max(0, usedSegments - reachable) * segment;
            } else if (leakedRefs > 0) {
                if (!owned) {
                    // Retired from its magazine: nothing can reuse it until the leaked buffers are released.
                    orphaned = Math.max(0, f.chunkSize - f.liveBytes);
                } else {
                    long each = Math.max(1, allocated / Math.max(1, reachable + leakedRefs));
                    orphaned = Math.min(Math.max(0, f.chunkSize - f.liveBytes), each * leakedRefs);
                }
            }
            // Express the chunk in ChunkAccount terms: pinned = live + orphaned, the rest is free.
            f.pinnedBytes = f.liveBytes + orphaned;
            f.freeBytes = Math.max(0, f.chunkSize - f.pinnedBytes);
            f.inChunkList = true;
        }
    }

    /**
     * Segments handed out of a size-classed chunk; -1 when its free lists are unreadable. Free
     * segments sit in one MPSC queue ({@code freeList}, 4.2.3 to 4.2.9) or, from 4.2.10, in the
     * owner thread's stack ({@code localFreeList}, may be null) plus a queue for releases from other
     * threads ({@code externalFreeList}).
     */
    private long usedSegments(ChunkFacts f, long segment) {
        long queue = g.ref(f.chunkId, "freeList");
        if (queue == 0) {
            queue = g.ref(f.chunkId, "externalFreeList");
        }
        Long produced = queue == 0 ? null : g.number(queue, "producerIndex");
        Long consumed = queue == 0 ? null : g.number(queue, "consumerIndex");
        if (produced == null || consumed == null) {
            return -1;
        }
        long free = produced - consumed;
        long stack = g.ref(f.chunkId, "localFreeList");
        if (stack != 0) {
            Long top = g.number(stack, "top");
            if (top == null) {
                return -1;
            }
            free += top + 1;
        }
        Long declared = g.number(f.chunkId, "segments");
        long segments = declared != null ? declared : f.chunkSize / segment;
        return free < 0 || free > segments ? -1 : segments - free;
    }

    /**
     * True when this copy runs the adaptive allocator without a chunk registry (before 4.2.5 and
     * 4.1.128): chunks collected together with their leaked buffers then leave no trace but Netty's counter.
     */
    boolean adaptiveWithoutRegistry() {
        return !allocators.isEmpty() && registryTotal < 0;
    }

    /** Bytes the registry counts that no chunk in the heap accounts for (chunks lost with their buffers). */
    long lostChunkBytes() {
        if (registryTotal < 0) {
            return 0;
        }
        long found = 0;
        for (ChunkFacts f : chunks.values()) {
            if (f.direct) { // unreachable chunks too: their own account calls them orphaned
                found += f.chunkSize;
            }
        }
        long lost = registryTotal - found;
        if (lost < 0) {
            diagnostics.add(ModelDiagnostic.info("adaptive chunk registry of " + scope.prefix + " counts "
                    + (-lost) + " bytes fewer than the chunks found (heap chunks included)"));
        }
        return Math.max(0, lost);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
