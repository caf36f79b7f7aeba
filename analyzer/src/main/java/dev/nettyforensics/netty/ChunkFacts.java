package dev.nettyforensics.netty;

/**
 * What a pooled chunk says about itself, before buffers and caches are matched to it. Mutable
 * while the model is built, then turned into a {@link ChunkAccount}. Not thread safe.
 */
final class ChunkFacts {
    final long chunkId;
    long chunkSize;
    long freeBytes;
    long subpageFreeBytes;
    long pinnedBytes = -1;
    boolean direct;
    boolean unpooled;
    boolean inChunkList;
    long liveBytes;
    long unreachableLiveBytes;
    long cachedBytes;
    /** Buddy-tree geometry (E band), for decoding thread-cache handles; -1 when not a buddy tree. */
    int maxOrder = -1;

    ChunkFacts(long chunkId) {
        this.chunkId = chunkId;
    }

    ChunkAccount toAccount() {
        return new ChunkAccount(chunkId, chunkSize, freeBytes, subpageFreeBytes, pinnedBytes, liveBytes,
                unreachableLiveBytes, cachedBytes, direct, unpooled);
    }
}
