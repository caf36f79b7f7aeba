package dev.nettyforensics.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.FixtureId;
import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.fixtures.Truth;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture scenario ran a real Netty gateway that wrote its log through real Logback; the
 * gateway itself counted the interesting records (truth.json {@code logRecords}) when it dumped
 * its heap. The analysis must find exactly those, in the log as it was at that moment.
 */
class GatewayFixtureLogsTest {
    @TempDir
    Path dir;

    static Stream<FixtureId> scenarios() {
        return Fixtures.matrix().stream();
    }

    /** The log as it was when the gateway counted: its first {@code lines} lines. */
    private Path logAtDumpTime(Fixture fixture) throws IOException {
        long lines = fixture.truth().logRecords().lines();
        Path copy = dir.resolve(fixture.id().scenario() + "-" + fixture.id().nettyVersion() + ".log");
        try (Stream<String> all = Files.lines(fixture.log(), StandardCharsets.UTF_8);
             Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) all.limit(lines)::iterator) {
                out.write(line);
                out.write('\n');
            }
        }
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void findsExactlyTheRecordsTheGatewayWrote(FixtureId id) throws IOException {
        Fixture fixture = Fixtures.scenario(id);
        Truth truth = fixture.truth();
        Truth.LogRecords expected = truth.logRecords();
        LogAnalyzer.Result result = LogAnalyzer.analyze(List.of(logAtDumpTime(fixture)), LogAnalysisOptions.DEFAULTS);
        LogFindings logs = result.findings();

        assertThat(result.files()).singleElement().satisfies(f -> {
            assertThat(f.lines()).isEqualTo(expected.lines());
            assertThat(f.dominantLayout()).isEqualTo("date-time");
            assertThat(f.charset()).isEqualTo("UTF-8");
        });
        assertThat(logs.oom().stream().mapToLong(LogFindings.OomGroup::count).sum()).isEqualTo(expected.oomRecords());
        assertThat(logs.leakDetection().reports()).isEqualTo(expected.leakRecords());
        assertThat(logs.leakReports().stream().mapToLong(LogFindings.LeakGroup::count).sum()).isEqualTo(expected.leakRecords());
        assertThat(logs.tailExceptions().stream().mapToLong(LogFindings.TailGroup::count).sum())
            .isEqualTo(expected.tailWarnings());
        assertThat(logs.channelEvents().events().getOrDefault("ACTIVE", 0L)).isEqualTo(expected.channelActive());
        assertThat(logs.channelEvents().events().getOrDefault("INACTIVE", 0L)).isEqualTo(expected.channelInactive());
        assertThat(logs.channelEvents().neverClosedCount()).isEqualTo(expected.channelActive() - expected.channelInactive());

        assertThat(logs.leakDetection().status()).isEqualTo(expected.leakRecords() > 0 ? "reports-found" : "off-or-quiet");
        String level = logs.config().get("io.netty.leakDetection.level");
        if (level != null) {
            assertThat(level).isEqualTo(truth.leakDetectionLevel().toLowerCase(Locale.ROOT));
        }
        if (truth.oomSeen() && truth.oomRequestedBytes() != null) {
            // Both event loops can fail at once, and the error the gateway recorded first need not be the one a
            // group shows as its first record: every record's used bytes are on the timeline.
            assertThat(logs.oom()).anySatisfy(g -> {
                assertThat(g.kind()).isEqualTo("netty-counter");
                assertThat(g.maxBytes()).isEqualTo(truth.oomMaxBytes());
            });
            assertThat(logs.timeline().directMemoryUsed()).hasSize((int) expected.oomRecords()).anySatisfy(p -> {
                assertThat(p.usedBytes()).isEqualTo(truth.oomUsedBytes());
                assertThat(p.requestedBytes()).isEqualTo(truth.oomRequestedBytes());
                assertThat(p.maxBytes()).isEqualTo(truth.oomMaxBytes());
            });
        }
        for (LogFindings.LeakGroup g : logs.leakReports()) {
            assertThat(g.countIsLowerBound()).isTrue();
            assertThat(g.createdAt()).isNotEmpty();
            assertThat(g.era()).isEqualTo("C");
        }
    }
}
