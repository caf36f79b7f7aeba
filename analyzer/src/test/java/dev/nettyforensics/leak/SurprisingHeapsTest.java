package dev.nettyforensics.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.cli.Main;
import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heaps the model does not expect (Netty classes without the fields it reads, a version no band
 * matches, leak-detector records that loop or carry a backtrace of another shape) give a partial
 * analysis and a report, never an exception.
 */
class SurprisingHeapsTest {
    private static final String P = "io.netty.";

    @TempDir
    Path dir;

    private Path dump(Consumer<TestDump> spec) {
        return TestDump.write(dir.resolve("surprising.hprof"), spec);
    }

    private static void analyseAndReport(Path file) throws Exception {
        try (Heap heap = Heap.open(file)) {
            LeakAnalysis analysis = LeakAnalysis.of(heap);
            assertThat(analysis.verdict()).isNotNull();
            assertThat(analysis.findings().sites()).allSatisfy(s -> assertThat(s.retainedBytes()).isNotNegative());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), file.toString())).isZero();
        assertThat(out.toString()).contains("Verdict: ", "Direct memory");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void nettyClassesWithoutTheFieldsTheModelReadsStillGetAReport() throws Exception {
        analyseAndReport(dump(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz(P + "buffer.PooledByteBuf", P + "buffer.AbstractByteBuf");
            d.clazz(P + "buffer.PoolChunk", null);
            d.clazz(P + "buffer.PooledByteBufAllocator", null, "directArenas", HprofType.INT);
            d.clazz(P + "util.internal.PlatformDependent", null);
            d.clazz(P + "util.ResourceLeakDetector", null);
            d.clazz(P + "util.ResourceLeakDetector$DefaultResourceLeak", null);
            d.clazz(P + "channel.AbstractChannel", null);
            d.clazz(P + "channel.socket.nio.NioSocketChannel", P + "channel.AbstractChannel");
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PooledByteBuf"));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PooledByteBufAllocator", "directArenas", 3));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "util.ResourceLeakDetector$DefaultResourceLeak"));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "channel.socket.nio.NioSocketChannel"));
        }));
    }

    @Test
    void shapesOfNoKnownVersionStillGetAReport() throws Exception {
        analyseAndReport(dump(d -> {
            // the 4.1.51- buddy tree next to 4.2's cleanable: no band has both
            d.clazz(P + "buffer.AbstractByteBuf", null, "readerIndex", HprofType.INT);
            d.clazz(P + "buffer.PoolChunk", null, "memoryMap", HprofType.OBJECT, "cleanable", HprofType.OBJECT,
                    "runsAvail", HprofType.OBJECT, "chunkSize", HprofType.INT);
            d.clazz(P + "util.internal.PlatformDependent", null);
            d.staticField(P + "util.internal.PlatformDependent", "DIRECT_MEMORY_COUNTER", HprofType.LONG, 42);
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PoolChunk", "chunkSize", -1));
        }));
    }

    @Test
    void leakRecordsThatLoopOrCarryAForeignBacktraceAreReadWithoutAnException() throws Exception {
        analyseAndReport(dump(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz(P + "util.internal.PlatformDependent", null);
            d.clazz("java.lang.ref.Reference", null, "referent", HprofType.OBJECT);
            d.clazz("java.lang.ref.WeakReference", "java.lang.ref.Reference");
            d.clazz(P + "util.ResourceLeakDetector$DefaultResourceLeak", "java.lang.ref.WeakReference",
                    "head", HprofType.OBJECT);
            d.clazz("java.lang.Throwable", null, "backtrace", HprofType.OBJECT, "stackTrace", HprofType.OBJECT);
            d.clazz(P + "util.ResourceLeakDetector$TraceRecord", "java.lang.Throwable", "hintString",
                    HprofType.OBJECT, "next", HprofType.OBJECT, "pos", HprofType.INT);
            // a record whose next is itself, with a backtrace of no known layout and a stackTrace that is a String
            long looping = d.newId();
            long foreign = d.objectArray("[Ljava.lang.Object;", d.javaString("x"), 0, d.javaString("y"), 0);
            d.instanceWithId(looping, P + "util.ResourceLeakDetector$TraceRecord", "next", looping, "pos", 3,
                    "backtrace", foreign, "stackTrace", d.javaString("not frames"));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "util.ResourceLeakDetector$DefaultResourceLeak",
                    "head", looping));
        }));
    }
}
