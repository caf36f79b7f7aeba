package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pass 2 of indexing: reads each object's record through its offset and turns every reference
 * into an object index. Touches no Java object per heap object; the only allocations are the
 * result arrays ({@link HeapIntArray}s: mapped temp files when large).
 *
 * <p>Two threads, each streaming forward through its half of the objects (id order: within each heap
 * region also file order, which keeps the kernel's read-ahead on the mapped file useful), each into
 * its own target array sized by pass 1's upper bound (sparse when mapped); the second block is then
 * copied behind the first (one bulk copy).
 */
final class HeapEdgeExtractor {
    private final HprofBytes bytes;
    private final int idSize;
    private final HeapIdIndex ids;
    private final HeapLongArray offsets;
    private final HeapClass[] classArray;
    private final HeapLongIntMap classIndexById;
    private final int[] primitiveArrayClass;
    private final long bound;
    private final int classClass;

    /** The class of every object is read in sequence (histograms, instance lists): off heap from 32 MiB. */
    static final long CLASS_OF_OFF_HEAP_BYTES = HeapScratch.OFF_HEAP_THRESHOLD_BYTES / 2;

    private HeapIntArray start;
    private HeapIntArray targets;
    private HeapIntArray classOf;

    /** @param bound upper bound of all references (from pass 1) */
    HeapEdgeExtractor(HprofBytes bytes, int idSize, HeapIdIndex ids, HeapLongArray offsets, List<HeapClass> classes,
                      HeapLongIntMap classIndexById, int[] primitiveArrayClass, long bound) {
        this.bytes = bytes;
        this.idSize = idSize;
        this.ids = ids;
        this.offsets = offsets;
        this.classArray = classes.toArray(new HeapClass[0]);
        this.classIndexById = classIndexById;
        this.primitiveArrayClass = primitiveArrayClass;
        this.bound = bound;
        int cc = -1;
        for (HeapClass c : classes) {
            if (c.name().equals("java.lang.Class")) {
                cc = c.classIndex;
                break;
            }
        }
        this.classClass = cc;
    }

    HeapEdges run() {
        final int n = ids.count();
        // Reference positions are ints: pass 1's bound over-counts (every field byte, nulls), so cap it
        // and fail only if the references really exceed 2^31.
        final long bound = Math.min(this.bound, Integer.MAX_VALUE - 16L);
        classOf = HeapIntArray.allocate(n, CLASS_OF_OFF_HEAP_BYTES);
        start = HeapIntArray.allocate(n + 1L);
        targets = HeapIntArray.allocate(Math.max(16, bound));
        int split = balancedSplit(n);
        Half front = new Half(targets, bound);
        // The second half writes to its own sparse array (only its written pages cost memory), then
        // its block is copied behind the first's.
        Half back = new Half(split < n ? HeapIntArray.allocate(Math.max(16, bound)) : targets, bound);
        CompletableFuture<Void> backDone = split < n
                ? CompletableFuture.runAsync(() -> back.forward(split, n))
                : CompletableFuture.completedFuture(null);
        front.forward(0, split);
        backDone.join();
        long total = front.pos + back.pos;
        if (total > bound) {
            throw HeapCapacityException.beyondIndexLimit("references");
        }
        if (split < n) {
            HeapIntArray.copy(back.targets, 0, targets, front.pos, back.pos);
            int shift = (int) front.pos;
            int[] block = new int[HeapIndexBuilder.BLOCK];
            for (int i = split; i < n; i += block.length) {
                int len = Math.min(block.length, n - i);
                start.get(i, block, 0, len);
                for (int k = 0; k < len; k++) {
                    block[k] += shift;
                }
                start.put(i, block, 0, len);
            }
        }
        start.set(n, (int) total);
        if (!targets.offHeap() && targets.length() - total > (total >> 3) + 1024) {
            targets = HeapIntArray.wrap(targets.copyOut(0, (int) total));
        }
        return new HeapEdges(start, targets, classOf, front.unresolved + back.unresolved,
                front.unknownClass + back.unknownClass);
    }

    /**
     * Where to split the objects so both threads get about the same work: the reference slots of a
     * sample of every 1024th object or so (objects in address order are not evenly heavy: arrays of
     * references cluster in some regions).
     */
    private int balancedSplit(int n) {
        int step = Math.max(1, n / 4096);
        int samples = (n + step - 1) / step;
        long[] cumulative = new long[samples + 1];
        for (int k = 0; k < samples; k++) {
            cumulative[k + 1] = cumulative[k] + slots(offsets.get((long) k * step));
        }
        long half = cumulative[samples] / 2;
        int k = 0;
        while (k < samples && cumulative[k + 1] <= half) {
            k++;
        }
        return (int) Math.min(n, (long) k * step);
    }

    /** About how many references the record at {@code off} holds (one more for the class). */
    private long slots(long off) {
        int tag = bytes.u1(off);
        if (tag == 0x21) {
            return 2 + bytes.u4Unsigned(off + 1 + 2L * idSize + 4) / idSize;
        }
        if (tag == 0x22) {
            return 2 + bytes.u4Unsigned(off + 1 + idSize + 4);
        }
        return 2;
    }

    /**
     * One thread's share: writes to {@code targets[0 .. limit)} (starts relative to that). Offsets are
     * read, and starts, classes and targets written, in blocks (bulk copies), not element by element.
     */
    private final class Half {
        final HeapIntArray targets;
        final long limit;
        long pos;
        long unresolved;
        long unknownClass;
        private final int[] out = new int[1 << 16];
        private int outCount;
        private long outAt;
        private long lastClassId;
        private int lastClass = -1;

        Half(HeapIntArray targets, long limit) {
            this.targets = targets;
            this.limit = limit;
        }

        void forward(int from, int to) {
            long[] offs = new long[HeapIndexBuilder.BLOCK];
            int[] starts = new int[HeapIndexBuilder.BLOCK];
            int[] classes = new int[HeapIndexBuilder.BLOCK];
            outAt = 0;
            for (int i = from; i < to; i += HeapIndexBuilder.BLOCK) {
                int len = Math.min(HeapIndexBuilder.BLOCK, to - i);
                offsets.get(i, offs, 0, len);
                for (int k = 0; k < len; k++) {
                    starts[k] = (int) (outAt + outCount);
                    classes[k] = collect(offs[k]);
                }
                start.put(i, starts, 0, len);
                classOf.put(i, classes, 0, len);
            }
            flush();
            pos = outAt;
        }

        private void add(int target) {
            if (outCount == out.length) {
                flush();
            }
            out[outCount++] = target;
        }

        private void flush() {
            if (outAt + outCount > limit) {
                if (limit < Integer.MAX_VALUE - 16L) {
                    throw new IllegalStateException("reference bound exceeded");
                }
                throw HeapCapacityException.beyondIndexLimit("references");
            }
            targets.put(outAt, out, 0, outCount);
            outAt += outCount;
            outCount = 0;
        }

        private void addId(long ref) {
            if (ref != 0) {
                int t = ids.indexOf(ref);
                if (t >= 0) {
                    add(t);
                } else {
                    unresolved++;
                }
            }
        }

        /** Decodes the references of the object whose record starts at {@code off}; returns its class index. */
        private int collect(long off) {
            final int id = idSize;
            final HprofBytes b = bytes;
            int tag = b.u1(off);
            int ci;
            if (tag == 0x21) {
                long classId = b.id(off + 1 + id + 4, id);
                if (classId != lastClassId) {
                    // Neighbours in the dump are often of one class: skip the hash lookup then.
                    lastClassId = classId;
                    lastClass = classIndexById.get(classId);
                }
                ci = lastClass;
                if (ci >= 0) {
                    long values = off + 9 + 2L * id;
                    long length = b.u4Unsigned(off + 1 + 2L * id + 4);
                    for (int r : classArray[ci].referenceOffsets) {
                        if (r + id > length) {
                            break;
                        }
                        addId(b.id(values + r, id));
                    }
                }
            } else if (tag == 0x22) {
                long length = b.u4Unsigned(off + 1 + id + 4);
                ci = classIndexById.get(b.id(off + 1 + id + 8, id));
                long elements = off + 9 + 2L * id;
                for (long k = 0; k < length; k++) {
                    addId(b.id(elements + k * id, id));
                }
            } else if (tag == 0x23) {
                int code = b.u1(off + 1 + id + 8);
                ci = code < primitiveArrayClass.length ? primitiveArrayClass[code] : -1;
            } else {
                ci = classClass;
                int own = classIndexById.get(b.id(off + 1, id));
                if (own >= 0) {
                    for (long ref : classArray[own].outboundIds) {
                        addId(ref);
                    }
                }
            }
            if (ci < 0) {
                unknownClass++;
            } else if (tag != 0x20) {
                // An object keeps its class alive: without this edge, classes (and what their statics
                // hold) reachable only through their instances would look unreachable.
                int classObject = classArray[ci].objectIndex;
                if (classObject >= 0) {
                    add(classObject);
                }
            }
            return ci;
        }
    }
}
