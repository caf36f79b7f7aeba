package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.testing.NetBeansOracle;
import dev.nettyforensics.testing.SelfDump;
import dev.nettyforensics.testing.SimpleDominators;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NetBeans profiler heap library as an independent oracle on a dump of the test JVM itself:
 * field values, GC roots, reachability and the dominator tree must agree on sampled objects.
 */
class HeapAgainstNetBeansTest {
    static final Map<String, Object> GRAPH = new HashMap<>();

    @TempDir
    Path dir;

    @Test
    void fieldValuesRootsReachabilityAndRetainedSizesAgreeWithNetBeans() throws IOException {
        List<Object> shared = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Object[] node = {"n" + i, new byte[i % 64], i % 3 == 0 ? shared : null, (long) i, i * 0.5};
            GRAPH.put("k" + i, node);
            if (i % 10 == 0) {
                shared.add(node);
            }
        }
        Path file = SelfDump.dump(dir.resolve("self.hprof"));
        try (Heap heap = Heap.open(file)) {
            NetBeansOracle.Report report = NetBeansOracle.compare(heap, file, 400, 42);
            assertThat(report.mismatches()).isEmpty();
            assertThat(report.sampled()).isGreaterThanOrEqualTo(400);
            assertThat(report.fieldsCompared()).isGreaterThan(400);
            // NetBeans' retained sizes differ on a few percent of sampled objects. Two causes are
            // known: it has no instance-to-class edge (a generated class hanging off one instance is
            // attributed elsewhere), and its dominator tree appears to follow Reference.referent,
            // which we drop on purpose (weakly reachable objects are collectable). Letting referents
            // count as edges removed about half of the differences in some runs, not in others; the
            // rest are not traced yet.
            assertThat(report.retainedMismatches().size()).as(String.join("\n", report.retainedMismatches()))
                    .isLessThanOrEqualTo(report.retainedCompared() / 20);
        }
    }

    @Test
    void semiNcaDominatorsEqualTheIterativeAlgorithmOnEveryObject() throws IOException {
        Path file = SelfDump.dump(dir.resolve("self.hprof"));
        try (Heap heap = Heap.open(file)) {
            int[] expected = SimpleDominators.compute(heap);
            HeapDominators dom = heap.dominators();
            int differing = 0;
            for (int i = 0; i < heap.objectCount(); i++) {
                if (dom.immediateDominator(i) != expected[i]) {
                    differing++;
                }
            }
            assertThat(differing).isZero();
            assertThat(dom.reachableCount()).isGreaterThan(10_000);
        }
    }
}
