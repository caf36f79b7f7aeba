package dev.nettyforensics.netty;

import java.util.List;

/**
 * Everything the heap says about Netty's memory: each Netty copy with its ledger, every buffer
 * that holds (or points at) memory, every channel, and what could not be read. Built by
 * {@link NettyModelBuilder#build(ObjectGraph)}. Immutable; thread safe.
 *
 * @param instances        Netty copies, sorted by prefix then loader; empty when the heap has no Netty
 * @param buffers          buffers holding or pointing at memory (released shells excluded), by object id
 * @param channels         channels reachable in the heap, by object id
 * @param jdk              {@code java.nio.Bits} figures
 * @param otherDirectBytes cleaner-backed root DirectByteBuffers that are not Netty's chunk or buffer memory
 * @param nonLiveDump      the dump holds unreachable objects (so unreachable-live buffers can be proven)
 * @param eventLoops       event-loop threads and what they were doing
 * @param diagnostics      what was missing or surprising, in discovery order
 */
public record NettyModel(List<NettyInstance> instances, List<NettyBuffer> buffers, List<NettyChannel> channels,
                         JdkDirectMemory jdk, long otherDirectBytes, boolean nonLiveDump,
                         List<EventLoopThread> eventLoops, List<ModelDiagnostic> diagnostics) {

    public NettyModel {
        instances = List.copyOf(instances);
        buffers = List.copyOf(buffers);
        channels = List.copyOf(channels);
        eventLoops = List.copyOf(eventLoops);
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when no Netty copy was found: the report says "no Netty found", not an error. */
    public boolean noNetty() {
        return instances.isEmpty();
    }

    /** Channels that are open (server channels excluded): the denominator for global sites. */
    public long openConnections() {
        return channels.stream().filter(c -> c.open() && !c.className().contains("ServerSocket")
                && !c.className().contains("ServerChannel") && !c.className().contains("ServerDomainSocket")).count();
    }
}
