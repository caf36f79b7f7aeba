package dev.nettyforensics.heap;

/**
 * Sorts long keys together with int payloads. A natural merge sort: dumps list objects in long
 * ascending runs (heap regions in address order), so the cost is O(n log runs) with purely
 * sequential memory access, O(n) for already sorted input. Stable, so among equal keys the one
 * that came first keeps coming first. Needs one scratch copy of both arrays.
 */
final class HeapSort {
    private HeapSort() {}

    static void sort(long[] keys, int[] values, int count) {
        if (count < 2) {
            return;
        }
        int[] runEnds = new int[16];
        int runs = 0;
        int i = 1;
        while (i <= count) {
            if (i == count || keys[i] < keys[i - 1]) {
                if (runs == runEnds.length) {
                    runEnds = java.util.Arrays.copyOf(runEnds, runs * 2);
                }
                runEnds[runs++] = i;
            }
            i++;
        }
        if (runs == 1) {
            return;
        }
        long[] k2 = new long[count];
        int[] v2 = new int[count];
        long[] srcK = keys;
        int[] srcV = values;
        long[] dstK = k2;
        int[] dstV = v2;
        while (runs > 1) {
            int out = 0;
            int start = 0;
            for (int r = 0; r < runs; r += 2) {
                int mid = runEnds[r];
                int end = r + 1 < runs ? runEnds[r + 1] : mid;
                merge(srcK, srcV, start, mid, end, dstK, dstV);
                runEnds[out++] = end;
                start = end;
            }
            runs = out;
            long[] tk = srcK;
            srcK = dstK;
            dstK = tk;
            int[] tv = srcV;
            srcV = dstV;
            dstV = tv;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, count);
            System.arraycopy(srcV, 0, values, 0, count);
        }
    }

    private static void merge(long[] k, int[] v, int start, int mid, int end, long[] dk, int[] dv) {
        int a = start;
        int b = mid;
        int w = start;
        while (a < mid && b < end) {
            if (k[b] < k[a]) {
                dk[w] = k[b];
                dv[w++] = v[b++];
            } else {
                dk[w] = k[a];
                dv[w++] = v[a++];
            }
        }
        System.arraycopy(k, a, dk, w, mid - a);
        System.arraycopy(v, a, dv, w, mid - a);
        w += mid - a;
        System.arraycopy(k, b, dk, w, end - b);
        System.arraycopy(v, b, dv, w, end - b);
    }
}
