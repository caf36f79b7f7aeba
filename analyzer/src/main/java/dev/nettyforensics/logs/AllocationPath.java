package dev.nettyforensics.logs;

import dev.nettyforensics.log.StackFrame;
import java.util.List;

/**
 * Where a direct allocation came from, read off an OOM's frames (log-formats.md §4.2): skip the
 * allocator internals, the first frame after them is the allocation site, and the frames from
 * there down to the first application frame say which Netty path allocated.
 *
 * @param site        the allocation site ({@code class.method}, normalised), or null when every frame is internal
 * @param category    the allocation-path category, not null
 * @param firstAppFrame the first in-app frame ({@code class.method}), or null
 */
public record AllocationPath(String site, String category, String firstAppFrame) {
    public static final String INBOUND_READ = "inbound-read";
    public static final String DECODER_CUMULATION = "decoder-cumulation";
    public static final String ENCODER = "encoder";
    public static final String TLS = "tls";
    public static final String AGGREGATION = "aggregation";
    public static final String APPLICATION = "application";
    public static final String OTHER = "other";

    /** Allocator and JDK buffer internals: never the answer to "who allocated". */
    static boolean internal(String normalisedClass) {
        return normalisedClass.startsWith("io.netty.buffer.") || normalisedClass.startsWith("io.netty.util.internal.")
            || normalisedClass.startsWith("java.nio.") || normalisedClass.startsWith("jdk.internal.")
            || normalisedClass.startsWith("sun.nio.") || normalisedClass.startsWith("sun.misc.")
            || normalisedClass.startsWith("io.netty.util.Recycler") || normalisedClass.startsWith("io.netty.util.ResourceLeak");
    }

    static AllocationPath of(List<StackFrame> frames, FrameClassifier classifier) {
        int i = 0;
        while (i < frames.size() && internal(FrameClassifier.normaliseClass(frames.get(i).className()))) {
            i++;
        }
        StackFrame app = classifier.firstInApp(frames);
        String appKey = app == null ? null : FrameClassifier.key(app);
        if (i >= frames.size()) {
            return new AllocationPath(null, OTHER, appKey);
        }
        String site = FrameClassifier.key(frames.get(i));
        for (int k = i; k < frames.size(); k++) {
            StackFrame f = frames.get(k);
            String c = FrameClassifier.normaliseClass(f.className());
            String category = categoryOf(c, f.methodName());
            if (category != null) {
                return new AllocationPath(site, category, appKey);
            }
            if (classifier.inApp(f)) {
                return new AllocationPath(site, APPLICATION, appKey);
            }
        }
        return new AllocationPath(site, OTHER, appKey);
    }

    private static String categoryOf(String c, String method) {
        if (c.contains("RecvByteBufAllocator") || (c.endsWith("Unsafe") && method.equals("read")
                && (c.contains("ByteChannel") || c.contains("StreamChannel") || c.contains("DatagramChannel")))) {
            return INBOUND_READ;
        }
        if (c.contains("ByteToMessageDecoder") || c.contains("ReplayingDecoder")) {
            return DECODER_CUMULATION;
        }
        if (c.startsWith("io.netty.handler.ssl.")) {
            return TLS;
        }
        if (c.contains("MessageAggregator") || c.contains("ObjectAggregator")) {
            return AGGREGATION;
        }
        if (c.contains("MessageToByteEncoder") || (c.startsWith("io.netty.handler.codec.") && c.contains("Encoder"))) {
            return ENCODER;
        }
        return null;
    }
}
