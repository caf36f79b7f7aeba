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
 * the algorithm reads at random (random reads of a memory-mapped scratch file cost about three times
 * those of a Java array): object → preorder number (4 bytes per object), parent/immediate dominator
 * (4 bytes per vertex) and one interleaved pair per vertex (8 bytes) that first holds the
 * semidominator candidate and a count of retreating edges and then, once the vertex is processed,
 * its path-compression label and ancestor, so one cache line serves both reads of a compression
 * step. The rest (preorder → object, semidominators, edge lists, retained sizes) is read or written
 * mostly in sequence and lives in {@link HeapIntArray} / {@link HeapLongArray}, off heap when large.
 * That is 16 bytes per object on the heap plus the DFS stack (8 bytes per level of the deepest path).
 * Arrays used at random but not needed throughout (a copy of the reference starts for the search, the
 * sorted edge sources, the shallow sizes) join them on the heap while the total stays within
 * {@link HeapIndexBuilder#DOMINATOR_BYTES_PER_OBJECT} per object, which the capacity check reserves,
 * and go to scratch otherwise. Scratch arrays under {@link HeapScratch}'s threshold stay on the heap
 * and count against the same budget.
 *
 * <p>Predecessors are never materialised as a whole. The search sees every edge {@code v → w} once:
 * <ul>
 * <li>the tree edge makes {@code v} the parent and first semidominator candidate of {@code w};
 * <li>an edge into a GC root offers nothing: the virtual root (0) is already its candidate;
 * <li>a forward edge ({@code v < w}) offers {@code v} as candidate, folded in on the spot;
 * <li>a retreating edge ({@code v > w}: back or cross) offers the best semidominator on {@code v}'s
 *     forest path at the time {@code w} is processed. If a GC root visited after {@code w} is on the
 *     search path to {@code v} (e.g. the root of a search tree started after {@code w} was visited),
 *     that forest path passes it, so the candidate is 0, folded in on the spot; so are edges into a
 *     vertex whose candidate is 0 already. If
 *     {@code v}'s parent is at most {@code w}, that
 *     path is {@code v} alone, so the candidate is {@code v}'s own semidominator: the edge goes into
 *     {@code v}'s list and is pushed to {@code w} right after {@code v} is processed. The others (in
 *     heaps mostly instance → class edges) are sorted by target after the search (a counting sort)
 *     and evaluated with path compression when their target is processed, reading them in sequence.
 * </ul>
 *
 * <p>The shallow sizes are read on a second thread while the semidominators are computed; the
 * {@code shallowSize} function must therefore be safe to call from another thread. Not thread safe
 * itself: one instance per computation.
 */
final class HeapDominatorBuilder {
    /** {@link #pre} of a GC root not visited yet. */
    private static final int UNVISITED_ROOT = Integer.MIN_VALUE;

    private final int objectCount;
    private final HeapIntArray start;
    private final HeapIntArray targets;
    private final int[] rootObjects;
    private final IntToLongFunction shallowSize;

    /**
     * Preorder number per object index; 0 = not reached (the virtual root has 0, real vertices count
     * from 1). During the search GC roots are negative ({@link #UNVISITED_ROOT}, then minus their
     * number), so an edge into a root is recognised without touching the root's own data; the
     * shallow-size thread makes them positive.
     */
    private int[] pre;
    /** Object index per preorder number; entry 0 (the virtual root) is -1. */
    private HeapIntArray vertex;
    /** DFS parent per preorder number, turned into the immediate dominator in place. */
    private int[] parent;
    /**
     * Two ints per preorder number {@code v}: before {@code v} is processed, {@code [2v]} is the least
     * semidominator candidate known so far and {@code [2v+1]} the number of retreating edges into
     * {@code v} to evaluate, after the sort the start of their range in {@link #sources}; afterwards
     * {@code [2v]} is the least semidominator on its compressed forest path ("label" of
     * Lengauer-Tarjan, stored as its semidominator) and {@code [2v+1]} its forest ancestor.
     */
    private int[] pairs;
    /**
     * Per preorder number {@code v}: until {@code v} is processed, the head of the list of its own
     * retreating edges whose target gets {@code v}'s semidominator as candidate (0 = empty); then
     * {@code v}'s semidominator.
     */
    private HeapIntArray semi;
    /**
     * Retreating edges in the order the search met them, two ints per entry k ≥ 1: to evaluate at
     * the target, {@code [2k]} the target and {@code [2k+1]} the source; to push from the source,
     * {@code [2k]} minus the target and {@code [2k+1]} the source's next entry.
     */
    private HeapIntArray edges;
    private int edgeCount;
    /** Sources of the retreating edges to evaluate, grouped by target. */
    private HeapIntArray sources;
    private int reachable;
    /** Bytes of Java heap the computation holds, against its budget (see {@link #allowOnHeap}). */
    private long heapHeld;

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
        int total = countEdgesToEvaluate();
        // Both the sort and the shallow-size thread write at random: into Java arrays while the budget has room.
        if (total <= HeapDominatorBlocks.MAX_WRAP && allowOnHeap(4L * total)) {
            sources = HeapIntArray.wrap(new int[total]);
        } else {
            sources = HeapIntArray.allocate(total);
            heapHeld += heapBytes(sources); // small arrays stay on the heap anyway
        }
        long sourceBytes = heapBytes(sources);
        int[] smallSizes = allowOnHeap(4L * reachable) ? new int[reachable] : null;
        FutureTask<HeapLongArray> shallow = new FutureTask<>(() -> shallowSizesByPreorder(smallSizes));
        Thread reader = new Thread(shallow, "heap-dominators-shallow-sizes");
        reader.setDaemon(true);
        reader.start();
        sortEdgesToEvaluate();
        HeapIndexBuilder.phase("sort retreating edges", clock);
        HeapIntArray semiDominators = semidominators();
        heapHeld -= 8L * (objectCount + 1) + sourceBytes;
        HeapIndexBuilder.phase("semidominators", clock);
        int[] idom = immediateDominators(semiDominators);
        semiDominators = null;
        HeapIndexBuilder.phase("immediate dominators", clock);
        HeapLongArray retained = join(shallow);
        if (smallSizes == null) {
            for (int w = reachable - 1; w >= 1; w--) {
                retained.add(idom[w], retained.get(w));
            }
        } else {
            // Children before parents (reverse preorder), in a Java array when there is room again
            // (the pairs are gone): the sums go up the tree at random.
            long[] sums = reachable <= HeapDominatorBlocks.MAX_WRAP / 2 && allowOnHeap(8L * reachable) ? new long[reachable] : null;
            HeapLongArray target = sums != null ? HeapLongArray.wrap(sums) : HeapLongArray.allocate(reachable);
            for (int w = reachable - 1; w >= 1; w--) {
                int size = smallSizes[w];
                long value = target.get(w) + (size >= 0 ? size : shallowSize.applyAsLong(vertex.get(w)));
                target.set(w, value);
                target.add(idom[w], value);
            }
            if (sums != null) {
                retained = HeapLongArray.allocate(reachable);
                retained.put(0, sums, 0, reachable);
            } else {
                retained = target;
            }
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
        heapHeld = 16L * n + heapBytes(vertex) + heapBytes(semi) + heapBytes(edges);
        // The search reads each vertex's reference range at random: from a Java copy when there is room.
        HeapIntArray start = this.start;
        long startBytes = 4L * (n + 1);
        if (start.offHeap() && n + 1L <= HeapDominatorBlocks.MAX_WRAP && allowOnHeap(startBytes)) {
            int[] copy = new int[n + 1];
            start.get(0, copy, 0, n + 1);
            start = HeapIntArray.wrap(copy);
        } else {
            startBytes = 0;
        }
        vertex.set(0, -1);
        HeapDominatorBlocks.Writer vertices = new HeapDominatorBlocks.Writer(vertex, 1);
        HeapDominatorBlocks.Writer edgeList = new HeapDominatorBlocks.Writer(edges, 2);
        for (int root : rootObjects) {
            pre[root] = UNVISITED_ROOT;
        }
        int count = 1;
        int k = 0;
        int[] stack = new int[2048];
        int[] rootStack = new int[64];
        for (int root : rootObjects) {
            if (pre[root] != UNVISITED_ROOT) {
                continue; // reached from an earlier root; its candidate is 0 already
            }
            int cur = count++;
            // The deepest GC root on the search path (this tree's root at first), and those above it.
            int deepestRoot = cur;
            int rootSp = 0;
            pre[root] = -cur;
            vertices.add(root);
            // parent[cur] and pairs[2 * cur] stay 0: the virtual root
            int e = start.get(root);
            int end = start.get(root + 1);
            int sp = 0;
            while (true) {
                if (e < end) {
                    int t = targets.get(e++);
                    int pt = pre[t];
                    if (pt > 0) {
                        if (pt > cur) { // forward edge
                            if (cur < pairs[2 * pt]) {
                                pairs[2 * pt] = cur;
                            }
                        } else if (pt < cur) { // retreating edge
                            if (pt < deepestRoot || pairs[2 * pt] == 0) {
                                // cur's path up to the last vertex above pt passes a GC root,
                                // whose semidominator is 0.
                                pairs[2 * pt] = 0;
                                continue;
                            }
                            k++;
                            if (parent[cur] <= pt) { // pushed to pt once cur's semidominator is known
                                edgeList.add(-pt);
                                edgeList.add(semi.get(cur));
                                semi.set(cur, k);
                            } else { // evaluated when pt is processed
                                edgeList.add(pt);
                                edgeList.add(cur);
                                pairs[2 * pt + 1]++;
                            }
                        }
                    } else if (pt == 0 || pt == UNVISITED_ROOT) { // tree edge
                        if (sp == stack.length) {
                            stack = Arrays.copyOf(stack, sp * 2);
                        }
                        stack[sp++] = e;
                        stack[sp++] = end;
                        int c = count++;
                        pre[t] = pt == 0 ? c : -c;
                        if (pt != 0) {
                            if (rootSp == rootStack.length) {
                                rootStack = Arrays.copyOf(rootStack, rootSp * 2);
                            }
                            rootStack[rootSp++] = deepestRoot;
                            deepestRoot = c;
                        }
                        vertices.add(t);
                        parent[c] = cur;
                        pairs[2 * c] = pt == 0 ? cur : 0;
                        cur = c;
                        e = start.get(t);
                        end = start.get(t + 1);
                    } // else an edge into a visited GC root: nothing to offer
                } else if (sp > 0) {
                    end = stack[--sp];
                    e = stack[--sp];
                    if (cur == deepestRoot) {
                        deepestRoot = rootStack[--rootSp];
                    }
                    cur = parent[cur];
                } else {
                    break;
                }
            }
        }
        vertices.flush();
        edgeList.flush();
        reachable = count;
        edgeCount = k;
        heapHeld -= startBytes;
    }

    /** Turns the counts of retreating edges to evaluate in {@code pairs[2w+1]} into range starts; returns their total. */
    private int countEdgesToEvaluate() {
        int[] p = pairs;
        int total = 0;
        for (int w = 1; w < reachable; w++) {
            int count = p[2 * w + 1];
            p[2 * w + 1] = total;
            total += count;
        }
        return total;
    }

    /**
     * Groups the sources of the retreating edges to evaluate by target into {@link #sources}, each
     * target's range filled forwards in the order the search met them, so {@code pairs[2w+1]} ends at
     * the range's end (the start of {@code w+1}'s range).
     */
    private void sortEdgesToEvaluate() {
        int[] p = pairs;
        HeapDominatorBlocks.Reader edgeList = new HeapDominatorBlocks.Reader(edges, 2);
        for (int k = 1; k <= edgeCount; k++) {
            int t = edgeList.next();
            int source = edgeList.next();
            if (t > 0) {
                sources.set(p[2 * t + 1]++, source);
            }
        }
    }

    /**
     * Semi-NCA's first half, in reverse preorder: each vertex's semidominator is the least of its
     * candidates (parent, forward edges, pushed retreating edges) and, for each retreating edge to
     * evaluate, the best semidominator on the source's compressed forest path; then it is pushed along
     * the retreating edges in its own list. Returns the semidominators by preorder number.
     */
    private HeapIntArray semidominators() {
        int r = reachable;
        int[] p = pairs;
        HeapIntArray semi = this.semi;
        int[] path = new int[1024];
        // Ranges are read backwards, latest source first: the later a source, the likelier its forest
        // path reaches a GC root visited after w, whose semidominator 0 ends the evaluation.
        HeapDominatorBlocks.DescendingReader sourceList = new HeapDominatorBlocks.DescendingReader(sources, sources.length());
        // The semi array is read (push-list head) and written (semidominator) at each w: a block at a time.
        int[] block = new int[HeapDominatorBlocks.SIZE];
        for (int hi = r; hi > 1; ) {
            int lo = Math.max(1, hi - HeapDominatorBlocks.SIZE);
            semi.get(lo, block, 0, hi - lo);
            for (int w = hi - 1; w >= lo; w--) {
                int best = p[2 * w];
                int end = p[2 * w + 1];
                int from = w > 1 ? p[2 * w - 1] : 0;
                for (long i = end; i > from; i--) {
                    if (best == 0) { // the virtual root: nothing can beat it (most classes end here early)
                        sourceList.skip(i - from);
                        break;
                    }
                    int v = sourceList.next();
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
                for (int k = block[w - lo]; k != 0; ) {
                    long at = 2L * k;
                    int target = -edges.get(at);
                    k = edges.get(at + 1);
                    if (best < p[2 * target]) {
                        p[2 * target] = best;
                    }
                }
                block[w - lo] = best;
                p[2 * w] = best;
                p[2 * w + 1] = parent[w];
            }
            semi.put(lo, block, 0, hi - lo);
            hi = lo;
        }
        pairs = null;
        edges = null;
        sources = null;
        this.semi = null;
        return semi;
    }

    /** Semi-NCA's second half: the immediate dominator is the nearest ancestor at or above the semidominator. */
    private int[] immediateDominators(HeapIntArray semi) {
        int[] idom = parent;
        parent = null;
        HeapDominatorBlocks.Reader semis = new HeapDominatorBlocks.Reader(semi, 1);
        for (int w = 1; w < reachable; w++) {
            int s = semis.next();
            int x = idom[w];
            while (x > s) {
                x = idom[x];
            }
            idom[w] = x;
        }
        return idom;
    }

    /**
     * Shallow size per preorder number; objects in index order, so reads of the dump go forward. Also
     * makes the GC roots' preorder numbers positive (the main thread no longer reads them). With
     * {@code small}, sizes go there (-1 for one that does not fit an int, looked up again later) and
     * the result is null; else they go into the result.
     */
    private HeapLongArray shallowSizesByPreorder(int[] small) {
        HeapLongArray sizes = small == null ? HeapLongArray.allocate(reachable) : null;
        int[] preorder = pre;
        for (int node = 0; node < objectCount; node++) {
            int v = preorder[node];
            if (v < 0) {
                v = -v;
                preorder[node] = v;
            }
            if (v > 0) {
                long size = shallowSize.applyAsLong(node);
                if (small == null) {
                    sizes.set(v, size);
                } else {
                    small[v] = size <= Integer.MAX_VALUE ? (int) size : -1;
                }
            }
        }
        return sizes;
    }

    /**
     * Whether an optional array of {@code bytes} may live on the Java heap: scratch arrays cost about
     * three times as much at random, but the dominators' share of the heap
     * ({@link HeapIndexBuilder#DOMINATOR_BYTES_PER_OBJECT} per object, which the capacity check
     * reserves) must hold. Counts it as held when it does.
     */
    private boolean allowOnHeap(long bytes) {
        if (heapHeld + bytes > HeapIndexBuilder.DOMINATOR_BYTES_PER_OBJECT * (long) objectCount) {
            return false;
        }
        heapHeld += bytes;
        return true;
    }

    /** Bytes this computation holds on the Java heap (the arrays that outlive a phase). */
    private static long heapBytes(HeapIntArray array) {
        return array.offHeap() ? 0 : 4 * array.length();
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
