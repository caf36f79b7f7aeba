package dev.nettyforensics.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events the fixtures do not produce: JDK OOM flavours, reactor-netty, restarts, rotated gzip sets, --app-package. */
class LogEventsTest {
    @TempDir
    Path dir;

    private static final String DAY1 = """
        2025-06-01 09:00:00.001 DEBUG 4242 --- [main] i.n.util.internal.PlatformDependent : -Dio.netty.maxDirectMemory: 8388608 bytes
        2025-06-01 09:00:00.002 DEBUG 4242 --- [main] io.netty.util.ResourceLeakDetector : -Dio.netty.leakDetection.level: simple
        2025-06-01 09:00:01.000 DEBUG 4242 --- [reactor-http-epoll-1] r.n.http.server.HttpServerOperations : [9f3c2a1b-1, L:/10.0.0.5:8443 - R:/10.1.7.9:52114] New http connection, requesting read
        2025-06-01 09:00:01.100 DEBUG 4242 --- [reactor-http-epoll-2] r.n.http.server.HttpServerOperations : [0a0b0c0d-1, L:/10.0.0.5:8443 - R:/10.1.7.9:52115] New http connection, requesting read
        2025-06-01 09:00:02.000 DEBUG 4242 --- [reactor-http-epoll-2] r.n.http.server.HttpServerOperations : [0a0b0c0d-1, L:/10.0.0.5:8443 ! R:/10.1.7.9:52115] Channel closed, now 0 active connections
        2025-06-01 09:00:03.000 DEBUG 4242 --- [reactor-http-epoll-1] io.netty.channel.DefaultChannelPipeline : Discarded inbound message PooledUnsafeDirectByteBuf(ridx: 0, widx: 2, cap: 2) that reached at the tail of the pipeline. Please check your pipeline configuration.
        2025-06-01 09:00:04.000 ERROR 4242 --- [reactor-http-epoll-1] com.acme.gw.UpstreamRelay : relay failed
        java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory (allocated: 8388609, limit: 8388608)
        \tat java.base/java.nio.Bits.reserveMemory(Bits.java:178)
        \tat java.base/java.nio.DirectByteBuffer.<init>(DirectByteBuffer.java:121)
        \tat java.base/java.nio.ByteBuffer.allocateDirect(ByteBuffer.java:332)
        \tat io.netty.buffer.UnpooledDirectByteBuf.allocateDirect(UnpooledDirectByteBuf.java:121)
        \tat io.netty.buffer.AbstractByteBufAllocator.directBuffer(AbstractByteBufAllocator.java:179)
        \tat io.netty.handler.ssl.SslHandler.allocate(SslHandler.java:2250)
        \tat com.acme.gw.UpstreamRelay.relay(UpstreamRelay.java:88)
        """;
    private static final String DAY2 = """
        2025-06-02 08:00:00.001 DEBUG 5151 --- [main] i.n.util.internal.PlatformDependent : -Dio.netty.maxDirectMemory: 8388608 bytes
        2025-06-02 08:00:00.002 DEBUG 5151 --- [main] io.netty.util.ResourceLeakDetector : -Dio.netty.leakDetection.level: simple
        2025-06-02 08:05:00.000 ERROR 5151 --- [reactor-http-epoll-3] com.acme.gw.UpstreamRelay : relay failed
        java.lang.RuntimeException: relay failed
        \tat com.acme.gw.UpstreamRelay.relay(UpstreamRelay.java:90)
        Caused by: java.lang.OutOfMemoryError: Direct buffer memory
        \tat java.base/java.nio.Bits.reserveMemory(Bits.java:175)
        \tat io.netty.handler.codec.MessageToByteEncoder.allocateBuffer(MessageToByteEncoder.java:151)
        \tat com.acme.gw.codec.FrameEncoder.write(FrameEncoder.java:12)
        \t... 1 more
        """;

    private Path gz(String name, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    @Test
    void rotatedGzipSetGivesJdkOomsChannelsDiscardedLinesAndTheRestart() throws IOException {
        Path current = Files.writeString(dir.resolve("gateway.log"), DAY2);
        Path rotated = gz("gateway-2025-06-01.0.log.gz", DAY1);
        LogAnalyzer.Result result = LogAnalyzer.analyze(List.of(current, rotated), LogAnalysisOptions.DEFAULTS);
        LogFindings logs = result.findings();

        assertThat(logs.files()).extracting(LogFindings.FileEntry::path).containsExactly(rotated.toString(), current.toString());
        assertThat(logs.timeRange().first()).isEqualTo("2025-06-01T09:00:00.001");
        assertThat(logs.timeRange().last()).isEqualTo("2025-06-02T08:05:00.000");

        assertThat(logs.oom()).hasSize(2);
        LogFindings.OomGroup reserve = logs.oom().get(0);
        assertThat(reserve.kind()).isEqualTo("jdk-cannot-reserve");
        assertThat(reserve.requestedBytes()).isEqualTo(1048576);
        assertThat(reserve.usedBytes()).isEqualTo(8388609);
        assertThat(reserve.maxBytes()).isEqualTo(8388608);
        assertThat(reserve.category()).isEqualTo(AllocationPath.TLS);
        assertThat(reserve.allocationSite()).isEqualTo("io.netty.handler.ssl.SslHandler.allocate");
        assertThat(reserve.firstAppFrame()).isEqualTo("com.acme.gw.UpstreamRelay.relay");
        assertThat(reserve.thread()).isEqualTo("reactor-http-epoll-1");
        LogFindings.OomGroup direct = logs.oom().get(1);
        assertThat(direct.kind()).isEqualTo("jdk-direct-buffer-memory");
        assertThat(direct.requestedBytes()).isEqualTo(-1);
        assertThat(direct.category()).isEqualTo(AllocationPath.ENCODER);
        assertThat(direct.firstAppFrame()).isEqualTo("com.acme.gw.codec.FrameEncoder.write");

        assertThat(logs.discardedInbound().count()).isEqualTo(1);
        assertThat(logs.channelEvents().sources()).containsExactly("reactor-netty");
        assertThat(logs.channelEvents().neverClosedCount()).isEqualTo(1);
        assertThat(logs.channelEvents().neverClosed()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("9f3c2a1b");
            assertThat(c.remote()).isEqualTo("/10.1.7.9:52114");
            assertThat(c.endedBy()).isEqualTo("restart"); // opened on day 1, the process restarted on day 2
        });
        assertThat(logs.restarts()).singleElement().satisfies(r -> {
            assertThat(r.time()).isEqualTo("2025-06-02T08:00:00.001");
            assertThat(r.evidence().file()).isEqualTo(current.toString());
        });
        assertThat(logs.config()).containsEntry("io.netty.maxDirectMemory", "8388608 bytes");
        assertThat(logs.leakDetection().status()).isEqualTo("off-or-quiet");
        assertThat(logs.leakDetection().configuredLevel()).isEqualTo("simple");
        assertThat(logs.timeline().perMinute()).extracting(LogFindings.Minute::minute)
            .containsExactly("2025-06-01T09:00", "2025-06-02T08:05");
        assertThat(result.diagnostics()).isEmpty();
    }

    @Test
    void appPackageDecidesWhichFramesAreTheApplications() throws IOException {
        Path log = Files.writeString(dir.resolve("gateway.log"), DAY1);
        LogFindings all = LogAnalyzer.analyze(List.of(log), LogAnalysisOptions.DEFAULTS).findings();
        LogFindings narrowed = LogAnalyzer.analyze(List.of(log),
            new LogAnalysisOptions(null, List.of("com.acme.gw.codec"))).findings();
        assertThat(all.oom().get(0).firstAppFrame()).isEqualTo("com.acme.gw.UpstreamRelay.relay");
        assertThat(narrowed.oom().get(0).firstAppFrame()).isNull();
        assertThat(narrowed.oom().get(0).signature()).isNotEqualTo(all.oom().get(0).signature());
    }

    @Test
    void generatedClassesShadingAndLineNumbersDoNotSplitSignatures() {
        assertThat(FrameClassifier.normaliseClass("io.grpc.netty.shaded.io.netty.buffer.PoolArena"))
            .isEqualTo("io.netty.buffer.PoolArena");
        assertThat(FrameClassifier.normaliseClass("com.acme.Gw$$Lambda$123/0x0000000800c0b000"))
            .isEqualTo("com.acme.Gw$$Lambda$<auto>");
        assertThat(FrameClassifier.normaliseClass("com.acme.Relay$$EnhancerBySpringCGLIB$$5f1a2b3c"))
            .isEqualTo("com.acme.Relay$$EnhancerBySpringCGLIB$$<auto>");
        assertThat(FrameClassifier.normaliseClass("jdk.internal.reflect.GeneratedMethodAccessor42"))
            .isEqualTo("jdk.internal.reflect.GeneratedMethodAccessor<auto>");
        assertThat(FrameClassifier.key(dev.nettyforensics.log.StackFrame.parse("at com.acme.Gw.lambda$route$3(Gw.java:9)")))
            .isEqualTo("com.acme.Gw.lambda$route$<auto>");
    }
}
