package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolHandleTest {

    @Test
    void aBuddyTreeSubpageHandleCarriesBit62AndTheElementIndex() {
        long handle = 0x4000000000000000L | (long) 5 << 32 | 2048; // PoolSubpage.toHandle(5) on leaf 2048
        assertThat(PoolHandle.buddyIsSubpage(handle)).isTrue();
        assertThat(PoolHandle.buddySubpageElement(handle)).isEqualTo(5);
        assertThat(PoolHandle.buddyNodeId(handle)).isEqualTo(2048);
    }

    @Test
    void aBuddyTreeRunHandleIsTheNodeId() {
        assertThat(PoolHandle.buddyIsSubpage(3)).isFalse();
        assertThat(PoolHandle.buddyNodeId(3)).isEqualTo(3);
    }

    @Test
    void aRunHandleDecodesOffsetPagesAndFlags() {
        long handle = (long) 17 << 49 | (long) 4 << 34 | 1L << 33 | 1L << 32 | 9;
        assertThat(PoolHandle.runOffset(handle)).isEqualTo(17);
        assertThat(PoolHandle.runPages(handle)).isEqualTo(4);
        assertThat(PoolHandle.runIsUsed(handle)).isTrue();
        assertThat(PoolHandle.runIsSubpage(handle)).isTrue();
        assertThat(PoolHandle.runBitmapIndex(handle)).isEqualTo(9);
    }

    @Test
    void minusOneMarksAReleasedBuffer() {
        assertThat(PoolHandle.isAllocated(-1)).isFalse();
        assertThat(PoolHandle.isAllocated(0)).isTrue();
    }
}
