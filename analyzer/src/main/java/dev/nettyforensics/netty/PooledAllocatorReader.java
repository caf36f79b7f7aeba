package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code PooledByteBufAllocator}s of one Netty copy: configuration, arenas, the six chunk lists
 * of every arena, each chunk's own counters and its in-use subpages, and the thread-cache entries
 * parked on each chunk. Not thread safe; cost: linear in arenas + chunks + subpages + cache entries.
 */
final class PooledAllocatorReader {
    private static final String[] CHUNK_LISTS = {"qInit", "q000", "q025", "q050", "q075", "q100"};

    private final InstanceScope scope;
    private final ObjectGraph g;
    private final List<ModelDiagnostic> diagnostics;
    /** Chunks by heap id, in discovery order. */
    final Map<Long, ChunkFacts> chunks = new LinkedHashMap<>();
    final List<AllocatorInfo> allocators = new ArrayList<>();
    /** Σ activeBytesHuge over direct arenas (bytes Netty believes huge buffers hold). */
    long activeBytesHugeDirect;

    PooledAllocatorReader(InstanceScope scope, List<ModelDiagnostic> diagnostics) {
        this.scope = scope;
        this.g = scope.graph;
        this.diagnostics = diagnostics;
    }

    void read(long defaultAllocatorId) {
        for (long cls : scope.subclassesOf("buffer.PooledByteBufAllocator")) {
            for (long alloc : g.instancesOf(cls)) {
                if (g.hasUnreachableObjects() && !g.isReachable(alloc)) {
                    continue;
                }
                readAllocator(alloc, alloc == defaultAllocatorId);
            }
        }
    }

    private void readAllocator(long alloc, boolean isDefault) {
        long direct = g.ref(alloc, "directArenas");
        long heap = g.ref(alloc, "heapArenas");
        long[] directArenas = direct == 0 ? new long[0] : g.objectArray(direct);
        long[] heapArenas = heap == 0 ? new long[0] : g.objectArray(heap);
        long used = 0;
        long pageSize = -1;
        for (long arena : directArenas) {
            if (arena == 0) {
                continue;
            }
            used += readArena(arena, true);
            if (pageSize < 0) {
                pageSize = arenaGeometry(arena, "pageSize");
            }
        }
        for (long arena : heapArenas) {
            if (arena != 0) {
                readArena(arena, false);
            }
        }
        Long chunkSize = g.number(alloc, "chunkSize");
        allocators.add(new AllocatorInfo(alloc, g.classNameOf(alloc), "pooled", isDefault,
                chunkSize == null ? -1 : chunkSize, pageSize, directArenas.length, heapArenas.length,
                intOr(g.number(alloc, "smallCacheSize")), intOr(g.number(alloc, "normalCacheSize")), used, null));
    }

    /** Reads one arena; returns what its metric would call used bytes (chunk sizes + active huge). */
    private long readArena(long arena, boolean direct) {
        long used = 0;
        for (String list : CHUNK_LISTS) {
            long chunkList = g.ref(arena, list);
            long chunk = chunkList == 0 ? 0 : g.ref(chunkList, "head");
            int guard = 0;
            while (chunk != 0 && guard++ < 1_000_000) {
                ChunkFacts facts = chunk(chunk, direct);
                facts.inChunkList = true;
                used += facts.chunkSize;
                chunk = g.ref(chunk, "next");
            }
        }
        Long huge = Counters.readNumberOrCounter(g, arena, "activeBytesHuge");
        if (huge != null) {
            used += huge;
            if (direct) {
                activeBytesHugeDirect += huge;
            }
        }
        return used;
    }

    /** The facts of a chunk, read on first sight. */
    ChunkFacts chunk(long chunk, boolean direct) {
        ChunkFacts known = chunks.get(chunk);
        if (known != null) {
            return known;
        }
        ChunkFacts f = new ChunkFacts(chunk);
        f.direct = direct;
        f.chunkSize = orZero(g.number(chunk, "chunkSize"));
        f.freeBytes = orZero(g.number(chunk, "freeBytes"));
        Long unpooled = g.number(chunk, "unpooled");
        f.unpooled = unpooled != null && unpooled != 0;
        if (g.hasInstanceField(g.classOf(chunk), "pinnedBytes")) {
            Long pinned = Counters.readNumberOrCounter(g, chunk, "pinnedBytes");
            f.pinnedBytes = pinned == null ? -1 : pinned; // 4.2 with trackPinnedMemory=false: null counter
        }
        Long maxOrder = g.number(chunk, "maxOrder");
        if (maxOrder != null) {
            f.maxOrder = maxOrder.intValue();
        }
        if (!f.unpooled) {
            f.subpageFreeBytes = subpageFreeBytes(chunk, f);
        }
        chunks.put(chunk, f);
        return f;
    }

    /** Bytes of in-use subpage runs that no element occupies (they count as used in {@code freeBytes}). */
    private long subpageFreeBytes(long chunk, ChunkFacts f) {
        long subpages = g.ref(chunk, "subpages");
        if (subpages == 0) {
            return 0;
        }
        long free = 0;
        for (long sp : g.objectArray(subpages)) {
            if (sp == 0) {
                continue;
            }
            Long doNotDestroy = g.number(sp, "doNotDestroy");
            if (doNotDestroy == null || doNotDestroy == 0) {
                continue; // a freed subpage object kept for reuse (buddy tree) holds no run
            }
            long runSize = orZero(g.number(sp, "runSize"));
            if (runSize == 0) {
                runSize = orZero(g.number(sp, "pageSize"));
            }
            long elemSize = orZero(g.number(sp, "elemSize"));
            long maxNumElems = orZero(g.number(sp, "maxNumElems"));
            long numAvail = orZero(g.number(sp, "numAvail"));
            long used = Math.max(0, maxNumElems - numAvail) * elemSize;
            free += Math.max(0, runSize - used);
        }
        return free;
    }

    /**
     * Adds every thread-cache entry still holding memory to its chunk's {@code cachedBytes}.
     * An entry whose {@code chunk} is null was recycled and holds nothing.
     */
    void readThreadCaches() {
        long entryClass = scope.classId("buffer.PoolThreadCache$MemoryRegionCache$Entry");
        if (entryClass == 0) {
            return;
        }
        long unknownSize = 0;
        for (long entry : g.instancesOf(entryClass)) {
            long chunk = g.ref(entry, "chunk");
            Long handle = g.number(entry, "handle");
            if (chunk == 0 || handle == null || handle < 0) {
                continue;
            }
            if (g.hasUnreachableObjects() && !g.isReachable(entry)) {
                continue;
            }
            ChunkFacts f = chunks.get(chunk);
            if (f == null) {
                f = chunk(chunk, isDirectChunk(chunk));
            }
            long bytes = entryBytes(entry, handle, chunk, f);
            if (bytes < 0) {
                unknownSize++;
                continue;
            }
            f.cachedBytes += bytes;
        }
        if (unknownSize > 0) {
            diagnostics.add(ModelDiagnostic.warning(unknownSize + " thread-cache entries of " + scope.prefix
                    + " had no readable size; their bytes count as orphaned"));
        }
    }

    private long entryBytes(long entry, long handle, long chunk, ChunkFacts f) {
        Long norm = g.number(entry, "normCapacity");
        if (norm != null) {
            return norm;
        }
        // Buddy tree (<= 4.1.51): size from the handle and the chunk.
        int node = PoolHandle.buddyNodeId(handle);
        if (node <= 0) {
            return -1;
        }
        if (PoolHandle.buddyIsSubpage(handle)) {
            long subpages = g.ref(chunk, "subpages");
            if (subpages == 0 || f.maxOrder < 0) {
                return -1;
            }
            long[] sps = g.objectArray(subpages);
            int idx = node ^ (1 << f.maxOrder);
            if (idx < 0 || idx >= sps.length || sps[idx] == 0) {
                return -1;
            }
            Long elem = g.number(sps[idx], "elemSize");
            return elem == null ? -1 : elem;
        }
        int depth = 31 - Integer.numberOfLeadingZeros(node);
        return f.chunkSize >> depth;
    }

    boolean isDirectChunk(long chunk) {
        long arena = g.ref(chunk, "arena");
        String name = arena == 0 ? null : g.classNameOf(arena);
        return name == null || !name.endsWith("$HeapArena");
    }

    private long arenaGeometry(long arena, String field) {
        Long v = g.number(arena, field);
        if (v == null) {
            long sizeClass = g.ref(arena, "sizeClass");
            v = sizeClass == 0 ? null : g.number(sizeClass, field);
        }
        return v == null ? -1 : v;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static int intOr(Long v) {
        return v == null ? -1 : v.intValue();
    }
}
