package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeapSortTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 1000, (1 << 20) + 3})
    void sortsRunsOfAddressesStablyOnOneOrTwoThreads(int count) {
        SplittableRandom random = new SplittableRandom(count);
        long[] keys = new long[count];
        long next = 0x7000_0000L;
        for (int i = 0; i < count; i++) {
            // ascending runs that jump back now and then, with some duplicates, like dump ids
            next = random.nextInt(50) == 0 ? 0x7000_0000L + 8L * random.nextInt(1 << 24) : next + 8L * random.nextInt(3);
            keys[i] = next;
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = i;
        }
        long[] expected = keys.clone();
        Arrays.sort(expected);
        long[] original = keys.clone();
        HeapSort.sort(keys, values, count);
        assertThat(Arrays.equals(keys, expected)).as("sorted").isTrue();
        int wrongPayload = 0;
        int unstable = 0;
        for (int i = 0; i < count; i++) {
            if (original[values[i]] != keys[i]) {
                wrongPayload++;
            }
            if (i > 0 && keys[i] == keys[i - 1] && values[i] < values[i - 1]) {
                unstable++;
            }
        }
        assertThat(wrongPayload).isZero();
        assertThat(unstable).isZero();
    }
}
