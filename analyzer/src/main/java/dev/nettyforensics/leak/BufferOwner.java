package dev.nettyforensics.leak;

import dev.nettyforensics.netty.NettyChannel;

/**
 * The owner of one buffer, found on its dominator chain.
 *
 * @param ownerId    heap id of the owner object (class mirror for statics), 0 when none
 * @param ownerClass fully qualified class of the owner (the class itself for statics), null when none
 * @param kind       what the owner is
 * @param field      the owner's field that leads to the buffer (static field name for statics), or null
 * @param path       the collapsed path from owner to buffer, e.g. {@code pending -> ArrayDeque -> PooledUnsafeDirectByteBuf}
 * @param channel    the channel whose structures retain the buffer, or null
 */
record BufferOwner(long ownerId, String ownerClass, OwnerKind kind, String field, String path, NettyChannel channel) {
}
