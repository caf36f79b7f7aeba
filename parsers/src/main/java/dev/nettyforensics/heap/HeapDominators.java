package dev.nettyforensics.heap;

import java.util.function.IntToLongFunction;

/**
 * Reachability from the GC roots, immediate dominators and retained sizes of a {@link Heap}.
 *
 * <p>The graph has one virtual root whose successors are all GC-root objects. Dominators use the
 * Semi-NCA algorithm (Georgiadis; the one LLVM uses) over a depth-first preorder, fully iterative
 * (explicit stacks, no recursion), so million-element chains cannot overflow the stack; see
 * {@link HeapDominatorBuilder}. Cost: O(E log V) time; while computing, 16 to 28 bytes per object on
 * the Java heap, the rest (about 12 bytes per object and 8 per back or cross reference) in scratch
 * arrays, memory-mapped temp files when large (see {@link HeapScratch}); afterwards 8 bytes per object
 * on the Java heap (preorder number, immediate dominator) plus 12 per reachable object in scratch
 * arrays (object per preorder number, retained size). A second thread reads the shallow sizes while
 * the dominators are computed.
 *
 * <p>Immutable after construction and thread safe.
 */
public final class HeapDominators {
    /** {@link #immediateDominator} of an object that only the virtual root dominates (e.g. a GC root). */
    public static final int ROOT = -1;
    /** {@link #immediateDominator} of an object no GC root reaches. */
    public static final int UNREACHABLE = -2;

    private final int objectCount;
    /** Preorder number per object index; 0 = unreachable (the virtual root is 0, objects count from 1). */
    private final int[] preorder;
    /** Object index per preorder number (entry 0, the virtual root, is -1). */
    private final HeapIntArray vertex;
    /** Immediate dominator per preorder number, as a preorder number. */
    private final int[] idom;
    /** Retained shallow size per preorder number; entry 0 is every reachable object's. */
    private final HeapLongArray retainedShallow;
    /** Preorder numbers in use: the virtual root plus the reachable objects. */
    private final int vertexCount;
    private volatile HeapIntArray[] children;

    HeapDominators(int objectCount, int[] preorder, HeapIntArray vertex, int[] idom, HeapLongArray retainedShallow, int vertexCount) {
        this.objectCount = objectCount;
        this.preorder = preorder;
        this.vertex = vertex;
        this.idom = idom;
        this.retainedShallow = retainedShallow;
        this.vertexCount = vertexCount;
    }

    /**
     * @param start       CSR offsets of outbound references (length objects + 1)
     * @param targets     CSR targets (object indexes)
     * @param rootObjects object indexes of GC roots (duplicates allowed)
     * @param shallowSize shallow size per object index
     */
    static HeapDominators compute(int objectCount, int[] start, int[] targets, int[] rootObjects, IntToLongFunction shallowSize) {
        return compute(objectCount, HeapIntArray.wrap(start), HeapIntArray.wrap(targets), rootObjects, shallowSize);
    }

    /**
     * @param start       CSR offsets of outbound references (length objects + 1): the targets of
     *                    object {@code i} are {@code targets[start[i] .. start[i+1])}
     * @param targets     CSR targets (object indexes)
     * @param rootObjects object indexes of GC roots (duplicates allowed)
     * @param shallowSize shallow size per object index; called from a second thread while the
     *                    semidominators are computed, so it must be safe to call concurrently
     */
    static HeapDominators compute(int objectCount, HeapIntArray start, HeapIntArray targets, int[] rootObjects, IntToLongFunction shallowSize) {
        return new HeapDominatorBuilder(objectCount, start, targets, rootObjects, shallowSize).build();
    }

    /** Whether some GC root reaches the object. Cheap. */
    public boolean isReachable(int index) {
        return preorder[index] > 0;
    }

    /** Number of objects reachable from GC roots. */
    public int reachableCount() {
        return vertexCount - 1;
    }

    /** Objects in the dump that no GC root reaches (garbage in a non-live dump). */
    public int unreachableCount() {
        return objectCount - reachableCount();
    }

    /**
     * The object every path from the GC roots to {@code index} passes through last: an object
     * index, {@link #ROOT} when only the virtual root dominates it (GC roots and objects reached
     * from several roots), or {@link #UNREACHABLE}. Cheap.
     */
    public int immediateDominator(int index) {
        int p = preorder[index];
        if (p <= 0) {
            return UNREACHABLE;
        }
        int d = idom[p];
        return d == 0 ? ROOT : vertex.get(d);
    }

    /** Whether {@code dominator} dominates {@code index} (every object dominates itself). O(depth). */
    public boolean dominates(int dominator, int index) {
        int p = preorder[index];
        int d = preorder[dominator];
        if (p <= 0 || d <= 0) {
            return false;
        }
        while (p > d) {
            p = idom[p];
        }
        return p == d;
    }

    /** Sum of shallow sizes of the objects {@code index} dominates, itself included; 0 for unreachable objects. Cheap. */
    public long retainedSize(int index) {
        int p = preorder[index];
        return p <= 0 ? 0 : retainedShallow.get(p);
    }

    /** Sum of the shallow sizes of all reachable objects. */
    public long reachableShallowSize() {
        return retainedShallow.get(0);
    }

    /**
     * Retained sums of an arbitrary weight (e.g. off-heap bytes per buffer): entry {@code i} of
     * the result is the sum of {@code weight[j]} over all objects {@code j} that {@code i}
     * dominates, {@code i} included. Unreachable objects keep their own weight only. Cost: O(objects),
     * one new long array of {@link Heap#objectCount()} entries plus 8 bytes per reachable object of
     * scratch (off heap when large); {@link #retainedOf(int[], long[])} avoids the array per object.
     *
     * @param weight per object index, length {@link Heap#objectCount()}, not null, not modified
     */
    public long[] retainedOf(long[] weight) {
        if (weight.length != objectCount) {
            throw new IllegalArgumentException("weight has " + weight.length + " entries for " + objectCount + " objects");
        }
        HeapLongArray byPre = HeapLongArray.allocate(vertexCount);
        for (int j = 0; j < objectCount; j++) {
            int v = preorder[j];
            if (v > 0 && weight[j] != 0) {
                byPre.set(v, weight[j]);
            }
        }
        sumUpTheTree(byPre);
        long[] result = weight.clone();
        for (int j = 0; j < objectCount; j++) {
            int v = preorder[j];
            if (v > 0) {
                result[j] = byPre.get(v);
            }
        }
        return result;
    }

    /**
     * Retained sums of a weight given only for some objects (e.g. off-heap bytes of the buffers): the
     * result maps an object index to the sum of the weights of the listed objects it dominates,
     * itself included, and is 0 for objects dominating none of them. An unreachable object keeps
     * its own weight only. Objects may repeat (their weights add up). Cost: O(reachable objects)
     * time once, 8 bytes per reachable object of scratch (off heap when large, held by the result);
     * each lookup is cheap. The result is thread safe.
     *
     * @param objects object indexes, not null, not modified
     * @param weights weight per entry of {@code objects}, same length, not null, not modified
     */
    public IntToLongFunction retainedOf(int[] objects, long[] weights) {
        if (objects.length != weights.length) {
            throw new IllegalArgumentException(objects.length + " objects but " + weights.length + " weights");
        }
        HeapLongArray byPre = HeapLongArray.allocate(vertexCount);
        int unreachable = 0;
        for (int i = 0; i < objects.length; i++) {
            int v = preorder[objects[i]];
            if (v > 0) {
                byPre.add(v, weights[i]);
            } else {
                unreachable++;
            }
        }
        sumUpTheTree(byPre);
        int[] ownIndex = new int[unreachable];
        long[] ownWeight = new long[unreachable];
        for (int i = 0, u = 0; i < objects.length; i++) {
            if (preorder[objects[i]] <= 0) {
                ownIndex[u] = objects[i];
                ownWeight[u++] = weights[i];
            }
        }
        return index -> {
            int v = preorder[index];
            if (v > 0) {
                return byPre.get(v);
            }
            long sum = 0;
            for (int u = 0; u < ownIndex.length; u++) {
                if (ownIndex[u] == index) {
                    sum += ownWeight[u];
                }
            }
            return sum;
        };
    }

    /** Adds each vertex's value to its immediate dominator's, children first (reverse preorder). */
    private void sumUpTheTree(HeapLongArray byPre) {
        for (int w = vertexCount - 1; w >= 1; w--) {
            long value = byPre.get(w);
            if (value != 0) {
                byPre.add(idom[w], value);
            }
        }
    }

    /**
     * Objects whose immediate dominator is {@code index}, or, for {@link #ROOT}, those only the
     * virtual root dominates. First call O(objects) and 8 bytes per reachable object of scratch (off
     * heap when large), kept for later calls.
     */
    public int[] children(int index) {
        HeapIntArray[] c = children;
        if (c == null) {
            c = buildChildren();
        }
        int p = index == ROOT ? 0 : preorder[index];
        if (p < 0 || (p == 0 && index != ROOT)) {
            return new int[0];
        }
        HeapIntArray childStart = c[0];
        HeapIntArray childList = c[1];
        int from = childStart.get(p);
        int[] out = new int[childStart.get(p + 1) - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = vertex.get(childList.get(from + i));
        }
        return out;
    }

    private synchronized HeapIntArray[] buildChildren() {
        if (children != null) {
            return children;
        }
        int r = vertexCount;
        // Counts go two slots up, prefix sums make slot v+1 the start of v's range, and filling
        // forward moves it to the range's end, which is where v+1's range starts: slot v, v's start.
        HeapIntArray childStart = HeapIntArray.allocate(r + 2L);
        for (int w = 1; w < r; w++) {
            childStart.add(idom[w] + 2, 1);
        }
        for (int i = 0; i <= r; i++) {
            childStart.add(i + 1, childStart.get(i));
        }
        HeapIntArray childList = HeapIntArray.allocate(Math.max(0, r - 1));
        for (int w = 1; w < r; w++) {
            childList.set(childStart.add(idom[w] + 1, 1) - 1, w);
        }
        HeapIntArray[] c = {childStart, childList};
        children = c;
        return c;
    }
}
