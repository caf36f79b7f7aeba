package dev.nettyforensics.netty;

import java.util.List;

/**
 * One copy of Netty in the heap (DESIGN §4): a class-name prefix plus a class loader, with its own
 * statics, allocators and counter. Immutable; thread safe.
 *
 * @param prefix          relocation prefix, e.g. {@code io.netty.}
 * @param classLoaderId   heap id of the loader of its classes, 0 for the boot/unknown loader
 * @param version         versions consistent with the shapes seen
 * @param allocators      allocators found, the default first
 * @param counterBytes    {@code PlatformDependent.DIRECT_MEMORY_COUNTER}, null when the counter is null
 * @param limitBytes      {@code DIRECT_MEMORY_LIMIT}, null when unreadable
 * @param counterNote     why the counter is null (or how it was read), never null
 * @param noCleaner       {@code USE_DIRECT_BUFFER_NO_CLEANER}, null when unreadable
 * @param leakDetectionLevel {@code ResourceLeakDetector.level} name, null when unreadable
 * @param chunks          every pooled chunk found (chunk lists, huge chunks reachable from buffers)
 * @param ledger          where the direct memory went
 * @param releasedBuffers buffer shells with refCnt 0 (in Recyclers); they hold nothing
 * @param leakRecords     DefaultResourceLeak objects still tracked
 */
public record NettyInstance(String prefix, long classLoaderId, NettyVersionRange version,
                            List<AllocatorInfo> allocators, Long counterBytes, Long limitBytes, String counterNote,
                            Boolean noCleaner, String leakDetectionLevel, List<ChunkAccount> chunks, Ledger ledger,
                            long releasedBuffers, List<LeakRecordHint> leakRecords) {

    public NettyInstance {
        allocators = List.copyOf(allocators);
        chunks = List.copyOf(chunks);
        leakRecords = List.copyOf(leakRecords);
    }

    /** The default allocator's type ({@code pooled}, {@code adaptive}, {@code unpooled}), or {@code unknown}. */
    public String allocatorType() {
        return allocators.isEmpty() ? "unknown" : allocators.get(0).type();
    }

    /**
     * Netty's counter minus the bytes the ledger attributes to this copy ({@link Ledger#nettyTotalBytes()}), or
     * null without a counter. Positive: the counter holds memory no chunk or buffer in the heap explains (no-cleaner
     * buffers collected without release, gone with no trace but the counter); negative: the ledger found more than
     * the counter (memory outside the counter, e.g. cleaner-backed chunks). The text report words it the same way:
     * "Netty's parts sum to X: N less than the counter" for a positive gap.
     */
    public Long counterGapBytes() {
        return counterBytes == null ? null : counterBytes - ledger.nettyTotalBytes();
    }
}
