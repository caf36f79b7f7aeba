package dev.nettyforensics.netty;

/**
 * Where one Netty copy's direct memory went, in bytes (DESIGN §4 "Ledger"). The first five
 * buckets partition what the copy allocated; {@code otherDirectBytes} is direct memory the JVM holds
 * outside this copy. Immutable; thread safe.
 *
 * @param liveBytes         held by reachable live buffers (pooled maxLength, unpooled capacity)
 * @param threadCacheBytes  parked in thread caches or reusable adaptive chunks' idle parts
 * @param orphanedBytes     allocated but backed by no reachable live buffer nor cache entry
 * @param freeInChunksBytes free inside pooled chunks
 * @param hugeBytes         huge pooled allocations and unpooled direct buffers that are still reachable
 * @param otherDirectBytes  other cleaner-backed root DirectByteBuffers (JDK-allocated, so in java.nio.Bits;
 *                          not chunk memory, not Netty buffers)
 */
public record Ledger(long liveBytes, long threadCacheBytes, long orphanedBytes, long freeInChunksBytes,
                     long hugeBytes, long otherDirectBytes) {

    /** An empty ledger. */
    public static final Ledger EMPTY = new Ledger(0, 0, 0, 0, 0, 0);

    /** What this Netty copy holds natively: every bucket except {@code otherDirectBytes}. */
    public long nettyTotalBytes() {
        return liveBytes + threadCacheBytes + orphanedBytes + freeInChunksBytes + hugeBytes;
    }

    /** Bucket-wise sum. */
    public Ledger plus(Ledger o) {
        return new Ledger(liveBytes + o.liveBytes, threadCacheBytes + o.threadCacheBytes,
                orphanedBytes + o.orphanedBytes, freeInChunksBytes + o.freeInChunksBytes,
                hugeBytes + o.hugeBytes, otherDirectBytes + o.otherDirectBytes);
    }
}
