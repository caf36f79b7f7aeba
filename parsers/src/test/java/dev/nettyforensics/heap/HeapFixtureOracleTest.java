package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.fixtures.ClassHistogram;
import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.FixtureId;
import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.testing.NetBeansOracle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real dumps of real Netty gateways (the fixtures) against two independent oracles: the class
 * histogram the JVM itself printed at dump time, and the NetBeans heap library.
 */
class HeapFixtureOracleTest {
    static Stream<FixtureId> everyFixture() {
        return Fixtures.matrix().stream();
    }

    /** One fixture per Netty version is enough for the (slow) NetBeans comparison. */
    static Stream<FixtureId> oneFixturePerVersion() {
        return Stream.of(new FixtureId(Fixtures.HELD_BY_HANDLER, Fixtures.NETTY_EARLY),
                new FixtureId(Fixtures.STATIC_REGISTRY, Fixtures.NETTY_RECENT_41),
                new FixtureId(Fixtures.UNPOOLED_LEAK, Fixtures.NETTY_42));
    }

    @ParameterizedTest
    @MethodSource("everyFixture")
    void instanceCountsAndShallowSizesEqualTheJvmsClassHistogram(FixtureId id) throws IOException {
        Fixture fixture = Fixtures.scenario(id);
        ClassHistogram expected = fixture.readHistogram();
        try (Heap heap = Heap.open(fixture.liveDump())) {
            assertThat(heap.truncated()).isFalse();
            Map<String, long[]> ours = new TreeMap<>();
            for (HeapHistogramEntry e : heap.histogram()) {
                long[] sum = ours.computeIfAbsent(e.heapClass().name(), k -> new long[2]);
                sum[0] += e.instances();
                sum[1] += e.shallowBytes();
            }
            List<String> differences = new ArrayList<>();
            for (ClassHistogram.Entry row : expected.byClass().values()) {
                long[] o = ours.getOrDefault(row.className(), new long[2]);
                if (o[0] != row.instances() || o[1] != row.bytes()) {
                    differences.add(row.className() + ": JVM " + row.instances() + " / " + row.bytes() + " B, ours " + o[0] + " / " + o[1] + " B");
                }
            }
            for (Map.Entry<String, long[]> e : ours.entrySet()) {
                if (expected.get(e.getKey()) == null) {
                    differences.add(e.getKey() + ": JVM none, ours " + e.getValue()[0] + " / " + e.getValue()[1] + " B");
                }
            }
            assertThat(differences).as(id.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("oneFixturePerVersion")
    void fieldsRootsReachabilityAndRetainedSizesAgreeWithNetBeans(FixtureId id) throws IOException {
        Fixture fixture = Fixtures.scenario(id);
        try (Heap heap = Heap.open(fixture.liveDump())) {
            NetBeansOracle.Report report = NetBeansOracle.compare(heap, fixture.liveDump(), 300, 7);
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.retainedMismatches().size()).as(String.join("\n", report.retainedMismatches()))
                    .isLessThanOrEqualTo(report.retainedCompared() / 20);
        }
    }
}
