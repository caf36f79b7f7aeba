package dev.nettyforensics.testing;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.heap.HeapRoot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A deliberately different dominator algorithm to check {@link HeapDominators} against: the
 * iterative data-flow method of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance
 * Algorithm") over reverse postorder, on the same graph ({@link Heap#outbound} plus a virtual root
 * whose successors are the GC roots), or on any other graph given as successor lists.
 * Quadratic in the worst case: small dumps only.
 */
public final class SimpleDominators {
    private SimpleDominators() {}

    /** Immediate dominator per object index in {@link HeapDominators}' terms (object index, ROOT or UNREACHABLE). */
    public static int[] compute(Heap heap) {
        int[] roots = heap.roots().stream().mapToInt(HeapRoot::objectIndex).toArray();
        return compute(heap.objectCount(), roots, heap::outbound);
    }

    /**
     * The same over any graph of {@code n} vertices: {@code successors} gives each vertex's
     * outbound edges (duplicates allowed), {@code roots} the vertices the virtual root points at.
     */
    public static int[] compute(int n, int[] roots, IntFunction<int[]> successors) {
        int root = n;
        int[] rootSuccessors = Arrays.stream(roots).distinct().toArray();
        int[][] out = new int[n][];
        for (int v = 0; v < n; v++) {
            out[v] = successors.apply(v);
        }
        // postorder numbering by an explicit-stack DFS
        int[] post = new int[n + 1];
        Arrays.fill(post, -1);
        int[] order = new int[n + 1];
        boolean[] seen = new boolean[n + 1];
        int count = 0;
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {root, 0});
        seen[root] = true;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int v = top[0];
            int[] next = v == root ? rootSuccessors : out[v];
            if (top[1] < next.length) {
                int t = next[top[1]];
                top[1]++;
                if (!seen[t]) {
                    seen[t] = true;
                    stack.push(new int[] {t, 0});
                }
            } else {
                stack.pop();
                post[v] = count;
                order[count++] = v;
            }
        }
        List<List<Integer>> preds = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            preds.add(new ArrayList<>(2));
        }
        for (int t : rootSuccessors) {
            preds.get(t).add(root);
        }
        for (int v = 0; v < n; v++) {
            if (seen[v]) {
                for (int t : out[v]) {
                    preds.get(t).add(v);
                }
            }
        }
        int[] idom = new int[n + 1];
        Arrays.fill(idom, -1);
        idom[root] = root;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int k = count - 2; k >= 0; k--) { // reverse postorder, root (last) excluded
                int b = order[k];
                int newIdom = -1;
                for (int p : preds.get(b)) {
                    if (idom[p] < 0) {
                        continue;
                    }
                    newIdom = newIdom < 0 ? p : intersect(p, newIdom, idom, post);
                }
                if (idom[b] != newIdom) {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }
        int[] result = new int[n];
        for (int v = 0; v < n; v++) {
            result[v] = !seen[v] ? HeapDominators.UNREACHABLE : idom[v] == root ? HeapDominators.ROOT : idom[v];
        }
        return result;
    }

    /**
     * Retained size of every vertex from immediate dominators as {@link #compute} returns them:
     * its own weight plus the weights of everything it dominates (0 for unreachable vertices).
     */
    public static long[] retainedSizes(int[] idom, long[] weight) {
        int n = idom.length;
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int[] path = new int[n];
        for (int v = 0; v < n; v++) {
            int length = 0;
            int x = v;
            while (depth[x] < 0 && idom[x] >= 0) {
                path[length++] = x;
                x = idom[x];
            }
            int d = Math.max(depth[x], 0);
            depth[x] = d;
            while (length > 0) {
                depth[path[--length]] = ++d;
            }
        }
        Integer[] deepestFirst = new Integer[n];
        for (int v = 0; v < n; v++) {
            deepestFirst[v] = v;
        }
        Arrays.sort(deepestFirst, (a, b) -> Integer.compare(depth[b], depth[a]));
        long[] retained = new long[n];
        for (int v : deepestFirst) {
            if (idom[v] == HeapDominators.UNREACHABLE) {
                continue;
            }
            retained[v] += weight[v];
            if (idom[v] >= 0) {
                retained[idom[v]] += retained[v];
            }
        }
        return retained;
    }

    private static int intersect(int a, int b, int[] idom, int[] post) {
        while (a != b) {
            while (post[a] < post[b]) {
                a = idom[a];
            }
            while (post[b] < post[a]) {
                b = idom[b];
            }
        }
        return a;
    }
}
