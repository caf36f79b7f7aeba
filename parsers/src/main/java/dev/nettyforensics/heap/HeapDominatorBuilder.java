package dev.nettyforensics.heap;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.IntToLongFunction;

/**
 * Computes {@link HeapDominators}: one iterative depth-first search from the GC roots, Semi-NCA
 * semidominators, immediate dominators as nearest common ancestors, then retained sizes.
 *
 * <p>Memory is what bounds a 4 GiB dump under {@code -Xmx2g}, so the Java heap holds only the arrays
 * the algorithm reads at random: object → preorder number (4 bytes per object), parent/immediate
 * dominator (4 bytes per vertex) and one interleaved pair per vertex (8 bytes) that first holds the
 * semidominator candidate and the head of a retreating-edge list and then, once the vertex is
 * processed, its path-compression label and ancestor, so one cache line serves both reads of a
 * compression step. The rest (preorder → object, semidominators, the edge lists, retained sizes) is
 * read or written mostly in sequence and lives in {@link HeapIntArray} / {@link HeapLongArray}, off
 * heap when large. Peak: 16 bytes per object on the heap plus the DFS stack (8 bytes per level of the
 * deepest path).
 *
 * <p>Predecessors are never materialised as a whole. The search sees every edge {@code v → w} once:
 * <ul>
 * <li>the tree edge makes {@code v} the parent and first semidominator candidate of {@code w};
 * <li>a forward edge ({@code v < w}) offers {@code v} as candidate, folded in on the spot;
 * <li>a retreating edge ({@code v > w}: back or cross) offers the best semidominator on {@code v}'s
 *     forest path at the time {@code w} is processed. If {@code v}'s parent is at most {@code w}, that
 *     path is {@code v} alone, so the candidate is {@code v}'s own semidominator: the edge goes into
 *     {@code v}'s list and is pushed to {@code w} right after {@code v} is processed, which walks the
 *     lists roughly in the order they were written. Only the other retreating edges (rare in heaps)
 *     go into {@code w}'s list and are evaluated with path compression when {@code w} is processed.
 * </ul>
 *
 * <p>The shallow sizes are read on a second thread while the semidominators are computed; the
 * {@code shallowSize} function must therefore be safe to call from another thread. Not thread safe
 * itself: one instance per computation.
 */
final class HeapDominatorBuilder {
    private final int objectCount;
    private final HeapIntArray start;
    private final HeapIntArray targets;
    private final int[] rootObjects;
    private final IntToLongFunction shallowSize;

    /** Preorder number per object index; 0 = not reached (the virtual root has 0, real vertices from 1). */
    private int[] pre;
    /** Object index per preorder number; entry 0 (the virtual root) is -1. */
    private HeapIntArray vertex;
    /** DFS parent per preorder number, turned into the immediate dominator in place. */
    private int[] parent;
    /**
     * Two ints per preorder number {@code v}: before {@code v} is processed, {@code [2v]} is the least
     * semidominator candidate known so far and {@code [2v+1]} the head of its list of retreating edges
     * that must be evaluated when it is processed (0 = empty); afterwards {@code [2v]} is the least
     * semidominator on its compressed forest path ("label" of Lengauer-Tarjan, stored as its
     * semidominator) and {@code [2v+1]} its forest ancestor.
     */
    private int[] pairs;
    /**
     * Per preorder number {@code v}: until {@code v} is processed, the head of the list of its own
     * retreating edges whose target gets {@code v}'s semidominator as candidate (0 = empty); then
     * {@code v}'s semidominator.
     */
    private HeapIntArray semi;
    /**
     * Linked lists of retreating edges, two ints per entry k ≥ 1: {@code [2k]} the other end (the
     * target in a source's list, the source in a target's list), {@code [2k+1]} the next entry.
     */
    private HeapIntArray edges;
    private int reachable;

    HeapDominatorBuilder(int objectCount, HeapIntArray start, HeapIntArray targets, int[] rootObjects, IntToLongFunction shallowSize) {
        if (start.length() < objectCount + 1L) {
            throw new IllegalArgumentException("start has " + start.length() + " entries for " + objectCount + " objects");
        }
        if (2L * (objectCount + 1L) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dominators support at most 2^30 objects, got " + objectCount);
        }
        this.objectCount = objectCount;
        this.start = start;
        this.targets = targets;
        this.rootObjects = rootObjects;
        this.shallowSize = shallowSize;
    }

    HeapDominators build() {
        long[] clock = {System.nanoTime()};
        depthFirstSearch();
        HeapIndexBuilder.phase("depth-first search", clock);
        FutureTask<HeapLongArray> shallow = new FutureTask<>(this::shallowSizesByPreorder);
        Thread reader = new Thread(shallow, "heap-dominators-shallow-sizes");
        reader.setDaemon(true);
        reader.start();
        HeapIntArray semiDominators = semidominators();
        HeapIndexBuilder.phase("semidominators", clock);
        int[] idom = immediateDominators(semiDominators);
        semiDominators = null;
        HeapIndexBuilder.phase("immediate dominators", clock);
        HeapLongArray retained = join(shallow);
        for (int w = reachable - 1; w >= 1; w--) {
            retained.add(idom[w], retained.get(w));
        }
        HeapIndexBuilder.phase("retained sizes", clock);
        return new HeapDominators(objectCount, pre, vertex, idom, retained, reachable);
    }

    /**
     * Numbers the reachable objects in preorder, records parents, folds forward edges into the
     * semidominator candidates and lists retreating edges. Iterative: the path lives in a growable
     * int stack (edge cursor and end per level), so a million-element chain costs 8 MB, not a
     * StackOverflowError.
     */
    private void depthFirstSearch() {
        int n = objectCount;
        pre = new int[n];
        vertex = HeapIntArray.allocate(n + 1L);
        parent = new int[n + 1];
        pairs = new int[2 * (n + 1)];
        semi = HeapIntArray.allocate(n + 1L);
        edges = HeapIntArray.allocate(2 * (targets.length() + rootObjects.length + 1));
        vertex.set(0, -1);
        int count = 1;
        int edgeCount = 0;
        int[] stack = new int[2048];
        for (int root : rootObjects) {
            int p = pre[root];
            if (p != 0) {
                pairs[2 * p] = 0; // another edge from the virtual root: the least possible candidate
                continue;
            }
            int cur = count++;
            pre[root] = cur;
            vertex.set(cur, root);
            // parent[cur] and pairs[2 * cur] stay 0: the virtual root
            int e = start.get(root);
            int end = start.get(root + 1);
            int sp = 0;
            while (true) {
                if (e < end) {
                    int t = targets.get(e++);
                    int pt = pre[t];
                    if (pt == 0) {
                        if (sp == stack.length) {
                            stack = Arrays.copyOf(stack, sp * 2);
                        }
                        stack[sp++] = e;
                        stack[sp++] = end;
                        int c = count++;
                        pre[t] = c;
                        vertex.set(c, t);
                        parent[c] = cur;
                        pairs[2 * c] = cur;
                        cur = c;
                        e = start.get(t);
                        end = start.get(t + 1);
                    } else if (pt > cur) {
                        if (cur < pairs[2 * pt]) {
                            pairs[2 * pt] = cur;
                        }
                    } else if (pt < cur) {
                        edgeCount++;
                        long at = 2L * edgeCount;
                        edges.set(at, pt);
                        if (parent[cur] <= pt) { // pushed to pt once cur's semidominator is known
                            edges.set(at + 1, semi.get(cur));
                            semi.set(cur, edgeCount);
                        } else { // evaluated when pt is processed
                            edges.set(at, cur);
                            edges.set(at + 1, pairs[2 * pt + 1]);
                            pairs[2 * pt + 1] = edgeCount;
                        }
                    }
                } else if (sp > 0) {
                    end = stack[--sp];
                    e = stack[--sp];
                    cur = parent[cur];
                } else {
                    break;
                }
            }
        }
        reachable = count;
    }

    /**
     * Semi-NCA's first half, in reverse preorder: each vertex's semidominator is the least of its
     * candidates (parent, forward edges, pushed retreating edges) and, for each retreating edge in its
     * own list, the best semidominator on the source's compressed forest path; then it is pushed along
     * the retreating edges in its source list. Returns the semidominators by preorder number.
     */
    private HeapIntArray semidominators() {
        int r = reachable;
        int[] p = pairs;
        HeapIntArray semi = this.semi;
        int[] path = new int[1024];
        for (int w = r - 1; w >= 1; w--) {
            int best = p[2 * w];
            for (int k = p[2 * w + 1]; k != 0; ) {
                long at = 2L * k;
                int v = edges.get(at);
                k = edges.get(at + 1);
                // Eval(v): v > w is processed; compress its path up to the last processed vertex.
                int x = v;
                int sp = 0;
                while (p[2 * x + 1] > w) {
                    if (sp == path.length) {
                        path = Arrays.copyOf(path, sp * 2);
                    }
                    path[sp++] = x;
                    x = p[2 * x + 1];
                }
                while (sp > 0) {
                    int y = path[--sp];
                    int a = p[2 * y + 1];
                    if (p[2 * a] < p[2 * y]) {
                        p[2 * y] = p[2 * a];
                    }
                    p[2 * y + 1] = p[2 * a + 1];
                }
                int candidate = p[2 * v];
                if (candidate < best) {
                    best = candidate;
                }
            }
            for (int k = semi.get(w); k != 0; ) {
                long at = 2L * k;
                int target = edges.get(at);
                k = edges.get(at + 1);
                if (best < p[2 * target]) {
                    p[2 * target] = best;
                }
            }
            semi.set(w, best);
            p[2 * w] = best;
            p[2 * w + 1] = parent[w];
        }
        pairs = null;
        edges = null;
        this.semi = null;
        return semi;
    }

    /** Semi-NCA's second half: the immediate dominator is the nearest ancestor at or above the semidominator. */
    private int[] immediateDominators(HeapIntArray semi) {
        int[] idom = parent;
        parent = null;
        for (int w = 1; w < reachable; w++) {
            int s = semi.get(w);
            int x = idom[w];
            while (x > s) {
                x = idom[x];
            }
            idom[w] = x;
        }
        return idom;
    }

    /** Shallow size per preorder number; objects in index order, so reads of the dump go forward. */
    private HeapLongArray shallowSizesByPreorder() {
        HeapLongArray sizes = HeapLongArray.allocate(reachable);
        int[] preorder = pre;
        for (int node = 0; node < objectCount; node++) {
            int v = preorder[node];
            if (v > 0) {
                sizes.set(v, shallowSize.applyAsLong(node));
            }
        }
        return sizes;
    }

    private static HeapLongArray join(FutureTask<HeapLongArray> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
