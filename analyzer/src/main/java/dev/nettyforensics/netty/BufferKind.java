package dev.nettyforensics.netty;

/** What a Netty buffer object is, which decides its off-heap weight. */
public enum BufferKind {
    /** {@code PooledByteBuf} subclass: weighs its {@code maxLength} in its chunk (direct arenas only). */
    POOLED,
    /** {@code AdaptivePoolingAllocator$AdaptiveByteBuf}: weighs its reserved bytes in an adaptive chunk. */
    ADAPTIVE,
    /** {@code UnpooledDirectByteBuf} family (cleaner or no-cleaner): weighs its capacity. */
    UNPOOLED,
    /** {@code CompositeByteBuf}: weighs 0, its components weigh. */
    COMPOSITE,
    /** Slices, duplicates and read-only views: weigh 0, point at their parent. */
    DERIVED,
    /** Leak-aware wrappers ({@code SimpleLeakAwareByteBuf} etc.): weigh 0, point at what they wrap. */
    LEAK_AWARE_WRAPPER
}
