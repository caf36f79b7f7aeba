package dev.nettyforensics.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow consumer's outbound buffer is a linked list far longer than any dominator-chain cap. */
class LongOutboundBacklogTest {
    private static final String P = "io.netty.";
    private static final int ENTRIES = 50_000;

    @TempDir
    Path dir;

    @Test
    void everyBufferOfAVeryLongEntryListIsAttributedToItsOutboundBuffer() throws Exception {
        Path file = TestDump.write(dir.resolve("backlog.hprof"), d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null, "readerIndex", HprofType.INT);
            d.clazz(P + "buffer.AbstractReferenceCountedByteBuf", P + "buffer.AbstractByteBuf", "refCnt", HprofType.INT);
            d.clazz(P + "buffer.UnpooledDirectByteBuf", P + "buffer.AbstractReferenceCountedByteBuf",
                    "buffer", HprofType.OBJECT, "capacity", HprofType.INT);
            d.clazz("java.nio.DirectByteBuffer", null, "capacity", HprofType.INT, "att", HprofType.OBJECT);
            d.clazz(P + "channel.ChannelOutboundBuffer", null, "flushedEntry", HprofType.OBJECT,
                    "totalPendingSize", HprofType.LONG);
            d.clazz(P + "channel.ChannelOutboundBuffer$Entry", null, "next", HprofType.OBJECT, "msg", HprofType.OBJECT,
                    "pendingSize", HprofType.INT);
            long next = 0;
            for (int i = 0; i < ENTRIES; i++) {
                long nio = d.instance("java.nio.DirectByteBuffer", "capacity", 1024);
                long buf = d.instance(P + "buffer.UnpooledDirectByteBuf", "refCnt", 2, "buffer", nio, "capacity", 1024);
                next = d.instance(P + "channel.ChannelOutboundBuffer$Entry", "next", next, "msg", buf,
                        "pendingSize", 1024 + 96);
            }
            long outbound = d.instance(P + "channel.ChannelOutboundBuffer", "flushedEntry", next,
                    "totalPendingSize", (long) ENTRIES * (1024 + 96));
            d.root(HprofRootKind.JNI_GLOBAL, outbound);
        });
        try (Heap heap = Heap.open(file)) {
            LeakAnalysis analysis = LeakAnalysis.of(heap);
            LeakSite top = analysis.findings().sites().get(0);
            assertThat(top.kind()).isEqualTo(SiteKind.OUTBOUND_BACKLOG);
            assertThat(top.owner()).isEqualTo(P + "channel.ChannelOutboundBuffer");
            assertThat(top.path()).isEqualTo("flushedEntry -> ChannelOutboundBuffer$Entry -> UnpooledDirectByteBuf");
            assertThat(top.buffers()).isEqualTo(ENTRIES);
            assertThat(top.leak()).isFalse();
        }
    }
}
