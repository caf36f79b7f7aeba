package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Pass 2 of indexing: reads each object's record through its offset and turns every reference
 * into an object index. Touches no Java object per heap object; the only allocations are the
 * result arrays.
 *
 * <p>Two threads, each streaming forward through its half of the objects (forward keeps the
 * kernel's read-ahead on the mapped file useful): the first writes straight into the target array
 * sized by pass 1's upper bound, the second into a scratch array that is appended afterwards.
 */
final class HeapEdgeExtractor {
    private final HprofBytes bytes;
    private final int idSize;
    private final HeapIdIndex ids;
    private final long[] offsets;
    private final HeapClass[] classArray;
    private final HeapLongIntMap classIndexById;
    private final int[] primitiveArrayClass;
    private final long bound;
    private final int classClass;

    private int[] start;
    private int[] targets;
    private int[] classOf;

    HeapEdgeExtractor(HprofBytes bytes, int idSize, HeapIdIndex ids, long[] offsets, List<HeapClass> classes,
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
        if (bound > Integer.MAX_VALUE - 16L) {
            throw new IllegalStateException("more than 2^31 references: " + bound);
        }
        classOf = new int[n];
        start = new int[n + 1];
        targets = new int[(int) Math.max(16, bound)];
        int middle = n / 2;
        Half front = new Half();
        Half back = new Half();
        back.out = new int[1 << 16];
        CompletableFuture<Void> backDone = CompletableFuture.runAsync(() -> back.forward(middle, n));
        front.out = targets;
        front.forward(0, middle);
        backDone.join();
        int total = front.pos + back.pos;
        if (total > targets.length) {
            throw new IllegalStateException("reference bound exceeded");
        }
        System.arraycopy(back.out, 0, targets, front.pos, back.pos);
        back.out = null;
        for (int i = middle; i < n; i++) {
            start[i] += front.pos;
        }
        start[n] = total;
        if (targets.length - total > (total >> 3) + 1024) {
            targets = Arrays.copyOf(targets, total);
        }
        return new HeapEdges(start, targets, classOf, front.unresolved + back.unresolved,
                front.unknownClass + back.unknownClass);
    }

    /** One thread's share. */
    private final class Half {
        int pos;
        long unresolved;
        long unknownClass;
        private int[] scratch = new int[256];
        private int count;

        int[] out;

        void forward(int from, int to) {
            pos = 0;
            for (int i = from; i < to; i++) {
                collect(i);
                start[i] = pos;
                if (pos + count > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(pos + (long) count, out.length * 3L / 2)));
                }
                System.arraycopy(scratch, 0, out, pos, count);
                pos += count;
            }
        }

        private void add(int target) {
            if (count == scratch.length) {
                scratch = Arrays.copyOf(scratch, count * 2);
            }
            scratch[count++] = target;
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

        /** Decodes object {@code i}'s references into {@code scratch}. */
        private void collect(int i) {
            final int id = idSize;
            final HprofBytes b = bytes;
            count = 0;
            long off = offsets[i];
            int tag = b.u1(off);
            int ci;
            if (tag == 0x21) {
                ci = classIndexById.get(b.id(off + 1 + id + 4, id));
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
            classOf[i] = ci;
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
        }
    }
}
