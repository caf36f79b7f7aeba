package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkAccountTest {
    private static final long MIB16 = 16L << 20;

    @Test
    void withoutPinnedBytesOrphansAreWhatNeitherLiveBuffersNorCachesExplain() {
        // 4 MiB handed out, 1 MiB of it in subpage slack, 1 MiB live, 512 KiB cached.
        ChunkAccount c = new ChunkAccount(1, MIB16, MIB16 - (5L << 20), 1L << 20, -1, 1L << 20, 0, 512L << 10,
                true, false);
        assertThat(c.handedOutBytes()).isEqualTo(4L << 20);
        assertThat(c.orphanedBytes()).isEqualTo((4L << 20) - (1L << 20) - (512L << 10));
        assertThat(c.freeInChunkBytes()).isEqualTo(MIB16 - (4L << 20));
        assertThat(c.unexplainedBytes()).isZero();
    }

    @Test
    void withPinnedBytesOrphansArePinnedMinusReachableLive() {
        ChunkAccount c = new ChunkAccount(1, 4L << 20, 1L << 20, 0, 3L << 20, 1L << 20, 0, 0, true, false);
        assertThat(c.orphanedBytes()).isEqualTo(2L << 20);
    }

    @Test
    void aHugeChunkWithoutAReachableBufferIsOrphanedWhole() {
        ChunkAccount c = new ChunkAccount(1, 32L << 20, 0, 0, -1, 0, 32L << 20, 0, true, true);
        assertThat(c.orphanedBytes()).isEqualTo(32L << 20);
        assertThat(c.freeInChunkBytes()).isZero();
    }

    @Test
    void moreLiveThanPinnedNeverGivesNegativeOrphans() {
        ChunkAccount c = new ChunkAccount(1, 4L << 20, 0, 0, 100, 200, 0, 0, true, false);
        assertThat(c.orphanedBytes()).isZero();
    }
}
