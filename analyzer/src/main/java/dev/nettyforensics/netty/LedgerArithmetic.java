package dev.nettyforensics.netty;

import java.util.List;

/**
 * Sums chunk accounts and unpooled buffers into one copy's {@link Ledger}. Direct memory only.
 * Stateless; thread safe; linear in chunks + buffers.
 */
final class LedgerArithmetic {
    private LedgerArithmetic() {
    }

    /**
     * @param activeBytesHuge Σ {@code activeBytesHuge} of the direct arenas (what Netty thinks huge buffers hold)
     * @param lostAdaptiveBytes adaptive registry bytes with no chunk left in the heap
     * @param noCleaner       memory is freed only by release (lost huge memory stays lost)
     * @param nativeBytes     direct memory Netty holds for itself outside buffers (counted as unpooled)
     */
    static Ledger ledger(List<ChunkAccount> chunks, List<NettyBuffer> buffers, long activeBytesHuge,
                         long lostAdaptiveBytes, boolean noCleaner, long nativeBytes) {
        long live = 0;
        long cached = 0;
        long orphaned = lostAdaptiveBytes;
        long free = 0;
        long huge = nativeBytes;
        long foundHuge = 0;
        for (ChunkAccount c : chunks) {
            if (!c.direct()) {
                continue;
            }
            if (c.unpooled()) {
                foundHuge += c.chunkSize();
                if (c.liveBytes() > 0) {
                    huge += c.chunkSize();
                } else {
                    orphaned += c.chunkSize();
                }
                continue;
            }
            live += c.liveBytes();
            cached += c.cachedBytes();
            orphaned += c.orphanedBytes();
            free += c.freeInChunkBytes();
        }
        if (noCleaner && activeBytesHuge > foundHuge) {
            orphaned += activeBytesHuge - foundHuge; // huge buffers collected without release: memory lost
        }
        for (NettyBuffer b : buffers) {
            if (b.kind() != BufferKind.UNPOOLED || b.offHeapBytes() == 0) {
                continue;
            }
            if (b.state() == BufferState.LIVE) {
                huge += b.offHeapBytes();
            } else if (b.state() == BufferState.UNREACHABLE_LIVE) {
                orphaned += b.offHeapBytes();
            }
        }
        return new Ledger(live, cached, orphaned, free, huge, 0);
    }
}
