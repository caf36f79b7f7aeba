package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeapCapacityTest {
    @AfterEach
    void restoreDefaults() {
        System.clearProperty("nettyforensics.scratch");
    }

    @Test
    void theMessageNamesObjectsNeedHeapAndXmxInOneLine() {
        assertThat(new HeapCapacityException(3_355_444, 200L << 20, 32L << 20)).hasMessage(
                "the dump holds 3,355,444 objects; indexing them needs about 200 MiB of Java heap, this JVM has 32 MiB (run with -Xmx1g)");
        assertThat(new HeapCapacityException(50_018_806, 1_450_000_000L, 1_400_000_000L).getMessage())
                .contains("needs about 1.4 GiB", "this JVM has 1.3 GiB", "-Xmx2g");
    }

    @Test
    void aBigDumpNeedsOnlyTheDominatorsShareOfTheJavaHeapBecauseItsArraysAreMapped() {
        long objects = 50_000_000;
        long need = HeapIndexBuilder.heapNeed(objects, objects * 2, objects * 4, true, objects / 4);
        assertThat(need).isEqualTo(HeapIndexBuilder.DOMINATOR_BYTES_PER_OBJECT * objects + HeapIndexBuilder.FIXED_HEAP_BYTES);
        assertThat(HeapIndexBuilder.heapNeed(objects, objects * 2, objects * 4, false, 0))
                .as("the sorted id index for scattered ids stays on the heap").isEqualTo(need + 28 * objects);
        System.setProperty("nettyforensics.scratch", "heap");
        assertThat(HeapIndexBuilder.heapNeed(1000, 2000, 4000, true, 250))
                .isEqualTo(2 * 16_000 + 8000 + 4000 + 4004 + 2 * 16_000 + 2000 + 28_000 + HeapIndexBuilder.FIXED_HEAP_BYTES);
    }
}
