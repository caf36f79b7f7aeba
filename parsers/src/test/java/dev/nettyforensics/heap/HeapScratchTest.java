package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapScratchTest {
    @TempDir
    Path scratch;

    @AfterEach
    void restoreDefaults() {
        System.clearProperty("nettyforensics.scratch");
    }

    @Test
    void mappedIntArraysAreZeroFilledWritableAndSpanSeveralMappings() throws Exception {
        System.setProperty("nettyforensics.scratch", scratch.toString());
        long length = (1L << (HeapScratch.MAPPING_BITS - 2)) + 5; // five elements into the second mapping
        HeapIntArray a = HeapIntArray.allocate(length);
        assertThat(a.length()).isEqualTo(length);
        assertThat(a.get(0)).isZero();
        assertThat(a.get(length - 1)).isZero();
        a.set(length - 1, 42);
        a.set(1L << (HeapScratch.MAPPING_BITS - 2), -7);
        assertThat(a.add(length - 1, 1)).isEqualTo(43);
        assertThat(a.get(1L << (HeapScratch.MAPPING_BITS - 2))).isEqualTo(-7);
        assertThat(a.copyOut(length - 2, 2)).containsExactly(0, 43);
    }

    @Test
    void scratchFilesAreDeletedAsSoonAsTheyAreMapped() throws Exception {
        System.setProperty("nettyforensics.scratch", scratch.toString());
        HeapLongArray a = HeapLongArray.allocate(HeapScratch.OFF_HEAP_THRESHOLD_BYTES / 8 + 1);
        a.set(3, Long.MIN_VALUE);
        assertThat(a.get(3)).isEqualTo(Long.MIN_VALUE);
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void smallArraysAndTheHeapSettingStayOnTheJavaHeap() {
        System.setProperty("nettyforensics.scratch", "heap");
        HeapIntArray a = HeapIntArray.allocate(10);
        a.fill(0, 10, 9);
        assertThat(a.copyOut(0, 10)).containsOnly(9);
        assertThat(HeapScratch.offHeap(1L << 40)).isFalse();
        System.setProperty("nettyforensics.scratch", "file");
        assertThat(HeapScratch.offHeap(8)).isTrue();
    }

    @Test
    void bulkCopiesMoveBlocksDownAcrossMappingsAndBetweenArrays() {
        System.setProperty("nettyforensics.scratch", scratch.toString());
        long second = 1L << (HeapScratch.MAPPING_BITS - 2);
        HeapIntArray a = HeapIntArray.allocate(second + (3 << 20));
        for (int k = 0; k < (3 << 20); k++) {
            a.set(second - 1000 + k, k + 1);
        }
        HeapIntArray.copy(a, second - 1000, a, 5, 3 << 20); // from across the mapping edge to the start
        assertThat(a.get(5)).isEqualTo(1);
        assertThat(a.get(5 + (3 << 20) - 1)).isEqualTo(3 << 20);
        HeapIntArray.copy(a, 6, a, 3, 2 << 20); // overlapping, downwards
        assertThat(a.copyOut(3, 3)).containsExactly(2, 3, 4);
        assertThat(a.get(3 + (2 << 20) - 1)).isEqualTo((2 << 20) + 1);
        System.setProperty("nettyforensics.scratch", "heap");
        HeapLongArray h = HeapLongArray.wrap(new long[] {1, 2, 3, 4, 5});
        HeapLongArray.copy(h, 2, h, 0, 3);
        assertThat(h.copyOut(0, 5)).containsExactly(3, 4, 5, 4, 5);
        assertThat(h.offHeap()).isFalse();
        assertThat(a.offHeap()).isTrue();
    }
}
