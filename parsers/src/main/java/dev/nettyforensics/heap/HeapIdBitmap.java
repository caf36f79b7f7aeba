package dev.nettyforensics.heap;

/**
 * The id index for dumps whose ids are aligned addresses in a range not much wider than the objects
 * they hold (HotSpot: 8-byte aligned, heap regions mostly full): one bit per possible id, and the
 * object index is the id's rank (objects are numbered in id order), so a lookup is one word read and
 * a popcount. No sort, no per-object entry.
 *
 * <p>Layout: word {@code w} covers the 32 slots {@code [32w, 32w + 32)} where slot = (id - min) &gt;&gt;
 * shift; its low 32 bits say which slots hold an object, its high 32 bits how many objects have a
 * smaller slot (the rank of its first object). Memory: 8 bytes per 32 slots, in a {@link
 * HeapScratch} array (off heap when large). {@link #fits} says whether the range is dense enough.
 *
 * <p>Built in two steps: {@link #mark} every id (says whether it was seen before), then {@link
 * #rank}. Marking is not thread safe, except for one thread on each side of {@link #middleId}.
 * Immutable and thread safe once ranked.
 */
final class HeapIdBitmap implements HeapIdIndex {
    /** Directory bytes allowed per object: beyond it the sorted index is smaller. */
    private static final long MAX_BYTES_PER_OBJECT = 8;

    private final long min;
    private final int shift;
    private final long alignMask;
    private final long slots;
    private final HeapLongArray words;
    private int count;

    private HeapIdBitmap(long min, long max, int shift) {
        this.min = min;
        this.shift = shift;
        this.alignMask = (1L << shift) - 1;
        this.slots = ((max - min) >>> shift) + 1;
        this.words = HeapLongArray.allocate((slots >>> 5) + 1);
    }

    /** Directory words for ids in {@code [min, max]} aligned to {@code 2^shift}. */
    static long words(long min, long max, int shift) {
        return (((max - min) >>> shift) >>> 5) + 1;
    }

    /**
     * Whether {@code objects} ids in {@code [min, max]}, all multiples of {@code 2^shift} apart, are
     * dense enough: at most {@value #MAX_BYTES_PER_OBJECT} directory bytes per object (an average
     * of at most 32 empty slots per object), plus a megabyte of slack for small dumps.
     */
    static boolean fits(long min, long max, int shift, long objects) {
        if (objects == 0 || max < min || Long.compareUnsigned(max - min, Long.MAX_VALUE) > 0) {
            return false;
        }
        return words(min, max, shift) * 8 <= MAX_BYTES_PER_OBJECT * objects + (1 << 20);
    }

    /** An empty bitmap over ids in {@code [min, max]}; call only when {@link #fits}. */
    static HeapIdBitmap over(long min, long max, int shift) {
        return new HeapIdBitmap(min, max, shift);
    }

    /**
     * An id that splits the range into two parts sharing no word, so two threads can {@link #mark}
     * concurrently, one below it and one from it on.
     */
    long middleId() {
        long words = this.words.length();
        return min + (((words / 2) * 32) << shift);
    }

    /** Marks a non-zero id in the range; false when it was marked already (a duplicate). */
    boolean mark(long id) {
        long slot = (id - min) >>> shift;
        long w = slot >>> 5;
        long bit = 1L << (slot & 31);
        long word = words.get(w);
        if ((word & bit) != 0) {
            return false;
        }
        words.set(w, word | bit);
        return true;
    }

    /** Fills in the ranks after marking; returns the object count. */
    int rank() {
        long total = 0;
        for (long w = 0, n = words.length(); w < n; w++) {
            long word = words.get(w);
            words.set(w, (total << 32) | (word & 0xffffffffL));
            total += Long.bitCount(word & 0xffffffffL);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw HeapCapacityException.beyondIndexLimit("objects");
        }
        count = (int) total;
        return count;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int indexOf(long id) {
        long delta = id - min;
        if (delta < 0 || (delta & alignMask) != 0) {
            return -1;
        }
        long slot = delta >>> shift;
        if (slot >= slots) {
            return -1;
        }
        long word = words.get(slot >>> 5);
        long below = 1L << (slot & 31);
        if ((word & below) == 0) {
            return -1;
        }
        return (int) (word >>> 32) + Long.bitCount(word & (below - 1));
    }

    @Override
    public String toString() {
        return "HeapIdBitmap[" + count + " objects, " + slots + " slots of " + (1L << shift) + " bytes]";
    }
}
