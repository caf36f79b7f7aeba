package dev.nettyforensics.heap;

/**
 * The id index for ids too scattered for {@link HeapIdBitmap} (ZGC colored pointers, synthetic
 * dumps with arbitrary ids): the ids in ascending order, an object's index being its position (objects
 * are numbered in id order), plus a bucket table over the id range (one bucket per object or so) so a
 * lookup binary-searches only a handful of entries, mostly within one cache line. About 8 + 4 bytes
 * per object on the Java heap (sorting needs 16 more while building); immutable and thread safe once
 * built.
 */
final class HeapSortedIds implements HeapIdIndex {
    private final long[] sortedIds;
    private final int count;
    private final long min;
    private final int shift;
    private final int[] bucketStart;

    /** @param sortedIds ascending, no duplicates; object {@code k} has id {@code sortedIds[k]} */
    HeapSortedIds(long[] sortedIds, int count) {
        this.sortedIds = sortedIds;
        this.count = count;
        this.min = count == 0 ? 0 : sortedIds[0];
        long span = count == 0 ? 0 : sortedIds[count - 1] - min;
        int buckets = Math.max(1, Integer.highestOneBit(Math.max(1, count)));
        int s = 0;
        while (s < 63 && (span >>> s) >= buckets) {
            s++;
        }
        this.shift = s;
        int bucketCount = (int) (span >>> s) + 2;
        this.bucketStart = new int[bucketCount + 1];
        int b = 0;
        for (int i = 0; i < count; i++) {
            int bucket = (int) ((sortedIds[i] - min) >>> s);
            while (b <= bucket) {
                bucketStart[b++] = i;
            }
        }
        while (b < bucketStart.length) {
            bucketStart[b++] = count;
        }
    }

    @Override
    public int count() {
        return count;
    }

    /** The index of {@code id}, or -1 when no object has it. Cost: O(log(objects per bucket)). */
    @Override
    public int indexOf(long id) {
        long delta = id - min;
        if (delta < 0 || count == 0) {
            return -1;
        }
        long bucket = delta >>> shift;
        if (bucket >= bucketStart.length - 1) {
            return -1;
        }
        int lo = bucketStart[(int) bucket];
        int hi = bucketStart[(int) bucket + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = sortedIds[mid];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
