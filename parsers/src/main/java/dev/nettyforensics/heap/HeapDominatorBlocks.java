package dev.nettyforensics.heap;

/**
 * Sequential access to a {@link HeapIntArray} through an on-heap block: one bulk copy per
 * {@value #SIZE} elements instead of one buffer call per element, which is what a mapped scratch
 * array costs element by element. Used by {@link HeapDominatorBuilder} for the arrays it streams.
 * Not thread safe.
 */
final class HeapDominatorBlocks {
    static final int SIZE = 8192;
    /** Most elements {@link HeapIntArray#wrap} takes. */
    static final long MAX_WRAP = 1L << (HeapScratch.MAPPING_BITS - 2);

    private HeapDominatorBlocks() {
    }

    /** Appends at increasing positions from a start; {@link #flush} before the array is read. */
    static final class Writer {
        private final HeapIntArray target;
        private final int[] block = new int[SIZE];
        private long base;
        private int fill;

        Writer(HeapIntArray target, long from) {
            this.target = target;
            this.base = from;
        }

        void add(int value) {
            if (fill == SIZE) {
                flush();
            }
            block[fill++] = value;
        }

        void flush() {
            target.put(base, block, 0, fill);
            base += fill;
            fill = 0;
        }
    }

    /** Reads increasing positions from a start. */
    static final class Reader {
        private final HeapIntArray source;
        private final int[] block = new int[SIZE];
        private long base;
        private int at;
        private int fill;

        Reader(HeapIntArray source, long from) {
            this.source = source;
            this.base = from;
        }

        int next() {
            if (at == fill) {
                base += fill;
                fill = (int) Math.min(SIZE, source.length() - base);
                source.get(base, block, 0, fill);
                at = 0;
            }
            return block[at++];
        }
    }

    /** Reads decreasing positions, starting just below an end. */
    static final class DescendingReader {
        private final HeapIntArray source;
        private final int[] block = new int[SIZE];
        private long base;
        private int at;

        DescendingReader(HeapIntArray source, long end) {
            this.source = source;
            this.base = end;
        }

        int next() {
            if (at == 0) {
                int count = (int) Math.min(SIZE, base);
                base -= count;
                source.get(base, block, 0, count);
                at = count;
            }
            return block[--at];
        }

        /** Passes over the next {@code count} elements without reading them. */
        void skip(long count) {
            if (count <= at) {
                at -= (int) count;
                return;
            }
            base -= count - at;
            at = 0;
        }
    }
}
