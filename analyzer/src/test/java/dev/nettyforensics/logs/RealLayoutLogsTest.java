package dev.nettyforensics.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs written by real Logback, Log4j2 and logstash-logback-encoder around real Netty (in a
 * forked JVM, {@link RealLayoutLogWriter}) must yield exactly the events that program produced.
 */
class RealLayoutLogsTest {
    @TempDir
    Path dir;

    private Properties runWriter(String layout, Path log) throws IOException, InterruptedException {
        Path truth = dir.resolve(layout + ".properties");
        Path output = dir.resolve(layout + ".out");
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:MaxDirectMemorySize=64m",
            "-Dio.netty.leakDetection.level=paranoid", "-Dio.netty.maxDirectMemory=16777216",
            "-Dio.netty.tryReflectionSetAccessible=true", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            RealLayoutLogWriter.class.getName(), layout, log.toString(), truth.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("writer finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(output)).isZero();
        Properties facts = new Properties();
        try (Reader in = Files.newBufferedReader(truth, StandardCharsets.UTF_8)) {
            facts.load(in);
        }
        return facts;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"logback-pattern", "log4j2-pattern", "logstash-json"})
    void findsExactlyWhatTheProgramLogged(String layout) throws Exception {
        Path log = dir.resolve(layout + ".log");
        Properties facts = runWriter(layout, log);
        assertThat(facts.getProperty("leaks")).isEqualTo(Integer.toString(RealLayoutLogWriter.LEAKS));

        LogAnalyzer.Result result = LogAnalyzer.analyze(List.of(log), LogAnalysisOptions.DEFAULTS);
        LogFindings logs = result.findings();
        assertThat(result.files().get(0).dominantLayout())
            .isEqualTo(layout.equals("logstash-json") ? "json lines" : "date-time");

        assertThat(logs.leakDetection().reports()).isEqualTo(RealLayoutLogWriter.LEAKS);
        assertThat(logs.leakReports()).allSatisfy(g -> {
            assertThat(g.era()).isEqualTo("C");
            assertThat(g.resourceType()).isEqualTo("ByteBuf");
            assertThat(g.createdAtAppFrame()).isEqualTo("dev.nettyforensics.logs.RealLayoutLogWriter.leak");
            // Application touch() hints may carry data: counted into the signature, never printed.
            assertThat(g.hint()).isEqualTo("application touch() hint (not shown: it may carry data)");
        });
        assertThat(logs.leakReports()).hasSize(RealLayoutLogWriter.LEAKS); // distinct hints: distinct signatures
        assertThat(Files.readString(log)).contains("decoded frame 0");

        assertThat(facts.getProperty("oomClass")).isEqualTo("io.netty.util.internal.OutOfDirectMemoryError");
        assertThat(logs.oom()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo("netty-counter");
            assertThat(g.count()).isEqualTo(1);
            assertThat(g.maxBytes()).isEqualTo(16777216L);
            assertThat(facts.getProperty("oomMessage")).isEqualTo("failed to allocate " + g.requestedBytes()
                + " byte(s) of direct memory (used: " + g.usedBytes() + ", max: " + g.maxBytes() + ")");
            assertThat(g.category()).isEqualTo(AllocationPath.APPLICATION);
            assertThat(g.firstAppFrame()).isEqualTo("dev.nettyforensics.logs.RealLayoutLogWriter.main");
            assertThat(g.thread()).isEqualTo("main");
        });

        assertThat(logs.tailExceptions()).singleElement().satisfies(g -> {
            assertThat(g.count()).isEqualTo(1);
            assertThat(g.exceptionChain()).containsExactly("java.lang.IllegalStateException");
            assertThat(g.firstAppFrame()).isEqualTo("dev.nettyforensics.logs.RealLayoutLogWriter.main");
        });
        assertThat(logs.config()).containsEntry("io.netty.leakDetection.level", "paranoid");
        assertThat(logs.config().get("io.netty.maxDirectMemory")).isEqualTo("16777216 bytes");
        assertThat(result.diagnostics()).isEmpty();
    }
}
