package dev.nettyforensics.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.heap.Heap;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real fixture dumps cut short: the analysis degrades to partial results, never to an exception. */
class LeakAnalysisOnTruncatedDumpsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} cut at {2}%")
    @CsvSource({"held-by-handler,4.1.36.Final,35", "slow-consumers,4.1.137.Final,60", "static-registry,4.2.7.Final,85",
        "orphaned-oom,4.2.7.Final,10"})
    void aTruncatedDumpGivesPartialResultsWithoutAnException(String scenario, String version, int percent)
            throws Exception {
        Path full = Fixtures.scenario(scenario, version).liveDump();
        Path cut = dir.resolve("cut.hprof");
        long keep = Files.size(full) * percent / 100;
        try (InputStream in = Files.newInputStream(full); OutputStream out = Files.newOutputStream(cut)) {
            byte[] buffer = new byte[1 << 16];
            long left = keep;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        try (Heap heap = Heap.open(cut)) {
            assertThat(heap.truncated()).isTrue();
            LeakAnalysis analysis = LeakAnalysis.of(heap);
            assertThat(analysis.verdict()).isNotNull();
            assertThat(analysis.findings().sites()).allSatisfy(s -> assertThat(s.retainedBytes()).isNotNegative());
        }
    }
}
