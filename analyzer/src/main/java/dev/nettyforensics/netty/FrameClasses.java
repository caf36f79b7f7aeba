package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads who used a buffer from the declaring classes of a leak record's frames (innermost first).
 * Netty's leak records start inside the leak detector and the buffer classes; the first class
 * outside Netty and the JDK is the application. It <em>used the buffer directly</em> when only
 * buffer or leak-detector classes lie between it and the record (it called a buffer method, or
 * allocated the buffer); otherwise it only passed the buffer along (a pipeline handler forwarding a
 * message, an application class that wraps the event loop). Stateless; thread safe.
 */
public final class FrameClasses {
    private FrameClasses() {
    }

    /**
     * The application class of one record.
     *
     * @param className fully qualified class name, never null
     * @param direct    it called the buffer (or the allocator) itself
     */
    public record User(String className, boolean direct) {
    }

    /** Class part of {@code class.method} frames. */
    static List<String> ofFrames(List<String> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (String f : frames) {
            int dot = f.lastIndexOf('.');
            out.add(dot > 0 ? f.substring(0, dot) : f);
        }
        return out;
    }

    /** The first application class of a record's frames, or null when every frame is Netty or the JDK. */
    static User applicationUser(List<String> classes, String nettyPrefix) {
        boolean onlyBufferCode = true;
        for (String c : classes) {
            if (!isFramework(c, nettyPrefix)) {
                return new User(c, onlyBufferCode);
            }
            onlyBufferCode &= isBufferCode(c, nettyPrefix);
        }
        return null;
    }

    /**
     * The class that allocated the buffer: the first frame of the creation record outside the leak
     * detector and the buffer classes (Netty's read loop for inbound data, or the application). Null when unknown.
     */
    public static String allocatingClass(List<String> creationClasses, String nettyPrefix) {
        for (String c : creationClasses) {
            if (!isBufferCode(c, nettyPrefix)) {
                return c;
            }
        }
        return null;
    }

    /** Netty (this copy or plain) or the JDK. */
    public static boolean isFramework(String cls, String nettyPrefix) {
        return cls.startsWith(nettyPrefix) || cls.startsWith("io.netty.") || cls.startsWith("java.")
                || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("com.sun.");
    }

    /** Netty's buffer classes, leak detector and reference-count helpers (not its event loops). */
    private static boolean isBufferCode(String cls, String nettyPrefix) {
        return cls.startsWith(nettyPrefix + "buffer.")
                || (cls.startsWith(nettyPrefix + "util.") && !cls.startsWith(nettyPrefix + "util.concurrent."));
    }
}
