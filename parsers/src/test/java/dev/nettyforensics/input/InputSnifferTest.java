package dev.nettyforensics.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSnifferTest {
    @TempDir
    static Path dir;

    static Path dump;

    /** A real dump of this JVM: the sniffer must recognise what the JVM writes, not what we think it writes. */
    @BeforeAll
    static void dumpThisJvm() throws IOException {
        dump = dir.resolve("self.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
    }

    @Test
    void plainHeapDumpIsRecognised() throws IOException {
        SniffedInput s = InputSniffer.sniff(dump);
        assertThat(s.kind()).isEqualTo(InputKind.HEAP_DUMP);
        assertThat(s.gzipped()).isFalse();
    }

    @Test
    void gzippedHeapDumpIsRecognisedWhateverItsName() throws IOException {
        Path gz = dir.resolve("evidence.bin");
        try (InputStream in = Files.newInputStream(dump); OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        SniffedInput s = InputSniffer.sniff(gz);
        assertThat(s.kind()).isEqualTo(InputKind.HEAP_DUMP);
        assertThat(s.gzipped()).isTrue();
    }

    @Test
    void truncatedGzipStillYieldsItsKind() throws IOException {
        Path gz = dir.resolve("gateway.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 20_000; i++) {
                out.write(("2019-01-21 14:55:09,108 nioEventLoopGroup-3-3 INFO line " + i + "\n").getBytes(Charset.forName("UTF-8")));
            }
        }
        byte[] whole = Files.readAllBytes(gz);
        Path cut = dir.resolve("cut.log.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        SniffedInput s = InputSniffer.sniff(cut);
        assertThat(s.kind()).isEqualTo(InputKind.LOG);
        assertThat(s.gzipped()).isTrue();
    }

    @Test
    void gbkLogWithColoursIsText() throws IOException {
        Path log = dir.resolve("gbk.log");
        Files.write(log, "\u001b[32mINFO\u001b[0m 网关连接已关闭 channel 0x1a2b3c4d\r\n".getBytes(Charset.forName("GBK")));
        assertThat(InputSniffer.sniff(log).kind()).isEqualTo(InputKind.LOG);
    }

    @Test
    void logWithABlockOfNulBytesFromACrashIsStillALog() throws IOException {
        Path log = dir.resolve("crashed.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("2019-01-21 14:55:09,108 nioEventLoopGroup-3-3 INFO [DeviceSessionHandler:88] frame ").append(i).append('\n');
        }
        byte[] lines = text.toString().getBytes(Charset.forName("UTF-8"));
        byte[] damaged = new byte[lines.length * 2 + 4096];
        System.arraycopy(lines, 0, damaged, 0, lines.length);
        // bytes [lines.length, lines.length + 4096) stay zero: the block the file system never wrote
        System.arraycopy(lines, 0, damaged, lines.length + 4096, lines.length);
        Files.write(log, damaged);
        assertThat(InputSniffer.sniff(log).kind()).isEqualTo(InputKind.LOG);
    }

    @Test
    void fileOfOnlyNulBytesIsRejected() throws IOException {
        Path log = dir.resolve("zeros.log");
        Files.write(log, new byte[8192]);
        SniffedInput s = InputSniffer.sniff(log);
        assertThat(s.kind()).isEqualTo(InputKind.UNRECOGNISED);
        assertThat(s.reason()).contains("only NUL bytes");
    }

    @Test
    void classFileIsBinary() throws IOException {
        Path cls = dir.resolve("Foo.log");
        try (InputStream in = InputSnifferTest.class.getResourceAsStream("InputSnifferTest.class")) {
            Files.write(cls, in.readAllBytes());
        }
        SniffedInput s = InputSniffer.sniff(cls);
        assertThat(s.kind()).isEqualTo(InputKind.UNRECOGNISED);
        assertThat(s.reason()).contains("binary");
    }
}
