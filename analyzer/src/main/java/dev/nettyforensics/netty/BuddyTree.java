package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the allocated runs out of a buddy-tree {@code PoolChunk} (Netty 4.1.51 and older) from its
 * {@code memoryMap}/{@code depthMap} byte arrays.
 *
 * <p>Semantics ({@code PoolChunk.allocateNode/updateParentsAlloc/free} at 4.1.36): node ids start at 1
 * (the root), children of {@code id} are {@code 2id} and {@code 2id+1}; {@code memoryMap[id] == depth}
 * means the whole subtree is free, {@code == maxOrder+1} ("unusable") means it is full. A node that is
 * unusable while its children are not both unusable was allocated as one run (allocation never
 * touches the children). An unusable leaf is a one-page run or a page holding a subpage.
 * Stateless; thread safe. Cost: linear in the number of allocated nodes times the tree depth.
 */
public final class BuddyTree {
    private BuddyTree() {
    }

    /**
     * One allocated node: byte offset and length inside the chunk.
     *
     * @param nodeId the memoryMap id, which is also the handle of a run allocation
     * @param leaf   true for a single page, which may hold a subpage
     */
    public record Run(int nodeId, long offset, long length, boolean leaf) {
    }

    /**
     * Lists the allocated runs of one chunk. Tolerates damaged arrays (out-of-range values, short
     * arrays): it stops descending where the data stops making sense, never throws.
     *
     * @param memoryMap the chunk's {@code memoryMap}, non-null
     * @param depthMap  the chunk's {@code depthMap}, non-null
     * @param maxOrder  depth of the leaves (chunkSize = pageSize << maxOrder)
     * @param chunkSize bytes in the chunk
     */
    public static List<Run> allocatedRuns(byte[] memoryMap, byte[] depthMap, int maxOrder, long chunkSize) {
        List<Run> runs = new ArrayList<>();
        int unusable = maxOrder + 1;
        int firstLeaf = 1 << maxOrder;
        int nodes = Math.min(memoryMap.length, depthMap.length);
        if (nodes < 2 || maxOrder < 0 || maxOrder > 30) {
            return runs;
        }
        int[] stack = new int[2 * (maxOrder + 2)];
        int top = 0;
        stack[top++] = 1;
        while (top > 0) {
            int id = stack[--top];
            if (id >= nodes) {
                continue;
            }
            int depth = depthMap[id];
            int value = memoryMap[id];
            if (value == depth || depth < 0 || depth > maxOrder) {
                continue; // free subtree (or nonsense: ignore)
            }
            boolean leaf = id >= firstLeaf;
            long length = chunkSize >> depth;
            long offset = (long) (id ^ (1 << depth)) * length;
            if (value >= unusable) {
                if (leaf) {
                    runs.add(new Run(id, offset, length, true));
                    continue;
                }
                int left = id << 1;
                int right = left + 1;
                boolean childrenFull = right < nodes && memoryMap[left] >= unusable && memoryMap[right] >= unusable;
                if (!childrenFull) {
                    runs.add(new Run(id, offset, length, false));
                    continue;
                }
            }
            if (!leaf && top + 2 <= stack.length) {
                stack[top++] = (id << 1) + 1;
                stack[top++] = id << 1;
            }
        }
        return runs;
    }

    /** Bytes allocated in runs (pages holding subpages count in full, as in {@code freeBytes}). */
    public static long allocatedBytes(List<Run> runs) {
        long sum = 0;
        for (Run r : runs) {
            sum += r.length();
        }
        return sum;
    }
}
