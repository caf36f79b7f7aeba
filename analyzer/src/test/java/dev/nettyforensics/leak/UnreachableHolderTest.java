package dev.nettyforensics.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a non-live dump, a dropped holder still names the code that lost its buffers. */
class UnreachableHolderTest {
    private static final String P = "io.netty.";
    private static final int PAGE = 8192;

    @TempDir
    Path dir;

    @Test
    void buffersOfAGarbageHandlerFormAnUnreachableLiveSiteNamedAfterIt() throws Exception {
        Path file = TestDump.write(dir.resolve("nonlive.hprof"), d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null, "readerIndex", HprofType.INT);
            d.clazz(P + "buffer.AbstractReferenceCountedByteBuf", P + "buffer.AbstractByteBuf", "refCnt", HprofType.INT);
            d.clazz(P + "buffer.PooledByteBuf", P + "buffer.AbstractReferenceCountedByteBuf", "chunk", HprofType.OBJECT,
                    "handle", HprofType.LONG, "length", HprofType.INT, "maxLength", HprofType.INT);
            d.clazz(P + "buffer.PooledUnsafeDirectByteBuf", P + "buffer.PooledByteBuf");
            d.clazz(P + "buffer.PoolChunk", null, "chunkSize", HprofType.INT, "freeBytes", HprofType.INT,
                    "pinnedBytes", HprofType.INT, "base", HprofType.OBJECT);
            d.clazz("com.example.UploadHandler", null, "pending", HprofType.OBJECT);
            long chunk = d.instance(P + "buffer.PoolChunk", "chunkSize", 64 * PAGE, "freeBytes", 62 * PAGE,
                    "pinnedBytes", 2 * PAGE);
            d.root(HprofRootKind.JNI_GLOBAL, chunk);
            long a = d.instance(P + "buffer.PooledUnsafeDirectByteBuf", "refCnt", 2, "chunk", chunk, "handle", 1L << 34,
                    "length", PAGE, "maxLength", PAGE);
            long b = d.instance(P + "buffer.PooledUnsafeDirectByteBuf", "refCnt", 2, "chunk", chunk, "handle", 2L << 34,
                    "length", PAGE, "maxLength", PAGE);
            long array = d.objectArray("[Ljava.lang.Object;", a, b);
            d.instance("com.example.UploadHandler", "pending", array); // nothing references the handler any more
        });
        try (Heap heap = Heap.open(file)) {
            LeakAnalysis analysis = LeakAnalysis.of(heap);
            LeakSite top = analysis.findings().sites().get(0);
            assertThat(top.kind()).isEqualTo(SiteKind.UNREACHABLE_LIVE);
            assertThat(top.leak()).isTrue();
            assertThat(top.owner()).isEqualTo("com.example.UploadHandler");
            assertThat(top.path()).isEqualTo("pending -> PooledUnsafeDirectByteBuf");
            assertThat(top.retainedBytes()).isEqualTo(2 * PAGE);
            assertThat(analysis.findings().sites()).noneMatch(s -> s.kind() == SiteKind.ORPHANED && s.leak());
        }
    }
}
