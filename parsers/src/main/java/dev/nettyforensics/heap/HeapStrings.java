package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofFile;

/** UTF8 records by id, decoded on demand from the mapped dump. Thread safe (immutable). */
final class HeapStrings {
    private final HprofFile file;
    private final long[] ids;
    private final long[] offsets;
    private final int[] lengths;

    HeapStrings(HprofFile file, long[] sortedIds, long[] offsets, int[] lengths) {
        this.file = file;
        this.ids = sortedIds;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** The string with that id, or null when the dump has none. */
    String get(long id) {
        int i = java.util.Arrays.binarySearch(ids, id);
        return i < 0 ? null : file.readUtf8(offsets[i], lengths[i]);
    }

    String getOr(long id, String fallback) {
        String s = get(id);
        return s == null ? fallback : s;
    }

    int count() {
        return ids.length;
    }
}
