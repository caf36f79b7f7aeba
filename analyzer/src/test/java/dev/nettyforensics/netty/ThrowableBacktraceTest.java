package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HotSpot's {@code Throwable.backtrace} chunks decode to the frames' declaring classes in every
 * layout the JDKs use (javaClasses.hpp {@code trace_*_offset}), across chunk boundaries.
 */
class ThrowableBacktraceTest {
    private static final String OBJECT_ARRAY = "[Ljava.lang.Object;";
    private static final int CHUNK = 32;

    @TempDir
    Path dir;

    /** Slot layouts of one backtrace chunk: what follows the mirrors, and where the next chunk goes. */
    enum Layout {
        JDK_8(5, 4), // methods, bcis, mirrors, cprefs short[], next
        JDK_11(5, 4), // methods, bcis, mirrors, names long[], next
        JDK_17(6, 4), // ..., names, next, hidden
        JDK_21(7, 5); // ..., names, conts Object[32], next, hidden

        final int slots;
        final int next;

        Layout(int slots, int next) {
            this.slots = slots;
            this.next = next;
        }
    }

    private List<String> decode(java.util.function.Function<TestDump, Long> throwable) throws Exception {
        long[] id = new long[1];
        Path file = TestDump.write(dir.resolve("backtrace.hprof"), d -> {
            d.clazz("java.lang.Throwable", null, "backtrace", HprofType.OBJECT, "stackTrace", HprofType.OBJECT,
                    "depth", HprofType.INT);
            d.clazz("io.netty.util.ResourceLeakDetector$TraceRecord", "java.lang.Throwable", "next", HprofType.OBJECT,
                    "pos", HprofType.INT);
            id[0] = throwable.apply(d);
        });
        try (Heap heap = Heap.open(file)) {
            return ThrowableBacktrace.declaringClasses(new HeapObjectGraph(heap), id[0]);
        }
    }

    /** A backtrace of {@code frames} frames in {@code layout}, chunk by chunk from the last one. */
    private static long backtrace(TestDump d, Layout layout, List<String> frames) {
        for (String f : frames) {
            if (!d.declares(f)) {
                d.clazz(f, null);
            }
        }
        long next = 0;
        int chunks = (frames.size() + CHUNK - 1) / CHUNK;
        for (int c = chunks - 1; c >= 0; c--) {
            long[] mirrors = new long[CHUNK];
            for (int i = 0; i < CHUNK && c * CHUNK + i < frames.size(); i++) {
                mirrors[i] = d.classId(frames.get(c * CHUNK + i));
            }
            long[] slots = new long[layout.slots];
            slots[0] = d.primitiveArray(HprofType.SHORT, CHUNK);
            slots[1] = d.primitiveArray(HprofType.INT, CHUNK);
            slots[2] = d.objectArray(OBJECT_ARRAY, mirrors);
            slots[3] = d.primitiveArray(layout == Layout.JDK_8 ? HprofType.SHORT : HprofType.LONG, CHUNK);
            if (layout == Layout.JDK_21) {
                slots[4] = d.objectArray(OBJECT_ARRAY, new long[CHUNK]); // continuation scopes
            }
            slots[layout.next] = next;
            next = d.objectArray(OBJECT_ARRAY, slots);
        }
        return next;
    }

    private static List<String> frames(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("com.example.Frame" + (i % 7));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void framesDecodeToTheirDeclaringClassesAcrossChunks(Layout layout) throws Exception {
        List<String> frames = frames(CHUNK + 8);
        List<String> decoded = decode(d -> d.instance("io.netty.util.ResourceLeakDetector$TraceRecord",
                "backtrace", backtrace(d, layout, frames)));
        assertThat(decoded).containsExactlyElementsOf(frames);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aFullLastChunkEndsTheFrames(Layout layout) throws Exception {
        List<String> frames = frames(CHUNK);
        List<String> decoded = decode(d -> d.instance("io.netty.util.ResourceLeakDetector$TraceRecord",
                "backtrace", backtrace(d, layout, frames)));
        assertThat(decoded).containsExactlyElementsOf(frames);
    }

    @Test
    void deepStacksStopAtTheFrameLimit() throws Exception {
        List<String> decoded = decode(d -> d.instance("io.netty.util.ResourceLeakDetector$TraceRecord",
                "backtrace", backtrace(d, Layout.JDK_17, frames(4 * CHUNK))));
        assertThat(decoded).hasSize(ThrowableBacktrace.MAX_FRAMES);
    }

    @Test
    void aThrowableWithoutBacktraceOrWithAnUnknownShapeHasNoFrames() throws Exception {
        assertThat(decode(d -> d.instance("io.netty.util.ResourceLeakDetector$TraceRecord"))).isEmpty();
        assertThat(decode(d -> d.instance("io.netty.util.ResourceLeakDetector$TraceRecord", "backtrace",
                d.objectArray(OBJECT_ARRAY, d.javaString("not a backtrace"))))).isEmpty();
        assertThat(decode(d -> {
            d.clazz("com.example.NoThrowable", null, "value", HprofType.INT);
            return d.instance("com.example.NoThrowable", "value", 1);
        })).isEmpty();
    }

    @Test
    void theApplicationClassThatCalledTheBufferItselfIsADirectUser() {
        String p = "io.netty.";
        List<String> direct = List.of(p + "util.ResourceLeakDetector$DefaultResourceLeak",
                p + "buffer.AdvancedLeakAwareByteBuf", "com.example.FirmwareHandler",
                p + "channel.AbstractChannelHandlerContext", "com.example.SessionHandler");
        assertThat(FrameClasses.applicationUser(direct, p))
                .isEqualTo(new FrameClasses.User("com.example.FirmwareHandler", true));
        List<String> passing = List.of(p + "util.ResourceLeakDetector$DefaultResourceLeak",
                p + "channel.DefaultChannelPipeline", p + "channel.AbstractChannelHandlerContext",
                "com.example.SessionHandler", "java.lang.Thread");
        assertThat(FrameClasses.applicationUser(passing, p))
                .isEqualTo(new FrameClasses.User("com.example.SessionHandler", false));
        assertThat(FrameClasses.applicationUser(List.of(p + "buffer.PooledByteBufAllocator", "java.lang.Thread"), p))
                .isNull();
    }

    @Test
    void theAllocatingClassIsTheFirstFrameOutsideTheBufferCode() {
        String p = "shaded.io.netty.";
        assertThat(FrameClasses.allocatingClass(List.of(p + "util.ResourceLeakDetector",
                p + "buffer.AbstractByteBufAllocator", p + "channel.AdaptiveRecvByteBufAllocator$HandleImpl",
                p + "channel.nio.AbstractNioByteChannel$NioByteUnsafe"), p))
                .isEqualTo(p + "channel.AdaptiveRecvByteBufAllocator$HandleImpl");
        assertThat(FrameClasses.allocatingClass(List.of(), p)).isNull();
    }
}
