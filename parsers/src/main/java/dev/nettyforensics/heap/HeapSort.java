package dev.nettyforensics.heap;

/**
 * Sorts two parallel long arrays by the first, without boxing or temporary arrays. Dumps list
 * objects almost in address order, so the common case is a cheap "already sorted" check; the
 * quicksort recurses only into the smaller part, so its stack depth stays logarithmic.
 */
final class HeapSort {
    private HeapSort() {}

    static void sortByKey(long[] keys, long[] values, int count) {
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = keys[i - 1] <= keys[i];
        }
        if (!sorted) {
            quicksort(keys, values, 0, count - 1);
        }
    }

    private static void quicksort(long[] k, long[] v, int lo, int hi) {
        while (hi - lo > 24) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot: nearly sorted input stays O(n log n)
            if (k[mid] < k[lo]) {
                swap(k, v, mid, lo);
            }
            if (k[hi] < k[lo]) {
                swap(k, v, hi, lo);
            }
            if (k[hi] < k[mid]) {
                swap(k, v, hi, mid);
            }
            long pivot = k[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (k[i] < pivot) {
                    i++;
                }
                while (k[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(k, v, i, j);
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                quicksort(k, v, lo, j);
                lo = i;
            } else {
                quicksort(k, v, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long key = k[i];
            long val = v[i];
            int j = i - 1;
            while (j >= lo && k[j] > key) {
                k[j + 1] = k[j];
                v[j + 1] = v[j];
                j--;
            }
            k[j + 1] = key;
            v[j + 1] = val;
        }
    }

    private static void swap(long[] k, long[] v, int a, int b) {
        long t = k[a];
        k[a] = k[b];
        k[b] = t;
        t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
