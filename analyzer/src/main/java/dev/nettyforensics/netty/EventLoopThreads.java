package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds event-loop threads and classifies what each was doing from its stack and {@code threadStatus}.
 * Stateless; cost: linear in frames.
 */
final class EventLoopThreads {
    private static final int JVMTI_BLOCKED_ON_MONITOR = 0x400;
    private static final int JVMTI_WAITING = 0x80;
    private static final String[] SELECT_FRAMES = {"EPoll.wait", "EPollSelectorImpl.doSelect", "Native.epollWait",
        "KQueue.poll", "KQueueSelectorImpl.doSelect", "WindowsSelectorImpl", "PollSelectorImpl.doSelect",
        "Native.kqueueWait", "IoUring", "Selector.select", "SelectorImpl.lockAndDoSelect"};
    private static final String[] LOGGING_PACKAGES = {"ch.qos.logback.", "org.apache.logging.log4j.",
        "org.apache.log4j.", "java.util.logging.", "org.slf4j.", "org.jboss.logmanager."};
    /**
     * Innermost frames of a thread stuck in the operating system writing or syncing output (file, pipe,
     * console or socket). JDK 21+ renamed FileDispatcherImpl to UnixFileDispatcherImpl; the suffixes
     * match both.
     */
    private static final String[] NATIVE_OUTPUT_FRAMES = {".write0", ".writev0", ".pwrite0", ".force0",
        ".socketWrite0", "java.io.FileOutputStream.writeBytes", "java.io.RandomAccessFile.writeBytes",
        "java.io.FileDescriptor.sync", "sun.nio.ch.Net.poll"};

    private EventLoopThreads() {
    }

    static List<EventLoopThread> find(List<ThreadStack> threads) {
        List<EventLoopThread> out = new ArrayList<>();
        for (ThreadStack t : threads) {
            if (!isEventLoop(t)) {
                continue;
            }
            out.add(new EventLoopThread(t.threadId(), t.name(), activity(t),
                    t.frames().subList(0, Math.min(8, t.frames().size())), loggingFrame(t.frames()), waiting(t)));
        }
        return out;
    }

    /** The innermost frame of a logging framework (the appender's write, or the lock it waits for); null if none. */
    private static String loggingFrame(List<String> frames) {
        for (String f : frames) {
            for (String p : LOGGING_PACKAGES) {
                if (f.startsWith(p)) {
                    return f;
                }
            }
        }
        return null;
    }

    private static boolean isParkFrame(String frame) {
        return frame.endsWith(".park") || frame.endsWith(".parkNanos") || frame.endsWith(".wait")
                || frame.endsWith(".wait0");
    }

    /** Parked or waiting (innermost frame or JVMTI bits), or blocked entering a monitor. */
    private static boolean waiting(ThreadStack t) {
        boolean parked = !t.frames().isEmpty() && isParkFrame(t.frames().get(0));
        return parked || t.threadStatus() >= 0
                && (t.threadStatus() & (JVMTI_BLOCKED_ON_MONITOR | JVMTI_WAITING)) != 0;
    }

    private static boolean isNativeOutput(String frame) {
        for (String f : NATIVE_OUTPUT_FRAMES) {
            if (frame.endsWith(f)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEventLoop(ThreadStack t) {
        for (String f : t.frames()) {
            int cut = f.lastIndexOf('.');
            String cls = cut < 0 ? f : f.substring(0, cut);
            if ((cls.endsWith("EventLoop") || cls.contains("SingleThreadEventExecutor")
                    || cls.endsWith("SingleThreadIoEventLoop")) && NettyClassName.parse(cls).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String activity(ThreadStack t) {
        List<String> frames = t.frames();
        boolean logging = false;
        for (String f : frames) {
            for (String p : LOGGING_PACKAGES) {
                logging |= f.startsWith(p);
            }
        }
        boolean parked = !frames.isEmpty() && isParkFrame(frames.get(0));
        boolean monitor = t.threadStatus() >= 0 && (t.threadStatus() & JVMTI_BLOCKED_ON_MONITOR) != 0;
        boolean selecting = false;
        for (int i = 0; i < Math.min(8, frames.size()); i++) {
            for (String s : SELECT_FRAMES) {
                selecting |= frames.get(i).contains(s);
            }
        }
        if (logging && (parked || monitor || t.threadStatus() >= 0 && (t.threadStatus() & JVMTI_WAITING) != 0)) {
            return "blocked-in-logging";
        }
        if (selecting) {
            return "selecting";
        }
        if (monitor || parked && frames.stream().limit(8).anyMatch(f -> f.contains("locks."))) {
            return "blocked-on-lock";
        }
        if (logging && !frames.isEmpty() && isNativeOutput(frames.get(0))) {
            return "blocked-in-logging"; // inside the appender's write to the OS: the output does not drain
        }
        if (logging) {
            // Caught formatting or appending a line: logging on the loop, but one snapshot is no evidence
            // that it blocks (a busy healthy server is often caught here).
            return "running-in-logging";
        }
        return parked ? "waiting" : "running";
    }
}
