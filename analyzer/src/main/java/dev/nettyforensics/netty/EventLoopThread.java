package dev.nettyforensics.netty;

import java.util.List;

/**
 * A Netty event-loop thread and what it was doing when the heap was dumped: evidence for (or
 * against) the "blocked event loops" hypothesis. Immutable.
 *
 * @param threadId  heap id of the thread
 * @param name      thread name
 * @param activity  {@code selecting} (idle, waiting for I/O), {@code blocked-in-logging} (waiting for an appender's
 *                  lock, or inside its write to the operating system), {@code blocked-on-lock}, {@code waiting},
 *                  {@code running-in-logging} (formatting or appending a line: not evidence of blocking by
 *                  itself) or {@code running}
 * @param topFrames up to 8 innermost frames, {@code class.method}
 * @param loggingFrame the innermost frame of a logging framework on the whole stack ({@code class.method}, e.g.
 *                  {@code ch.qos.logback.core.OutputStreamAppender.writeBytes}); null when the thread is not logging
 * @param waiting   the thread waits (parked, in {@code Object.wait}, or blocked entering a monitor) rather than running
 *                  or doing I/O: in an appender, it waits for the appender's lock that another thread holds
 */
public record EventLoopThread(long threadId, String name, String activity, List<String> topFrames, String loggingFrame,
                              boolean waiting) {
    public EventLoopThread {
        topFrames = List.copyOf(topFrames);
    }

    /** True when the loop could not serve its channels (blocked in logging or on a lock). */
    public boolean blocked() {
        return activity.startsWith("blocked");
    }
}
