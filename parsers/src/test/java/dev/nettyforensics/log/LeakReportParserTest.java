package dev.nettyforensics.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LEAK report shapes of the three eras (log-formats.md §4.1); the era C samples are real Netty 4.1.138 output. */
class LeakReportParserTest {
    @TempDir
    Path dir;

    private LeakReport onlyReport(String resource) throws IOException {
        List<LogRecord> records = LogTestFiles.readAll(LogTestFiles.resource(resource, dir)).records();
        LogRecord leak = records.stream().filter(r -> r.message().contains("LEAK: ")).findFirst().orElseThrow();
        return LeakReportParser.parse(leak.lines());
    }

    @Test
    void eraCParanoidReportKeepsRecordsNewestFirstHintsAndTheDiscardedCount() throws IOException {
        LeakReport r = onlyReport("leak-era-c-paranoid.log");
        assertThat(r.era()).isEqualTo(LeakReport.Era.C);
        assertThat(r.kind()).isEqualTo(LeakReport.Kind.TRACED);
        assertThat(r.resourceType()).isEqualTo("ByteBuf");
        assertThat(r.httpsUrl()).isTrue();
        assertThat(r.accessRecords()).extracting(LeakReport.AccessRecord::number).containsExactly(1, 2, 3, 4);
        assertThat(r.lastTouch().frames()).hasSize(8);
        assertThat(r.lastTouch().frames().get(6).qualifiedMethod()).isEqualTo("demo.Gateway.route");
        assertThat(r.accessRecords().get(2).hint()).isEqualTo("decoded frame");
        assertThat(r.createdAt()).extracting(StackFrame::qualifiedMethod).startsWith(
            "io.netty.buffer.PooledByteBufAllocator.newDirectBuffer").contains("demo.Gateway.decode");
        assertThat(r.discardedOverLimit()).isEqualTo(1);
        assertThat(r.allocationOnly()).isFalse();
    }

    @Test
    void eraCSimpleReportIsAllocationOnly() throws IOException {
        LeakReport r = onlyReport("leak-era-c-simple.log");
        assertThat(r.era()).isEqualTo(LeakReport.Era.C);
        assertThat(r.accessRecords()).isEmpty();
        assertThat(r.createdAt()).hasSize(5);
        assertThat(r.allocationOnly()).isTrue();
    }

    @Test
    void eraBReportReadsTheWarningLineSpaceIndentedFramesAndHighToLowNumbers() throws IOException {
        List<LogRecord> records = LogTestFiles.readAll(LogTestFiles.resource("leak-era-b.log", dir)).records();
        assertThat(records).hasSize(2);
        LeakReport r = LeakReportParser.parse(records.get(0).lines());
        assertThat(r.era()).isEqualTo(LeakReport.Era.B);
        assertThat(r.declaredRecordCount()).isEqualTo(2);
        assertThat(r.discardedOverLimit()).isEqualTo(3);
        assertThat(r.httpsUrl()).isFalse();
        assertThat(r.accessRecords()).extracting(LeakReport.AccessRecord::number).containsExactly(2, 1);
        assertThat(r.accessRecords().get(0).hint()).isEqualTo("'decoder' will handle the message from this point.");
        assertThat(r.createdAt()).hasSize(3);
    }

    @Test
    void eraAReportTakesTheCreationStackFromItsThrowable() throws IOException {
        LeakReport r = onlyReport("leak-era-a.log");
        assertThat(r.era()).isEqualTo(LeakReport.Era.A);
        assertThat(r.resourceType()).isEqualTo("ByteBuf");
        assertThat(r.createdAt()).extracting(StackFrame::qualifiedMethod).contains("com.acme.gw.FrameDecoder.decode");
    }

    @Test
    void untracedAndTooManyInstancesReportsAreToldApart() {
        LeakReport untraced = LeakReportParser.parse(List.of("LEAK: ByteBuf.release() was not called before it's"
            + " garbage-collected. Enable advanced leak reporting to find out where the leak occurred. To enable"
            + " advanced leak reporting, specify the JVM option '-Dio.netty.leakDetection.level=advanced' or call"
            + " ResourceLeakDetector.setLevel() See https://netty.io/wiki/reference-counted-objects.html for more"
            + " information."));
        assertThat(untraced.kind()).isEqualTo(LeakReport.Kind.UNTRACED);
        LeakReport tooMany = LeakReportParser.parse(List.of("LEAK: You are creating too many HashedWheelTimer"
            + " instances. HashedWheelTimer is a shared resource that must be reused across the JVM, so that only a"
            + " few instances are created."));
        assertThat(tooMany.kind()).isEqualTo(LeakReport.Kind.TOO_MANY_INSTANCES);
        assertThat(tooMany.resourceType()).isEqualTo("HashedWheelTimer");
    }
}
