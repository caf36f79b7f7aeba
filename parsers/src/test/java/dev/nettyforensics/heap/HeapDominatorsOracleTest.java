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
    void largerGraphsWithHotTargetsMatchAnIterativeDominatorAlgorithmOnEveryMemoryPath() {
        for (int seed = 0; seed < 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = 60_000;
            int classes = 40;
            int[] start = new int[n + 1];
            List<Integer> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i >= classes) {
                    targets.add(random.nextInt(classes)); // like instance -> class: thousands of referrers each
                }
                for (int e = random.nextInt(3); e > 0; e--) {
                    targets.add(random.nextInt(5) == 0 ? random.nextInt(n) : Math.min(n - 1, i + 1 + random.nextInt(20)));
                }
                start[i + 1] = targets.size();
            }
            int[] edges = targets.stream().mapToInt(Integer::intValue).toArray();
            int[] roots = {classes + 1, random.nextInt(n), random.nextInt(n), 0};
            int[] expected = iterativeDominators(n, start, edges, roots);
            for (String scratch : new String[] {"heap", "file"}) {
                System.setProperty("nettyforensics.scratch", scratch);
                HeapDominators dom = HeapDominators.compute(n, start, edges, roots, i -> 16 + i % 3 * 8);
                for (int i = 0; i < n; i++) {
                    assertThat(dom.immediateDominator(i)).as("seed %d %s idom of %d", seed, scratch, i).isEqualTo(expected[i]);
                }
                long[] retained = new long[n];
                int[] depthOrder = byDepthDescending(expected);
                for (int i : depthOrder) {
                    retained[i] += 16 + i % 3 * 8;
                    if (expected[i] >= 0) {
                        retained[expected[i]] += retained[i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertThat(dom.retainedSize(i)).as("seed %d %s retained %d", seed, scratch, i).isEqualTo(retained[i]);
                }
            }
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

    /**
     * Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast Dominance Algorithm"): an
     * independent way to the same immediate dominators, as object indexes, ROOT or UNREACHABLE.
     */
    private static int[] iterativeDominators(int n, int[] start, int[] targets, int[] roots) {
        // vertex n is the virtual root; reverse postorder by an explicit-stack DFS
        int[] postorder = new int[n + 1];
        int[] order = new int[n + 1];
        Arrays.fill(postorder, -1);
        boolean[] seen = new boolean[n + 1];
        int[] stack = new int[n + 2];
        int[] cursor = new int[n + 2];
        int count = 0;
        int sp = 0;
        stack[sp] = n;
        cursor[sp++] = 0;
        seen[n] = true;
        while (sp > 0) {
            int v = stack[sp - 1];
            int degree = v == n ? roots.length : start[v + 1] - start[v];
            if (cursor[sp - 1] < degree) {
                int c = cursor[sp - 1]++;
                int t = v == n ? roots[c] : targets[start[v] + c];
                if (!seen[t]) {
                    seen[t] = true;
                    stack[sp] = t;
                    cursor[sp++] = 0;
                }
            } else {
                postorder[v] = count;
                order[count++] = v;
                sp--;
            }
        }
        List<List<Integer>> preds = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            preds.add(new ArrayList<>());
        }
        for (int r : roots) {
            preds.get(r).add(n);
        }
        for (int v = 0; v < n; v++) {
            for (int e = start[v]; e < start[v + 1]; e++) {
                preds.get(targets[e]).add(v);
            }
        }
        int[] idom = new int[n + 1];
        Arrays.fill(idom, -1);
        idom[n] = n;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int k = count - 2; k >= 0; k--) {
                int b = order[k];
                int newIdom = -1;
                for (int p : preds.get(b)) {
                    if (postorder[p] < 0 || idom[p] < 0) {
                        continue;
                    }
                    if (newIdom < 0) {
                        newIdom = p;
                    } else {
                        int f1 = p;
                        int f2 = newIdom;
                        while (f1 != f2) {
                            while (postorder[f1] < postorder[f2]) {
                                f1 = idom[f1];
                            }
                            while (postorder[f2] < postorder[f1]) {
                                f2 = idom[f2];
                            }
                        }
                        newIdom = f1;
                    }
                }
                if (idom[b] != newIdom) {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }
        int[] result = new int[n];
        for (int v = 0; v < n; v++) {
            result[v] = postorder[v] < 0 ? HeapDominators.UNREACHABLE : idom[v] == n ? HeapDominators.ROOT : idom[v];
        }
        return result;
    }

    /** Reachable objects, deepest in the dominator tree first (children before their dominators). */
    private static int[] byDepthDescending(int[] idom) {
        int n = idom.length;
        int[] depth = new int[n];
        List<Integer> reachable = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (idom[i] == HeapDominators.UNREACHABLE) {
                continue;
            }
            reachable.add(i);
            int d = 0;
            for (int x = i; idom[x] != HeapDominators.ROOT; x = idom[x]) {
                d++;
            }
            depth[i] = d;
        }
        return reachable.stream().sorted((a, b) -> Integer.compare(depth[b], depth[a])).mapToInt(Integer::intValue).toArray();
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
