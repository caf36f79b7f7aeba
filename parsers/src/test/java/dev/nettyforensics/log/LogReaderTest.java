package dev.nettyforensics.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    @TempDir
    Path dir;

    private static final String LOGBACK = """
        2019-01-21 14:55:08,001 [nioEventLoopGroup-3-1] INFO  com.acme.gw.Gateway - device 17 connected
        2019-01-21 14:55:09,108 [nioEventLoopGroup-3-3] WARN  io.netty.channel.DefaultChannelPipeline - An exceptionCaught() event was fired, and it reached at the tail of the pipeline. It usually means the last handler in the pipeline did not handle the exception.
        io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 16777216 byte(s) of direct memory (used: 4116185065, max: 4116185088)
        \tat io.netty.util.internal.PlatformDependent.incrementMemoryCounter(PlatformDependent.java:640)
        \tat java.lang.Thread.run(Thread.java:748)
        2019-01-21 14:55:10,000 [main] INFO  com.acme.gw.Gateway - bye
        """;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path write(String name, String text, Charset charset) throws IOException {
        return write(name, text.getBytes(charset));
    }

    @Test
    void incidentLogSplitsIntoTheHeaderlessTraceAndTheWarning() throws IOException {
        LogTestFiles.Read read = LogTestFiles.readAll(LogTestFiles.resource("incident-gateway.log", dir));
        assertThat(read.records()).hasSize(2);
        LogRecord trace = read.records().get(0);
        assertThat(trace.shape()).isEqualTo(HeaderShape.NONE);
        assertThat(trace.time()).isNull();
        assertThat(trace.lines()).hasSize(21);
        LogRecord warn = read.records().get(1);
        assertThat(warn.provenance().line()).isEqualTo(22);
        assertThat(warn.provenance().byteOffset()).isEqualTo(1807);
        assertThat(warn.time().iso()).isEqualTo("2019-01-21T14:55:09.108");
        assertThat(warn.level()).isEqualTo("WARN");
        assertThat(warn.thread()).isEqualTo("nioEventLoopGroup-3-3");
        assertThat(warn.logger()).isEqualTo("DefaultChannelPipeline:151");
        assertThat(warn.message()).startsWith("An exceptionCaught() event was fired");
        assertThat(read.summary().dominantLayout()).isEqualTo("date-time");
    }

    @Test
    void recordsKeepTheirStackTraceAndProvenance() throws IOException {
        LogTestFiles.Read read = LogTestFiles.readAll(write("gw.log", LOGBACK, StandardCharsets.UTF_8));
        assertThat(read.records()).hasSize(3);
        LogRecord warn = read.records().get(1);
        assertThat(warn.provenance().line()).isEqualTo(2);
        assertThat(warn.lines()).hasSize(4);
        assertThat(warn.thread()).isEqualTo("nioEventLoopGroup-3-3");
        assertThat(warn.logger()).isEqualTo("io.netty.channel.DefaultChannelPipeline");
        assertThat(read.summary().records()).isEqualTo(3);
        assertThat(read.summary().lines()).isEqualTo(6);
    }

    @Test
    void crlfAnsiColoursAndAUtf8BomChangeNothing() throws IOException {
        String coloured = LOGBACK.replace("WARN ", "\u001b[33mWARN \u001b[0;39m").replace("\n", "\r\n");
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] body = coloured.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        LogTestFiles.Read read = LogTestFiles.readAll(write("crlf.log", all));
        assertThat(read.records()).hasSize(3);
        LogRecord warn = read.records().get(1);
        assertThat(warn.level()).isEqualTo("WARN");
        assertThat(warn.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\r", "\u001b"));
        assertThat(warn.time().iso()).isEqualTo("2019-01-21T14:55:09.108");
    }

    @Test
    void gbkLogIsDetectedAndDecoded() throws IOException {
        String chinese = "2019-01-21 14:55:08,001 [nioEventLoopGroup-3-1] ERROR com.acme.gw.Gateway - 设备连接失败，直接内存不足\n"
            + "2019-01-21 14:55:09,001 [nioEventLoopGroup-3-1] INFO  com.acme.gw.Gateway - 网关已启动，监听端口 8080\n";
        LogTestFiles.Read read = LogTestFiles.readAll(write("gbk.log", chinese, Charset.forName("GBK")));
        assertThat(read.summary().charset()).isEqualTo("GB18030");
        assertThat(read.records().get(0).message()).isEqualTo("设备连接失败，直接内存不足");
        LogTestFiles.Read forced = LogTestFiles.readAll(read.summary().file(),
            LogReadOptions.DEFAULTS.withCharset(StandardCharsets.ISO_8859_1));
        assertThat(forced.summary().charset()).isEqualTo("ISO-8859-1");
    }

    @Test
    void utf16WithByteOrderMarkIsReadAsText() throws IOException {
        String text = LOGBACK.replace("device 17", "设备 17 \uD83D\uDE00");
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[body.length + 2];
        all[0] = (byte) 0xff;
        all[1] = (byte) 0xfe;
        System.arraycopy(body, 0, all, 2, body.length);
        LogTestFiles.Read read = LogTestFiles.readAll(write("utf16.log", all));
        assertThat(read.records()).hasSize(3);
        assertThat(read.records().get(0).message()).isEqualTo("设备 17 \uD83D\uDE00 connected");
        assertThat(read.records().get(1).lines()).hasSize(4);
    }

    @Test
    void multiMemberGzipIsReadWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String part : LOGBACK.split("(?<=\n)(?=2019-01-21 14:55:09)")) {
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        LogTestFiles.Read read = LogTestFiles.readAll(write("gw.log.1", bytes.toByteArray()));
        assertThat(read.summary().gzip()).isTrue();
        assertThat(read.summary().truncated()).isFalse();
        assertThat(read.records()).hasSize(3);
    }

    @Test
    void truncatedGzipYieldsWhatWasInflatedAndSaysWhere() throws IOException {
        StringBuilder big = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            big.append("2019-01-21 14:55:08,001 [nioEventLoopGroup-3-1] INFO  com.acme.gw.Gateway - device ")
                .append(random.nextInt(1_000_000)).append(" sent ").append(random.nextInt(9999)).append(" bytes\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(big.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        LogTestFiles.Read read = LogTestFiles.readAll(write("crash.log.gz", Arrays.copyOf(whole, whole.length / 2)));
        assertThat(read.summary().truncated()).isTrue();
        assertThat(read.summary().records()).isBetween(1000L, 19_999L);
        assertThat(read.summary().diagnostics()).anySatisfy(d -> assertThat(d.message()).contains("gzip data ends early"));
    }

    @Test
    void tenMegabyteLineWithoutNewlineIsCutNotHeld() throws IOException {
        byte[] line = new byte[10 << 20];
        Arrays.fill(line, (byte) 'x');
        byte[] head = "2019-01-21 14:55:08,001 [main] ERROR c.a.Gw - LEAK: ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, line, 0, head.length);
        LogTestFiles.Read read = LogTestFiles.readAll(write("long.log", line));
        assertThat(read.records()).hasSize(1);
        assertThat(read.records().get(0).message().length()).isLessThanOrEqualTo(1 << 20);
        assertThat(read.summary().contentBytes()).isEqualTo(10 << 20);
        assertThat(read.summary().diagnostics()).anySatisfy(d -> assertThat(d.message()).contains("longer than"));
    }

    @Test
    void binaryGarbageNulBytesAndInvalidUtf8GiveRecordsAndDiagnosticsNotExceptions() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(LOGBACK.getBytes(StandardCharsets.UTF_8));
        byte[] garbage = new byte[256 * 1024];
        new Random(42).nextBytes(garbage);
        out.write(garbage);
        out.write("\n\u0000\u0000\u0000 nul line\n".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1, '\n'});
        out.write(LOGBACK.getBytes(StandardCharsets.UTF_8));
        LogTestFiles.Read read = LogTestFiles.readAll(write("mixed.log", out.toByteArray()));
        assertThat(read.records().stream().filter(r -> r.message().startsWith("An exceptionCaught()")).count()).isEqualTo(2);
        assertThat(read.summary().diagnostics()).isNotEmpty();
    }

    @Test
    void everyRecordStillSplitsWhenAlmostEveryRecordIsHuge() throws IOException {
        StringBuilder sb = new StringBuilder("2019-01-21 14:55:08,001 [main] ERROR c.a.Gw - boom\njava.lang.IllegalStateException: x\n");
        for (int i = 0; i < 60_000; i++) {
            sb.append("\tat com.acme.Deep.call(Deep.java:").append(i).append(")\n");
        }
        sb.append("2019-01-21 14:55:09,001 [main] INFO  c.a.Gw - after\n");
        LogTestFiles.Read read = LogTestFiles.readAll(write("deep.log", sb.toString(), StandardCharsets.UTF_8));
        assertThat(read.records()).hasSize(2);
        assertThat(read.records().get(0).capped()).isTrue();
        assertThat(read.records().get(0).lines()).hasSize(50_000);
    }

    @Test
    void layoutsOfTheCatalogueAreRecognisedPerLine() throws IOException {
        String mixed = """
            14:07:12.345 [reactor-http-epoll-3] ERROR io.netty.util.ResourceLeakDetector - LEAK: x
            2024-03-05 14:07:12.345  INFO 4242 --- [ctor-http-nio-3] r.n.http.server.HttpServerOperations     : [9f3c2a1b-1, L:/10.0.0.5:8443 - R:/10.1.7.9:52114] Handler is being applied
            2025-06-01T09:15:02.117+02:00  WARN 4242 --- [edge-gw] [ctor-http-nio-5] [4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] io.netty.channel.DefaultChannelPipeline  : tail
            [2025-06-01 09:15:02.117] - 4242 SEVERE [reactor-http-epoll-1] --- io.netty.util.ResourceLeakDetector: LEAK: y
            25-Nov-2026 02:50:58.113 SEVERE [http-nio-8080-exec-4] org.apache.catalina.core.StandardWrapperValve.invoke Servlet failed
            17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers
            Nov 25, 2026 2:50:58 AM Fmt main
            SEVERE: request failed
            ERROR 2019-07-11T03:16:07,856 ResourceLeakDetector:171 [pool-2-thread-39] LEAK: z
            """;
        Path file = write("app-2024-03-05.log", mixed, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        List<LogRecord> r = LogTestFiles.readAll(file).records();
        assertThat(r).extracting(LogRecord::shape).containsExactly(HeaderShape.TIME_OF_DAY, HeaderShape.ISO_DATE_TIME,
            HeaderShape.ISO_DATE_TIME, HeaderShape.BRACKETED_DATE_TIME, HeaderShape.TOMCAT, HeaderShape.SLASHED_DATE_TIME,
            HeaderShape.JUL_TWO_LINE, HeaderShape.LEVEL_THEN_DATE_TIME);
        assertThat(r.get(0).time().iso()).isEqualTo("2024-03-05T14:07:12.345"); // date from the file name
        assertThat(r.get(0).thread()).isEqualTo("reactor-http-epoll-3");
        assertThat(r.get(1).thread()).isEqualTo("ctor-http-nio-3");
        assertThat(r.get(1).message()).startsWith("[9f3c2a1b-1, L:");
        assertThat(r.get(2).thread()).isEqualTo("ctor-http-nio-5");
        assertThat(r.get(2).time().iso()).isEqualTo("2025-06-01T09:15:02.117+02:00");
        assertThat(r.get(3).level()).isEqualTo("SEVERE");
        assertThat(r.get(3).message()).isEqualTo("LEAK: y");
        assertThat(r.get(4).thread()).isEqualTo("http-nio-8080-exec-4");
        assertThat(r.get(6).level()).isEqualTo("SEVERE");
        assertThat(r.get(6).message()).isEqualTo("request failed");
        assertThat(r.get(7).level()).isEqualTo("ERROR");
    }

    @Test
    void jsonLinesDockerAndCriEnvelopesAreUnwrapped() throws IOException {
        String json = "{\"@timestamp\":\"2026-11-25T03:48:57.531+01:00\",\"@version\":\"1\",\"message\":\"LEAK: ByteBuf.release()"
            + " was not called before it's garbage-collected.\\nRecent access records: \\nCreated at:\\n\\tio.netty.buffer."
            + "PooledByteBufAllocator.newDirectBuffer(PooledByteBufAllocator.java:410)\",\"logger_name\":\"io.netty.util."
            + "ResourceLeakDetector\",\"thread_name\":\"reactor-http-epoll-3\",\"level\":\"ERROR\",\"level_value\":40000}\n"
            + "{\"@timestamp\":\"2026-11-25T02:48:57.531Z\",\"log\":{\"level\":\"WARN\",\"logger\":\"x.Y\"},\"process\":{\"thread\":"
            + "{\"name\":\"t-1\"}},\"message\":\"hello\",\"error\":{\"stack_trace\":\"java.lang.IllegalStateException: bad\\n\\tat"
            + " a.B.c(B.java:1)\"}}\n";
        List<LogRecord> r = LogTestFiles.readAll(write("json.log", json, StandardCharsets.UTF_8)).records();
        assertThat(r).hasSize(2);
        assertThat(r.get(0).shape()).isEqualTo(HeaderShape.JSON);
        assertThat(r.get(0).thread()).isEqualTo("reactor-http-epoll-3");
        assertThat(r.get(0).lines()).hasSize(4).contains("Created at:");
        assertThat(r.get(0).time().iso()).isEqualTo("2026-11-25T03:48:57.531+01:00");
        assertThat(r.get(1).level()).isEqualTo("WARN");
        assertThat(r.get(1).thread()).isEqualTo("t-1");
        assertThat(r.get(1).lines()).containsExactly("hello", "java.lang.IllegalStateException: bad", "\tat a.B.c(B.java:1)");

        String docker = "{\"log\":\"2026-11-25T02:48:57.531Z ERROR 1 --- [main] io.netty.util.ResourceLeakDetector : LEAK: x\\n\","
            + "\"stream\":\"stdout\",\"time\":\"2026-11-25T02:48:57.531874123Z\"}\n"
            + "{\"log\":\"Recent access records: \\n\",\"stream\":\"stdout\",\"time\":\"2026-11-25T02:48:57.531880001Z\"}\n";
        LogTestFiles.Read d = LogTestFiles.readAll(write("docker.log", docker, StandardCharsets.UTF_8));
        assertThat(d.summary().envelope()).isEqualTo("docker-json");
        assertThat(d.records()).singleElement().satisfies(rec -> assertThat(rec.lines()).containsExactly("LEAK: x",
            "Recent access records: "));

        String cri = "2026-11-25T02:48:57.531874123Z stdout P 2026-11-25T02:48:57.531Z ERROR 1 --- [main] c.a.Gw : part \n"
            + "2026-11-25T02:48:57.531874124Z stdout F one\n"
            + "2026-11-25T02:48:57.531874125Z stderr F java.lang.IllegalStateException: x\n";
        LogTestFiles.Read c = LogTestFiles.readAll(write("cri.log", cri, StandardCharsets.UTF_8));
        assertThat(c.summary().envelope()).isEqualTo("cri");
        assertThat(c.records()).singleElement().satisfies(rec -> assertThat(rec.lines()).containsExactly("part one",
            "java.lang.IllegalStateException: x"));
    }

    @Test
    void aRestartWithAJsonLayoutIsSplitByTheNewLayout() throws IOException {
        String text = LOGBACK
            + "{\"payload\":{\"device\":17}}\n"
            + "{\"@timestamp\":\"2019-01-21T15:00:00.000Z\",\"message\":\"LEAK: ByteBuf.release() was not called before it's"
            + " garbage-collected.\\nRecent access records: \",\"level\":\"ERROR\",\"thread_name\":\"t-2\"}\n"
            + "{\"@timestamp\":\"2019-01-21T15:00:01.000Z\",\"message\":\"hello\",\"level\":\"INFO\"}\n";
        LogTestFiles.Read read = LogTestFiles.readAll(write("restart.log", text, StandardCharsets.UTF_8));
        assertThat(read.records()).hasSize(5);
        assertThat(read.records().get(2).lines()).last().isEqualTo("{\"payload\":{\"device\":17}}");
        assertThat(read.records().get(3).shape()).isEqualTo(HeaderShape.JSON);
        assertThat(read.records().get(3).lines()).containsExactly(
            "LEAK: ByteBuf.release() was not called before it's garbage-collected.", "Recent access records: ");
        assertThat(read.summary().layoutChanges()).containsExactly(8L);
        assertThat(read.summary().last().iso()).isEqualTo("2019-01-21T15:00:01.000Z");
    }

    @Test
    void rotatedFilesAreOrderedByTheirTimestampsNotTheirNames() throws IOException {
        Path newer = write("gateway.log", "2019-01-21 14:55:08,001 [main] INFO c.a.Gw - newer\n", StandardCharsets.UTF_8);
        Path older = write("gateway.log.1", "2019-01-20 10:00:00,000 [main] INFO c.a.Gw - older\n", StandardCharsets.UTF_8);
        Path oldest = write("gateway-z.log", "2019-01-19 10:00:00,000 [main] INFO c.a.Gw - oldest\n", StandardCharsets.UTF_8);
        assertThat(LogFileSet.inTimeOrder(List.of(newer, older, oldest), LogReadOptions.DEFAULTS))
            .containsExactly(oldest, older, newer);
    }
}
