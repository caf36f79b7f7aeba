package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Builds memoryMaps the way PoolChunk at 4.1.36 updates them and reads the runs back. */
class BuddyTreeTest {
    private static final int MAX_ORDER = 3;          // 8 pages
    private static final int PAGE = 8192;
    private static final long CHUNK = (long) PAGE << MAX_ORDER;

    @Test
    void aFreshChunkHasNoRuns() {
        byte[][] maps = freshMaps();
        assertThat(BuddyTree.allocatedRuns(maps[0], maps[1], MAX_ORDER, CHUNK)).isEmpty();
    }

    @Test
    void aTwoPageRunAndASinglePageAreFoundAtTheirOffsets() {
        byte[][] maps = freshMaps();
        allocate(maps, 4);   // depth 2: pages 0-1
        allocate(maps, 10);  // depth 3: page 2
        List<BuddyTree.Run> runs = BuddyTree.allocatedRuns(maps[0], maps[1], MAX_ORDER, CHUNK);
        assertThat(runs).containsExactly(
                new BuddyTree.Run(4, 0, 2 * PAGE, false),
                new BuddyTree.Run(10, 2 * PAGE, PAGE, true));
        assertThat(BuddyTree.allocatedBytes(runs)).isEqualTo(3 * PAGE);
    }

    @Test
    void aFullTreeOfSinglePagesIsEightLeavesNotOneRoot() {
        byte[][] maps = freshMaps();
        for (int leaf = 8; leaf < 16; leaf++) {
            allocate(maps, leaf);
        }
        List<BuddyTree.Run> runs = BuddyTree.allocatedRuns(maps[0], maps[1], MAX_ORDER, CHUNK);
        assertThat(runs).hasSize(8).allMatch(BuddyTree.Run::leaf);
    }

    @Test
    void theWholeChunkAllocatedAtOnceIsOneRun() {
        byte[][] maps = freshMaps();
        allocate(maps, 1);
        assertThat(BuddyTree.allocatedRuns(maps[0], maps[1], MAX_ORDER, CHUNK))
                .containsExactly(new BuddyTree.Run(1, 0, CHUNK, false));
    }

    @Test
    void damagedArraysYieldWhatIsReadableWithoutThrowing() {
        assertThat(BuddyTree.allocatedRuns(new byte[1], new byte[1], MAX_ORDER, CHUNK)).isEmpty();
        byte[] garbage = {0, 9, 9, 9, 9};
        assertThat(BuddyTree.allocatedRuns(garbage, new byte[5], MAX_ORDER, CHUNK)).isNotNull();
    }

    /** memoryMap and depthMap as the PoolChunk constructor fills them. */
    private static byte[][] freshMaps() {
        byte[] memoryMap = new byte[2 << MAX_ORDER];
        byte[] depthMap = new byte[memoryMap.length];
        int id = 1;
        for (int d = 0; d <= MAX_ORDER; d++) {
            for (int p = 0; p < (1 << d); p++) {
                memoryMap[id] = (byte) d;
                depthMap[id] = (byte) d;
                id++;
            }
        }
        return new byte[][] {memoryMap, depthMap};
    }

    /** PoolChunk.allocateNode's effect for a known id: mark unusable, then updateParentsAlloc. */
    private static void allocate(byte[][] maps, int id) {
        byte[] m = maps[0];
        m[id] = (byte) (MAX_ORDER + 1);
        while (id > 1) {
            int parent = id >>> 1;
            m[parent] = (byte) Math.min(m[id], m[id ^ 1]);
            id = parent;
        }
    }
}
