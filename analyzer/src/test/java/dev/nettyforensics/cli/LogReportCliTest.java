package dev.nettyforensics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/analyze gateway.log}: the log findings on the terminal and in the JSON contract. */
class LogReportCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path incident() throws IOException {
        Path target = dir.resolve("gateway.log");
        if (Files.exists(target)) {
            return target;
        }
        try (InputStream in = getClass().getResourceAsStream("/dev/nettyforensics/logs/incident-gateway.log")) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void incidentLogPrintsTheOomWithItsFiguresAndTheTailWarning() throws IOException {
        assertThat(run(incident().toString())).isZero();
        assertThat(out.toString())
            .contains("Direct-memory OOMs: 1 in 1 signature(s)")
            .contains("requested 16.0 MiB, used 3.8 GiB of max 3.8 GiB (23 bytes free)")
            .contains("allocation path: inbound-read")
            .contains("io.netty.util.internal.OutOfDirectMemoryError (printed without header just above the warning)")
            .contains("nioEventLoopGroup-3-3")
            .contains("LEAK reports: none. Leak detection off or quiet")
            .doesNotContain("No analysis is performed");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonFollowsTheContractAndIsByteIdenticalAcrossRuns() throws IOException {
        Path log = incident();
        assertThat(run("--format", "json", log.toString())).isZero();
        String first = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run("--format", "json", log.toString())).isZero();
        assertThat(out.toString()).isEqualTo(first);

        JsonNode root = new ObjectMapper().readTree(first);
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.get("tool").get("name").asText()).isEqualTo("netty-forensics");
        JsonNode input = root.get("inputs").get(0);
        assertThat(input.get("kind").asText()).isEqualTo("log");
        assertThat(input.get("sizeBytes").asLong()).isEqualTo(Files.size(log));
        assertThat(input.get("sha256").asText()).hasSize(64);
        assertThat(root.get("verdict").get("kind").asText()).isEqualTo("inconclusive");
        assertThat(root.get("sites")).isEmpty();
        assertThat(root.get("channels")).isEmpty();
        JsonNode oom = root.get("logs").get("oom");
        assertThat(oom).hasSize(1);
        assertThat(oom.get(0).get("kind").asText()).isEqualTo("netty-counter");
        assertThat(oom.get(0).get("requestedBytes").asLong()).isEqualTo(16777216L);
        assertThat(oom.get(0).get("usedBytes").asLong()).isEqualTo(4116185065L);
        assertThat(oom.get(0).get("maxBytes").asLong()).isEqualTo(4116185088L);
        assertThat(oom.get(0).get("count").asLong()).isEqualTo(1);
        JsonNode tail = root.get("logs").get("tailExceptions").get(0);
        assertThat(tail.get("time").asText()).isEqualTo("2019-01-21T14:55:09.108");
        assertThat(tail.get("threads").get(0).asText()).isEqualTo("nioEventLoopGroup-3-3");
        assertThat(root.get("logs").get("leakDetection").get("status").asText()).isEqualTo("off-or-quiet");
    }

    /**
     * The JSON contract for the incident, kept as a golden file (the contract's "ABI dump"): a change
     * must be deliberate. {@code -Dgolden.update=true} rewrites it; review with {@code git diff}.
     */
    @Test
    void incidentJsonMatchesTheGoldenReport() throws IOException {
        Path log = incident();
        assertThat(run("--format", "json", log.toString())).isZero();
        String actual = out.toString().replace(dir.toString(), "<dir>");
        Path golden = Path.of("src/test/resources/golden/incident/report.json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
            return;
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/incident/report.json")) {
            assertThat(in).as("golden file; create it with -Dgolden.update=true").isNotNull();
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, e.length); i++) {
            assertThat(a[i]).as("line %d\nGOLD:   %s\nACTUAL: %s", i + 1, e[i], a[i]).isEqualTo(e[i]);
        }
        assertThat(a.length).isEqualTo(e.length);
    }

    @Test
    void heapDumpNextToTheIncidentLogIsAnalysedAndTheLogFindingsStay() throws IOException {
        Path dump = dir.resolve("self.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        assertThat(run(dump.toString(), incident().toString())).isZero();
        assertThat(out.toString())
            .contains("Direct memory")
            .doesNotContain("not in this build")
            .contains("Direct-memory OOMs: 1");
    }

    @Test
    void truncatedGzipLogIsReadUpToTheBreakAndFlagged() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("2019-01-21 14:55:08,").append(String.format("%03d", i % 1000))
                .append(" nioEventLoopGroup-3-1 INFO [TelemetryHandler:47] device ").append(i * 7919 % 10007)
                .append(" sent ").append(i * 31 % 997).append(" bytes\n");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Path log = Files.write(dir.resolve("gateway.log.2.gz"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        assertThat(run("--format", "json", log.toString())).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("inputs").get(0).get("truncated").asBoolean()).isTrue();
        assertThat(root.get("inputs").get(0).get("notes").toString()).contains("gzip");
        assertThat(root.get("diagnostics").toString()).contains("gzip data ends early");
        assertThat(root.get("logs").get("files").get(0).get("records").asLong()).isBetween(100L, 4999L);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void unknownCharsetAndFormatAreUsageErrors() throws IOException {
        assertThat(run("--log-charset", "NOPE-42", incident().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--log-charset: unknown charset 'NOPE-42'");
        assertThat(run("--format", "yaml", incident().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--format: unknown format 'yaml'");
    }
}
