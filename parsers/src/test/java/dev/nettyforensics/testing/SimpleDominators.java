package dev.nettyforensics.testing;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.heap.HeapRoot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately different dominator algorithm to check {@link HeapDominators} against: the
 * iterative data-flow method of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance
 * Algorithm") over reverse postorder, on the same graph ({@link Heap#outbound} plus a virtual root
 * whose successors are the GC roots). Quadratic in the worst case: small dumps only.
 */
public final class SimpleDominators {
    private SimpleDominators() {}

    /** Immediate dominator per object index in {@link HeapDominators}' terms (object index, ROOT or UNREACHABLE). */
    public static int[] compute(Heap heap) {
        int n = heap.objectCount();
        int root = n;
        int[] rootSuccessors = heap.roots().stream().mapToInt(HeapRoot::objectIndex).distinct().toArray();
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
            int degree = v == root ? rootSuccessors.length : heap.outboundCount(v);
            if (top[1] < degree) {
                int t = v == root ? rootSuccessors[top[1]] : heap.outbound(v, top[1]);
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
                for (int k = 0; k < heap.outboundCount(v); k++) {
                    preds.get(heap.outbound(v, k)).add(v);
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
