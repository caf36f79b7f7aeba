package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads every channel of one Netty copy: id, addresses, state, pipeline, outbound backlog against
 * the high-water mark, decoder cumulation. Works for NIO, Epoll and any {@code AbstractChannel}
 * (state falls back to the close future when transport fields are unknown).
 * Not thread safe; cost: linear in channels × pipeline length.
 */
final class ChannelReader {
    private static final int MAX_PIPELINE = 1000;
    private final InstanceScope scope;
    private final ObjectGraph g;
    final List<NettyChannel> channels = new ArrayList<>();

    ChannelReader(InstanceScope scope) {
        this.scope = scope;
        this.g = scope.graph;
    }

    void read() {
        for (long cls : scope.subclassesOf("channel.AbstractChannel")) {
            String className = g.className(cls);
            for (long ch : g.instancesOf(cls)) {
                if (g.hasUnreachableObjects() && !g.isReachable(ch)) {
                    continue; // a dead channel object; its buffers show up as unreachable instead
                }
                channels.add(readChannel(ch, className));
            }
        }
        channels.sort(java.util.Comparator.comparingLong(NettyChannel::objectId));
    }

    private NettyChannel readChannel(long ch, String className) {
        long closeFuture = g.ref(ch, "closeFuture");
        boolean closed = closeFuture != 0 && g.ref(closeFuture, "result") != 0;
        long javaChannel = g.ref(ch, "ch");
        boolean open;
        boolean active;
        String remote = SocketAddresses.format(g, g.ref(ch, "remoteAddress"));
        String local = SocketAddresses.format(g, g.ref(ch, "localAddress"));
        if (javaChannel != 0) {
            Long closedFlag = g.number(javaChannel, "closed");
            Long openFlag = g.number(javaChannel, "open");
            open = closedFlag != null ? closedFlag == 0 : openFlag == null ? !closed : openFlag != 0;
            Long state = g.number(javaChannel, "state");
            active = open && (state == null ? !closed : state == 2 || className.contains("Server"));
            remote = remote != null ? remote : SocketAddresses.format(g, g.ref(javaChannel, "remoteAddress"));
            local = local != null ? local : SocketAddresses.format(g, g.ref(javaChannel, "localAddress"));
        } else if (g.ref(ch, "socket") != 0) {
            Long fdState = g.number(g.ref(ch, "socket"), "state");
            open = fdState == null ? !closed : (fdState & 1) == 0;
            Long activeFlag = g.number(ch, "active");
            active = open && (activeFlag == null ? !closed : activeFlag != 0);
            remote = remote != null ? remote : SocketAddresses.format(g, g.ref(ch, "remote"));
            local = local != null ? local : SocketAddresses.format(g, g.ref(ch, "local"));
        } else {
            open = !closed;
            active = !closed;
        }
        Long registered = g.number(ch, "registered");
        long outbound = g.ref(g.ref(ch, "unsafe"), "outboundBuffer");
        Long pending = outbound == 0 ? null : g.number(outbound, "totalPendingSize");
        Long unwritable = outbound == 0 ? null : g.number(outbound, "unwritable");
        List<NettyChannel.Handler> pipeline = new ArrayList<>();
        long cumulation = readPipeline(g.ref(ch, "pipeline"), pipeline);
        return new NettyChannel(ch, channelId(g.ref(ch, "id")), className, remote, local, open && !closed,
                active && !closed, registered != null && registered != 0, closed, pipeline, outbound,
                pending == null ? -1 : pending, highWaterMark(g.ref(ch, "config")),
                unwritable != null && unwritable != 0, cumulation, g.ref(ch, "parent"));
    }

    private long readPipeline(long pipeline, List<NettyChannel.Handler> out) {
        long head = pipeline == 0 ? 0 : g.ref(pipeline, "head");
        long tail = pipeline == 0 ? 0 : g.ref(pipeline, "tail");
        long cumulation = 0;
        long ctx = head == 0 ? 0 : g.ref(head, "next");
        int guard = 0;
        while (ctx != 0 && ctx != tail && guard++ < MAX_PIPELINE) {
            long handler = g.ref(ctx, "handler");
            if (handler != 0) {
                out.add(new NettyChannel.Handler(g.string(g.ref(ctx, "name")), g.classNameOf(handler), handler, ctx));
                long cum = g.ref(handler, "cumulation");
                if (cum != 0) {
                    Long w = g.number(cum, "writerIndex");
                    Long r = g.number(cum, "readerIndex");
                    cumulation += w == null || r == null ? 0 : Math.max(0, w - r);
                }
            }
            ctx = g.ref(ctx, "next");
        }
        return cumulation;
    }

    private long highWaterMark(long config) {
        if (config == 0) {
            return -1;
        }
        long mark = g.ref(config, "writeBufferWaterMark");
        Long high = mark == 0 ? g.number(config, "writeBufferHighWaterMark") : g.number(mark, "high");
        return high == null ? -1 : high;
    }

    /**
     * As {@code DefaultChannelId.asShortText()}, with {@code 0x}: the last 4 bytes of {@code data}
     * in hex, or, where the id keeps its parts in fields instead of one array (newer 4.2, e.g.
     * 4.2.20), its {@code random} int in 8 hex digits, which are the same 4 bytes.
     */
    private String channelId(long id) {
        if (id == 0) {
            return null;
        }
        long dataArray = g.ref(id, "data");
        Long random = dataArray == 0 ? g.number(id, "random") : null;
        if (random != null) {
            return "0x" + String.format("%08x", random.intValue());
        }
        byte[] data = g.byteArray(dataArray);
        if (data == null || data.length < 4) {
            return null;
        }
        return "0x" + HexFormat.of().formatHex(data, data.length - 4, data.length);
    }
}
