package dev.nettyforensics.netty;

import java.util.List;

/**
 * A Netty event-loop thread and what it was doing when the heap was dumped: evidence for (or
 * against) the "blocked event loops" hypothesis. Immutable.
 *
 * @param threadId  heap id of the thread
 * @param name      thread name
 * @param activity  {@code selecting} (idle, waiting for I/O), {@code blocked-in-logging}, {@code blocked-on-lock},
 *                  {@code waiting} or {@code running}
 * @param topFrames up to 8 innermost frames, {@code class.method}
 * @param loggingFrame the innermost frame of a logging framework on the whole stack ({@code class.method}, e.g.
 *                  {@code ch.qos.logback.core.OutputStreamAppender.writeBytes}); null when the thread is not logging
 */
public record EventLoopThread(long threadId, String name, String activity, List<String> topFrames, String loggingFrame) {
    public EventLoopThread {
        topFrames = List.copyOf(topFrames);
    }

    /** True when the innermost frame parks or waits (for a lock or a condition), rather than running or in I/O. */
    public boolean parked() {
        return !topFrames.isEmpty() && EventLoopThreads.isParkFrame(topFrames.get(0));
    }

    /** True when the loop could not serve its channels (blocked in logging or on a lock). */
    public boolean blocked() {
        return activity.startsWith("blocked");
    }
}
