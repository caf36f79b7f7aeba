package dev.nettyforensics.heap;

/**
 * Open-addressing map from non-zero long keys to int values, for the hot lookups (class id per
 * object) where a {@code HashMap<Long, ...>} would box. Not thread safe while being filled;
 * read-only use afterwards is thread safe.
 */
final class HeapLongIntMap {
    private long[] keys;
    private int[] values;
    private int size;

    HeapLongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
    }

    /** Stores the value unless the key is present; returns the value now stored. Key 0 is ignored (returns -1). */
    int putIfAbsent(long key, int value) {
        if (key == 0) {
            return -1;
        }
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
        return value;
    }

    /** The value, or -1 when absent. */
    int get(long key) {
        if (key == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        long k;
        while ((k = keys[slot]) != 0) {
            if (k == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "HeapLongIntMap[size=" + size + ", capacity=" + keys.length + "]";
    }
}
