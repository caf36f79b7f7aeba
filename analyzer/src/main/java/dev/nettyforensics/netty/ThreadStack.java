package dev.nettyforensics.netty;

import java.util.List;

/**
 * One thread of the dump with its stack. Immutable.
 *
 * @param threadId    heap id of the {@code java.lang.Thread} object, 0 when unknown
 * @param name        the thread's name (a structural label such as {@code nioEventLoopGroup-3-1}), null when unreadable
 * @param frames      {@code class.method}, innermost first
 * @param threadStatus the JVM's {@code threadStatus} bits, -1 when unreadable
 */
public record ThreadStack(long threadId, String name, List<String> frames, int threadStatus) {
    public ThreadStack {
        frames = List.copyOf(frames);
    }
}
