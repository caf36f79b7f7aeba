package dev.nettyforensics.netty;

/**
 * Where the bytes of one pooled chunk went. Built from the chunk's own fields plus what the model
 * found pointing into it. Immutable; thread safe.
 *
 * <p>Arithmetic: {@code chunkSize - freeBytes} is what the chunk handed out in runs (pages holding
 * subpages count in full). Subtracting the unused elements of in-use subpages gives the bytes handed
 * to buffers or parked in thread caches. Netty 4.1.69+ also counts {@code pinnedBytes}: bytes handed
 * to buffers and not yet released, which includes buffers garbage-collected without
 * {@code release()}. So orphaned = pinned − reachable live when the counter exists, else
 * handed out − cached − reachable live.
 *
 * @param chunkId          heap object id of the PoolChunk
 * @param chunkSize        bytes of native (or heap) memory the chunk holds
 * @param freeBytes        the chunk's {@code freeBytes}
 * @param subpageFreeBytes bytes inside in-use subpage runs not handed to any element
 * @param pinnedBytes      the chunk's {@code pinnedBytes}, or -1 when this version has none
 * @param liveBytes        Σ maxLength of reachable live buffers on this chunk
 * @param unreachableLiveBytes Σ maxLength of live buffers on this chunk that GC roots no longer reach
 * @param cachedBytes      Σ of thread-cache entries pointing at this chunk
 * @param direct           true for a direct arena's chunk
 * @param unpooled         true for a huge allocation's private chunk
 */
public record ChunkAccount(long chunkId, long chunkSize, long freeBytes, long subpageFreeBytes, long pinnedBytes,
                           long liveBytes, long unreachableLiveBytes, long cachedBytes, boolean direct,
                           boolean unpooled) {

    /** Bytes handed to buffers or thread caches. */
    public long handedOutBytes() {
        if (unpooled) {
            return chunkSize;
        }
        return Math.max(0, chunkSize - freeBytes - subpageFreeBytes);
    }

    /** Bytes free inside the chunk, including unused subpage elements. */
    public long freeInChunkBytes() {
        return unpooled ? 0 : Math.min(chunkSize, Math.max(0, freeBytes) + subpageFreeBytes);
    }

    /**
     * Bytes allocated to buffers that no reachable live buffer accounts for: garbage-collected
     * without release, or unreachable-live in a non-live dump. Never negative.
     */
    public long orphanedBytes() {
        if (unpooled) {
            return liveBytes > 0 ? 0 : chunkSize;
        }
        if (pinnedBytes >= 0) {
            return Math.max(0, pinnedBytes - liveBytes);
        }
        return Math.max(0, handedOutBytes() - cachedBytes - liveBytes);
    }

    /** Bytes handed out that neither live buffers, caches nor the orphan estimate explain (in flight, or noise). */
    public long unexplainedBytes() {
        return handedOutBytes() - liveBytes - cachedBytes - orphanedBytes();
    }
}
