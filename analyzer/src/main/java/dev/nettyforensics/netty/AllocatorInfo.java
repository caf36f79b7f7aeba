package dev.nettyforensics.netty;

/**
 * One ByteBuf allocator instance found in the heap and its configuration. Immutable; thread safe.
 *
 * @param objectId       heap id of the allocator
 * @param className      its class
 * @param type           {@code pooled}, {@code adaptive} or {@code unpooled}
 * @param isDefault      it is {@code ByteBufUtil.DEFAULT_ALLOCATOR} / {@code ByteBufAllocator.DEFAULT}
 * @param chunkSize      pooled chunk size in bytes, -1 when not pooled or unknown
 * @param pageSize       pooled page size, -1 when unknown
 * @param directArenas   number of direct arenas, -1 when unknown
 * @param heapArenas     number of heap arenas, -1 when unknown
 * @param smallCacheSize per-thread small cache entries, -1 when unknown
 * @param normalCacheSize per-thread normal cache entries, -1 when unknown
 * @param usedDirectBytes what the allocator's own metric would report (pooled: Σ chunk sizes in the chunk
 *                       lists plus {@code activeBytesHuge}; adaptive: chunk registry total), -1 when unknown
 * @param noCleaner      unpooled allocator's {@code noCleaner} flag, null when not applicable
 */
public record AllocatorInfo(long objectId, String className, String type, boolean isDefault, long chunkSize,
                            long pageSize, int directArenas, int heapArenas, int smallCacheSize,
                            int normalCacheSize, long usedDirectBytes, Boolean noCleaner) {
}
