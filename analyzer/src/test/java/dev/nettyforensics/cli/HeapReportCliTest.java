package dev.nettyforensics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.FixtureId;
import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.HprofWriter;
import dev.nettyforensics.testing.TestDump;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code bin/analyze DUMP [LOGS...]} on real fixture dumps from gateways on real Netty, and on bad dumps. */
class HeapReportCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private static Fixture heldByHandler() {
        return Fixtures.scenario(Fixtures.HELD_BY_HANDLER, Fixtures.NETTY_RECENT_41);
    }

    @Test
    void textReportNamesTheTrueOwnerInTheFirstSiteRowAfterTheVerdict() {
        Fixture f = heldByHandler();
        assertThat(run(f.liveDump().toString())).isZero();
        String text = out.toString();
        String owner = f.truth().site().ownerClass();
        assertThat(text).contains("Verdict: leak.");
        assertThat(text.indexOf("Verdict:")).isLessThan(text.indexOf("Direct memory"));
        assertThat(text.indexOf("Direct memory")).isLessThan(text.indexOf("Top sites"));
        String[] afterHeader = text.substring(text.indexOf("Top sites")).split("\n");
        assertThat(afterHeader[1]).contains("rank", "kind", "owner", "retained", "per-connection");
        assertThat(afterHeader[2]).contains(" 1 ", f.truth().expectedKind(), "yes", owner);
        assertThat(text).contains("Channels holding direct memory");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonReportHasTheTrueSiteFirstAndTheLedger() throws IOException {
        Fixture f = heldByHandler();
        assertThat(run("--format", "json", f.liveDump().toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(r.at("/verdict/kind").asText()).isEqualTo("leak");
        JsonNode top = r.at("/sites/0");
        assertThat(top.get("rank").asInt()).isEqualTo(1);
        assertThat(top.get("owner").asText()).isEqualTo(f.truth().site().ownerClass());
        assertThat(top.get("kind").asText()).isEqualTo(f.truth().expectedKind());
        assertThat(top.get("leak").asBoolean()).isTrue();
        assertThat(top.get("path").asText()).startsWith(f.truth().site().field() + " -> ");
        JsonNode netty = r.at("/directMemory/nettyInstances");
        assertThat(netty.size()).isPositive();
        assertThat(netty.get(0).get("ledger").get("liveBytes").asLong()).isPositive();
        assertThat(r.get("channels").size()).isGreaterThanOrEqualTo(f.truth().connections());
        assertThat(r.at("/inputs/0/kind").asText()).isEqualTo("heap-dump");
        assertThat(r.at("/inputs/0/truncated").asBoolean()).isFalse();
        assertThat(r.get("logs").isNull()).isTrue();
    }

    static List<FixtureId> matrix() {
        return Fixtures.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void everyFixtureGetsItsVerdictAndItsTrueSiteFirstInTheJsonReport(FixtureId id) throws IOException {
        Fixture f = Fixtures.scenario(id);
        assertThat(run("--format", "json", f.liveDump().toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        // DESIGN §5 has no pool-baseline verdict: memory the pool keeps is no problem.
        String verdict = f.truth().verdict().equals("pool-baseline") ? "no-problem" : f.truth().verdict();
        assertThat(r.at("/verdict/kind").asText()).as(r.at("/verdict/summary").asText()).isEqualTo(verdict);
        assertThat(r.at("/directMemory/nettyInstances").size()).isEqualTo(1);
        JsonNode top = r.at("/sites/0");
        if (f.truth().expectedKind() != null) {
            assertThat(top.get("kind").asText()).isEqualTo(f.truth().expectedKind());
        }
        assertThat(top.get("leak").asBoolean()).isEqualTo(f.truth().leak());
        if (f.truth().leak() && !top.get("kind").asText().equals("orphaned")) {
            assertThat(top.get("owner").asText()).isEqualTo(f.truth().site().ownerClass());
        }
        if (!f.truth().leak()) {
            for (JsonNode site : r.get("sites")) {
                assertThat(site.get("leak").asBoolean()).as(site.toString()).isFalse();
            }
        }
    }

    /**
     * The on-call view of orphaned memory: on 4.2's adaptive allocator the text says leaked buffers
     * pin whole chunks, and where the heap holds no leak-detector record it says the owner is unknown
     * and where to look; where records of dropped buffers remain, it names the class that used them.
     */
    @Test
    void textReportExplainsOrphanedMemoryAndWhoDroppedItOrWhyNobodyCanBeNamed() {
        Fixture adaptive = Fixtures.scenario(Fixtures.ORPHANED_OOM, Fixtures.NETTY_42);
        assertThat(run(adaptive.fullDump().toString())).isZero();
        String text = out.toString();
        assertThat(text).contains("Verdict: leak.", "pins the whole chunk", "owner unknown: ",
            "correlate with the LEAK: lines in the logs");
        Fixture pooled = Fixtures.scenario(Fixtures.ORPHANED_OOM, Fixtures.NETTY_RECENT_41);
        assertThat(run(pooled.fullDump().toString())).isZero();
        String owner = pooled.truth().site().ownerClass();
        assertThat(out.toString()).contains("Verdict: leak. orphaned at " + owner, "last used by " + owner)
            .doesNotContain("owner unknown");
    }

    @Test
    void jsonIsByteIdenticalAcrossTwoRuns() {
        Path dump = heldByHandler().fullDump();
        assertThat(run("--format", "json", dump.toString())).isZero();
        String first = out.toString();
        assertThat(run("--format", "json", dump.toString())).isZero();
        assertThat(out.toString()).isEqualTo(first);
    }

    @Test
    void healthyGatewayClaimsNoLeakAndFailOnLeakStaysZero() throws IOException {
        Fixture f = Fixtures.scenario(Fixtures.HEALTHY, Fixtures.NETTY_RECENT_41);
        assertThat(run("--fail-on-leak", "--format", "json", f.liveDump().toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.at("/verdict/kind").asText()).isNotEqualTo("leak").isEqualTo(f.truth().verdict());
        for (JsonNode site : r.get("sites")) {
            assertThat(site.get("leak").asBoolean()).as(site.toString()).isFalse();
        }
    }

    @Test
    void failOnLeakExitsWithFourWhenTheVerdictIsALeak() {
        assertThat(run("--fail-on-leak", heldByHandler().liveDump().toString())).isEqualTo(4);
        assertThat(out.toString()).contains("Verdict: leak.");
    }

    @Test
    void dumpAndGatewayLogTogetherGiveBothSectionsInOneReport() throws IOException {
        Fixture f = heldByHandler();
        assertThat(run(f.liveDump().toString(), f.log().toString())).isZero();
        assertThat(out.toString()).contains("Verdict: leak.", "Top sites", "Direct-memory OOMs:", "LEAK reports:");
        assertThat(run("--format", "json", f.liveDump().toString(), f.log().toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.at("/verdict/kind").asText()).isEqualTo("leak");
        assertThat(r.at("/sites/0/owner").asText()).isEqualTo(f.truth().site().ownerClass());
        assertThat(r.get("logs").isObject()).isTrue();
        assertThat(r.get("inputs").size()).isEqualTo(2);
        assertThat(r.at("/verdict/hypotheses").findValuesAsText("name")).contains("unreleased buffers");
        assertThat(r.at("/verdict/hypotheses").toString()).contains("logs: ");
    }

    @Test
    void twoDumpsAreBothAnalysedAndTheOtherIsNotedInDiagnostics() throws IOException {
        Fixture f = heldByHandler();
        assertThat(run("--format", "json", f.liveDump().toString(), f.fullDump().toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("diagnostics").toString()).contains("also analysed");
        assertThat(r.at("/sites/0/owner").asText()).isEqualTo(f.truth().site().ownerClass());
    }

    @Test
    void truncatedCopyOfARealDumpIsReportedAsTruncatedWithExitZero() throws IOException {
        Path source = heldByHandler().liveDump();
        Path cut = dir.resolve("cut.hprof");
        try (InputStream in = Files.newInputStream(source); OutputStream o = Files.newOutputStream(cut)) {
            o.write(in.readNBytes((int) (Files.size(source) * 6 / 10)));
        }
        assertThat(run("--format", "json", cut.toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.at("/inputs/0/truncated").asBoolean()).isTrue();
        assertThat(r.get("diagnostics").toString()).contains("truncated at offset 0x");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void dumpWithoutNettyGetsAnHonestNoNettyReport() throws IOException {
        Path dump = TestDump.write(dir.resolve("plain.hprof"), d -> {
            d.clazz("com.example.Plain", null, "v", HprofType.INT);
            d.instance("com.example.Plain", "v", 7);
        });
        assertThat(run(dump.toString())).isZero();
        assertThat(out.toString()).contains("No Netty found", "Direct memory: no Netty found in the heap dump");
        assertThat(run("--format", "json", dump.toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.at("/directMemory/nettyInstances").size()).isZero();
        assertThat(r.get("sites").size()).isZero();
    }

    @Test
    void hprofMagicFollowedByGarbageIsOneLineAndExitThree() throws IOException {
        Path dump = dir.resolve("garbage.hprof");
        try (OutputStream o = Files.newOutputStream(dump)) {
            HprofWriter w = new HprofWriter(o, "1.0.2", 3, 0L);
            w.opaqueRecord(0x01, 16);
            w.flush();
        }
        assertThat(run(dump.toString())).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip().lines()).singleElement().satisfies(line -> assertThat(line)
            .startsWith("netty-forensics: " + dump + ": ").contains("at offset 0x"));
    }

    @Test
    void strictModeStopsAtAMalformedRecordThatTheDefaultModeSkips() {
        Path dump = TestDump.write(dir.resolve("dup.hprof"), d -> {
            d.clazz("com.example.A", null, "v", HprofType.INT);
            d.instanceWithId(0x500000, "com.example.A", "v", 1);
            d.instanceWithId(0x500000, "com.example.A", "v", 2);
        });
        assertThat(run(dump.toString())).isZero();
        assertThat(out.toString()).contains("duplicate object id");
        assertThat(run("--strict", dump.toString())).isEqualTo(3);
        assertThat(err.toString().strip().lines()).singleElement().satisfies(line -> assertThat(line)
            .startsWith("netty-forensics: ").contains("duplicate object id"));
    }

    @Test
    void helpDocumentsStrictFailOnLeakAndTheXmxExitCode() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--strict", "--fail-on-leak", "-Xmx");
    }
}
