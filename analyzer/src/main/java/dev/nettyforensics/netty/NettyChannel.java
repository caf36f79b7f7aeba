package dev.nettyforensics.netty;

import java.util.List;

/**
 * One Netty channel as found in the heap. Immutable; thread safe.
 *
 * @param objectId            heap id of the channel
 * @param id                  the id as Netty prints it ({@code 0x} + 8 hex digits), or null when unreadable
 * @param className           the channel class, never null
 * @param remote              remote address as {@code host:port}, null when unknown
 * @param local               local address as {@code host:port}, null when unknown
 * @param open                the socket is open
 * @param active              open and connected
 * @param registered          registered with an event loop
 * @param closed              the channel's close future completed
 * @param pipeline            handlers from head to tail (head and tail contexts excluded), never null
 * @param outboundBufferId    heap id of its ChannelOutboundBuffer, 0 when none (closed channels drop it)
 * @param pendingOutboundBytes {@code totalPendingSize}, -1 when unknown
 * @param highWaterMark       the write-buffer high-water mark, -1 when unknown
 * @param unwritable          the outbound buffer marks the channel unwritable
 * @param cumulationBytes     Σ capacity of decoder cumulation buffers in its pipeline
 * @param parentId            heap id of the parent (server) channel, 0 when none
 */
public record NettyChannel(long objectId, String id, String className, String remote, String local, boolean open,
                           boolean active, boolean registered, boolean closed, List<Handler> pipeline,
                           long outboundBufferId, long pendingOutboundBytes, long highWaterMark, boolean unwritable,
                           long cumulationBytes, long parentId) {

    public NettyChannel {
        pipeline = List.copyOf(pipeline);
    }

    /** The state word used in reports: {@code active}, {@code open}, {@code registered} or {@code closed}. */
    public String stateLabel() {
        if (closed || !open) {
            return "closed";
        }
        return active ? "active" : (registered ? "registered" : "open");
    }

    /** True when pending outbound bytes exceed the high-water mark (backpressure not honoured). */
    public boolean overHighWaterMark() {
        return highWaterMark > 0 && pendingOutboundBytes > highWaterMark;
    }

    /**
     * One pipeline entry.
     *
     * @param name        the name given at {@code addLast}, null when unreadable
     * @param className   the handler's class
     * @param handlerId   heap id of the handler object
     * @param contextId   heap id of its ChannelHandlerContext
     */
    public record Handler(String name, String className, long handlerId, long contextId) {
    }
}
