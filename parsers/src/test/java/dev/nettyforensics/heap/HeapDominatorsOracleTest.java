package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapDominators} against a brute-force oracle on small random graphs (fixed seeds): an
 * object's dominators are the objects whose removal makes it unreachable from the roots, computed
 * by one search per object, nothing shared with Semi-NCA.
 */
class HeapDominatorsOracleTest {
    @AfterEach
    void restoreScratchSetting() {
        System.clearProperty("nettyforensics.scratch");
    }

    @Test
    void randomGraphsMatchTheDefinitionOfDominators() {
        for (int seed = 0; seed < 400; seed++) {
            Graph g = Graph.random(new SplittableRandom(seed));
            assertMatchesOracle(g, g.compute(), "seed " + seed);
        }
    }

    @Test
    void scratchFilesGiveTheSameResultsAsTheJavaHeap() {
        for (int seed = 1000; seed < 1040; seed++) {
            Graph g = Graph.random(new SplittableRandom(seed));
            System.setProperty("nettyforensics.scratch", "heap");
            HeapDominators onHeap = g.compute();
            System.setProperty("nettyforensics.scratch", "file");
            HeapDominators offHeap = g.compute();
            assertMatchesOracle(g, offHeap, "seed " + seed + " off heap");
            for (int i = 0; i < g.n; i++) {
                assertThat(offHeap.immediateDominator(i)).isEqualTo(onHeap.immediateDominator(i));
                assertThat(offHeap.retainedSize(i)).isEqualTo(onHeap.retainedSize(i));
                assertThat(offHeap.children(i)).containsExactly(onHeap.children(i));
            }
            assertThat(offHeap.children(HeapDominators.ROOT)).containsExactly(onHeap.children(HeapDominators.ROOT));
        }
    }

    @Test
    void sparseRetainedWeightsEqualTheDenseOnes() {
        for (int seed = 2000; seed < 2100; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Graph g = Graph.random(random);
            HeapDominators dom = g.compute();
            int k = g.n == 0 ? 0 : random.nextInt(6);
            int[] objects = new int[k];
            long[] weights = new long[k];
            long[] dense = new long[g.n];
            for (int i = 0; i < k; i++) {
                objects[i] = random.nextInt(g.n);
                weights[i] = 1 + random.nextInt(1000);
                dense[objects[i]] += weights[i];
            }
            long[] expected = dom.retainedOf(dense);
            IntToLongFunction sparse = dom.retainedOf(objects, weights);
            for (int i = 0; i < g.n; i++) {
                assertThat(sparse.applyAsLong(i)).as("seed %d object %d", seed, i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void aMillionElementChainWithEdgesBackUpIsNeitherRecursiveNorQuadratic() {
        int n = 1_000_000;
        // 0 -> 1 -> ... -> n-1, the last back to 1 (one path compression over the whole chain) and
        // every other element back to 0 (retreating edges pushed to the head)
        int[] start = new int[n + 1];
        int[] targets = new int[2 * n];
        int e = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n) {
                targets[e++] = i + 1;
            } else {
                targets[e++] = 1;
            }
            if (i % 2 == 1) {
                targets[e++] = 0;
            }
            start[i + 1] = e;
        }
        HeapDominators dom = HeapDominators.compute(n, start, Arrays.copyOf(targets, e), new int[] {0}, i -> 16);
        assertThat(dom.reachableCount()).isEqualTo(n);
        assertThat(dom.immediateDominator(0)).isEqualTo(HeapDominators.ROOT);
        assertThat(dom.immediateDominator(1)).isZero();
        assertThat(dom.immediateDominator(n - 1)).isEqualTo(n - 2);
        assertThat(dom.retainedSize(0)).isEqualTo(16L * n);
        assertThat(dom.retainedSize(n / 2)).isEqualTo(16L * (n - n / 2));
        assertThat(dom.dominates(1, n - 1)).isTrue();
        assertThat(dom.children(n - 2)).containsExactly(n - 1);
    }

    @Test
    void shallowSizesBeyondTwoGigabytesAddUpExactlyOnEveryMemoryPath() {
        // 0 -> 1 -> 2, object 1 a 3 GB array
        int[] start = {0, 1, 2, 2};
        int[] targets = {1, 2};
        IntToLongFunction size = i -> i == 1 ? 3_000_000_000L : 16;
        for (String scratch : new String[] {"heap", "file"}) {
            System.setProperty("nettyforensics.scratch", scratch);
            HeapDominators dom = HeapDominators.compute(3, start, targets, new int[] {0}, size);
            assertThat(dom.retainedSize(0)).as(scratch).isEqualTo(3_000_000_032L);
            assertThat(dom.retainedSize(1)).as(scratch).isEqualTo(3_000_000_016L);
            assertThat(dom.reachableShallowSize()).as(scratch).isEqualTo(3_000_000_032L);
        }
    }

    @Test
    void emptyGraphsAndGraphsWithoutRootsHaveNothingReachable() {
        HeapDominators none = HeapDominators.compute(0, new int[] {0}, new int[0], new int[0], i -> 1);
        assertThat(none.reachableCount()).isZero();
        assertThat(none.reachableShallowSize()).isZero();
        assertThat(none.children(HeapDominators.ROOT)).isEmpty();
        HeapDominators rootless = HeapDominators.compute(2, new int[] {0, 1, 2}, new int[] {1, 0}, new int[0], i -> 8);
        assertThat(rootless.unreachableCount()).isEqualTo(2);
        assertThat(rootless.immediateDominator(1)).isEqualTo(HeapDominators.UNREACHABLE);
        assertThat(rootless.retainedOf(new long[] {3, 4})).containsExactly(3, 4);
    }

    private static void assertMatchesOracle(Graph g, HeapDominators dom, String what) {
        BitSet reachable = g.reachableWithout(-1);
        // dominators[w] = objects whose removal cuts w off (w itself included)
        BitSet[] dominators = new BitSet[g.n];
        for (int w = 0; w < g.n; w++) {
            dominators[w] = new BitSet();
        }
        for (int d = 0; d < g.n; d++) {
            if (!reachable.get(d)) {
                continue;
            }
            BitSet without = g.reachableWithout(d);
            for (int w = reachable.nextSetBit(0); w >= 0; w = reachable.nextSetBit(w + 1)) {
                if (w == d || !without.get(w)) {
                    dominators[w].set(d);
                }
            }
        }
        assertThat(dom.reachableCount()).as(what).isEqualTo(reachable.cardinality());
        long total = 0;
        for (int w = 0; w < g.n; w++) {
            assertThat(dom.isReachable(w)).as(what + " reachable %d", w).isEqualTo(reachable.get(w));
            if (!reachable.get(w)) {
                assertThat(dom.immediateDominator(w)).as(what).isEqualTo(HeapDominators.UNREACHABLE);
                assertThat(dom.retainedSize(w)).as(what).isZero();
                continue;
            }
            total += g.size[w];
            int expectedIdom = HeapDominators.ROOT;
            for (int d = dominators[w].nextSetBit(0); d >= 0; d = dominators[w].nextSetBit(d + 1)) {
                if (d != w && dominators[d].cardinality() == dominators[w].cardinality() - 1) {
                    expectedIdom = d;
                }
            }
            assertThat(dom.immediateDominator(w)).as(what + " idom of %d", w).isEqualTo(expectedIdom);
            long retained = 0;
            List<Integer> children = new ArrayList<>();
            for (int x = reachable.nextSetBit(0); x >= 0; x = reachable.nextSetBit(x + 1)) {
                if (dominators[x].get(w)) {
                    retained += g.size[x];
                }
                assertThat(dom.dominates(w, x)).as(what + " %d dominates %d", w, x).isEqualTo(dominators[x].get(w));
            }
            for (int x = 0; x < g.n; x++) {
                if (reachable.get(x) && dom.immediateDominator(x) == w) {
                    children.add(x);
                }
            }
            assertThat(dom.retainedSize(w)).as(what + " retained %d", w).isEqualTo(retained);
            assertThat(dom.children(w)).as(what + " children of %d", w).containsExactlyInAnyOrder(children.stream().mapToInt(Integer::intValue).toArray());
        }
        assertThat(dom.reachableShallowSize()).as(what).isEqualTo(total);
    }

    /** A random object graph in CSR form, with duplicate roots, self references and repeated edges. */
    private record Graph(int n, int[] start, int[] targets, int[] roots, long[] size) {
        static Graph random(SplittableRandom random) {
            int n = random.nextInt(40);
            int[] start = new int[n + 1];
            List<Integer> targets = new ArrayList<>();
            int fanOut = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                int degree = random.nextInt(fanOut + 1);
                for (int e = 0; e < degree; e++) {
                    // mostly nearby objects, as allocation order makes them in real heaps
                    int t = random.nextInt(4) == 0 ? random.nextInt(n) : Math.min(n - 1, Math.max(0, i + random.nextInt(7) - 3));
                    targets.add(t);
                }
                start[i + 1] = targets.size();
            }
            int[] roots = new int[n == 0 ? 0 : 1 + random.nextInt(3)];
            for (int r = 0; r < roots.length; r++) {
                roots[r] = random.nextInt(n);
            }
            long[] size = new long[n];
            for (int i = 0; i < n; i++) {
                size[i] = 16 + 8 * random.nextInt(10);
            }
            return new Graph(n, start, targets.stream().mapToInt(Integer::intValue).toArray(), roots, size);
        }

        HeapDominators compute() {
            return HeapDominators.compute(n, start, targets, roots, i -> size[i]);
        }

        BitSet reachableWithout(int removed) {
            BitSet seen = new BitSet(n);
            int[] queue = new int[n];
            int head = 0;
            int tail = 0;
            for (int r : roots) {
                if (r != removed && !seen.get(r)) {
                    seen.set(r);
                    queue[tail++] = r;
                }
            }
            while (head < tail) {
                int v = queue[head++];
                for (int e = start[v]; e < start[v + 1]; e++) {
                    int t = targets[e];
                    if (t != removed && !seen.get(t)) {
                        seen.set(t);
                        queue[tail++] = t;
                    }
                }
            }
            return seen;
        }

        @Override
        public String toString() {
            return "Graph[n=" + n + ", start=" + Arrays.toString(start) + ", targets=" + Arrays.toString(targets) + "]";
        }
    }
}
