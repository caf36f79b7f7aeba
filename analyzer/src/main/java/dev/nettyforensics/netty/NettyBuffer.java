package dev.nettyforensics.netty;

/**
 * One Netty buffer object that holds memory or points at one that does. Released shells are only
 * counted ({@link NettyInstance#releasedBuffers()}), not listed. Immutable; thread safe.
 *
 * @param objectId     heap id of the buffer
 * @param className    its JVM class name, never null
 * @param kind         what it is
 * @param direct       true when its memory is native (direct); heap-array buffers weigh 0 off-heap
 * @param state        live, released or unreachable-live
 * @param refCount     the decoded real reference count (derived buffers without their own count: 0)
 * @param capacity     the capacity the user sees ({@code length} / {@code capacity})
 * @param reservedBytes bytes it reserves where it lives (pooled {@code maxLength}, unpooled capacity)
 * @param offHeapBytes the native bytes it alone accounts for (DESIGN §4 "Off-heap weight")
 * @param chunkId      heap id of its PoolChunk or adaptive chunk, 0 when none
 * @param targetId     for views, composites' first component and wrappers: the buffer pointed at, else 0
 */
public record NettyBuffer(long objectId, String className, BufferKind kind, boolean direct, BufferState state,
                          int refCount, long capacity, long reservedBytes, long offHeapBytes, long chunkId,
                          long targetId) {
}
