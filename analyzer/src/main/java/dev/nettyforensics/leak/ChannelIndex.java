package dev.nettyforensics.leak;

import dev.nettyforensics.netty.NettyChannel;
import dev.nettyforensics.netty.ObjectGraph;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which channel an object belongs to: the channel itself, its pipeline, contexts, handlers (when a
 * handler sits in one pipeline only), unsafe and outbound buffer. Not thread safe; built once.
 */
final class ChannelIndex {
    private final Map<Long, NettyChannel> byObject = new HashMap<>();
    final Set<Long> handlers = new HashSet<>();
    final Set<Long> channelObjects = new HashSet<>();

    ChannelIndex(ObjectGraph g, List<NettyChannel> channels) {
        Map<Long, Integer> handlerUse = new HashMap<>();
        for (NettyChannel c : channels) {
            for (NettyChannel.Handler h : c.pipeline()) {
                handlerUse.merge(h.handlerId(), 1, Integer::sum);
            }
        }
        for (NettyChannel c : channels) {
            channelObjects.add(c.objectId());
            byObject.put(c.objectId(), c);
            put(g.ref(c.objectId(), "pipeline"), c);
            put(g.ref(c.objectId(), "unsafe"), c);
            put(c.outboundBufferId(), c);
            for (NettyChannel.Handler h : c.pipeline()) {
                handlers.add(h.handlerId());
                put(h.contextId(), c);
                if (handlerUse.getOrDefault(h.handlerId(), 0) == 1) {
                    put(h.handlerId(), c);
                }
            }
        }
    }

    private void put(long id, NettyChannel c) {
        if (id != 0) {
            byObject.putIfAbsent(id, c);
        }
    }

    /** The channel owning this object, or null. */
    NettyChannel channelOf(long objectId) {
        return byObject.get(objectId);
    }
}
