package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import java.util.Arrays;
import java.util.List;

/**
 * Pass 2 of indexing: reads each object's record through its offset and turns every reference
 * into an object index. Touches no Java object per heap object; the only allocations are the
 * result arrays. Objects are visited in id order, which HotSpot dumps mostly share with file order.
 */
final class HeapEdgeExtractor {
    private final HprofBytes bytes;
    private final int idSize;
    private final HeapIdIndex ids;
    private final long[] offsets;
    private final List<HeapClass> classes;
    private final HeapLongIntMap classIndexById;
    private final int[] primitiveArrayClass;
    private final long bound;

    HeapEdgeExtractor(HprofBytes bytes, int idSize, HeapIdIndex ids, long[] offsets, List<HeapClass> classes,
                      HeapLongIntMap classIndexById, int[] primitiveArrayClass, long bound) {
        this.bytes = bytes;
        this.idSize = idSize;
        this.ids = ids;
        this.offsets = offsets;
        this.classes = classes;
        this.classIndexById = classIndexById;
        this.primitiveArrayClass = primitiveArrayClass;
        this.bound = bound;
    }

    HeapEdges run() {
        final int n = ids.count();
        final int id = idSize;
        final HprofBytes b = bytes;
        int classClass = -1;
        for (HeapClass c : classes) {
            if (c.name().equals("java.lang.Class")) {
                classClass = c.classIndex;
                break;
            }
        }
        HeapClass[] classArray = classes.toArray(new HeapClass[0]);
        int[] classOf = new int[n];
        int[] start = new int[n + 1];
        int[] targets = new int[(int) Math.min(Integer.MAX_VALUE - 16L, Math.max(16, bound))];
        int w = 0;
        long unresolved = 0;
        long unknownClass = 0;
        for (int i = 0; i < n; i++) {
            start[i] = w;
            long off = offsets[i];
            int tag = b.u1(off);
            int ci;
            if (tag == 0x21) {
                ci = classIndexById.get(b.id(off + 1 + id + 4, id));
                if (ci >= 0) {
                    HeapClass c = classArray[ci];
                    long values = off + 9 + 2L * id;
                    long length = b.u4Unsigned(off + 1 + 2L * id + 4);
                    int[] refs = c.referenceOffsets;
                    if (w + refs.length + 1 > targets.length) {
                        targets = grow(targets);
                    }
                    for (int r : refs) {
                        if (r + id > length) {
                            break;
                        }
                        long ref = b.id(values + r, id);
                        if (ref != 0) {
                            int t = ids.indexOf(ref);
                            if (t >= 0) {
                                targets[w++] = t;
                            } else {
                                unresolved++;
                            }
                        }
                    }
                }
            } else if (tag == 0x22) {
                long length = b.u4Unsigned(off + 1 + id + 4);
                ci = classIndexById.get(b.id(off + 1 + id + 8, id));
                long elements = off + 9 + 2L * id;
                while (w + length + 1 > targets.length) {
                    targets = grow(targets);
                }
                for (long k = 0; k < length; k++) {
                    long ref = b.id(elements + k * id, id);
                    if (ref != 0) {
                        int t = ids.indexOf(ref);
                        if (t >= 0) {
                            targets[w++] = t;
                        } else {
                            unresolved++;
                        }
                    }
                }
            } else if (tag == 0x23) {
                int code = b.u1(off + 1 + id + 8);
                ci = code < primitiveArrayClass.length ? primitiveArrayClass[code] : -1;
            } else {
                ci = classClass;
                int own = classIndexById.get(b.id(off + 1, id));
                if (own >= 0) {
                    long[] out = classArray[own].outboundIds;
                    while (w + out.length + 1 > targets.length) {
                        targets = grow(targets);
                    }
                    for (long ref : out) {
                        if (ref != 0) {
                            int t = ids.indexOf(ref);
                            if (t >= 0) {
                                targets[w++] = t;
                            } else {
                                unresolved++;
                            }
                        }
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
                    if (w + 1 > targets.length) {
                        targets = grow(targets);
                    }
                    targets[w++] = classObject;
                }
            }
        }
        start[n] = w;
        if (targets.length - w > (w >> 3) + 1024) {
            targets = Arrays.copyOf(targets, w);
        }
        return new HeapEdges(start, targets, classOf, unresolved, unknownClass);
    }

    private static int[] grow(int[] a) {
        long n = Math.min(Integer.MAX_VALUE - 16L, a.length + (a.length >> 1) + 1024L);
        if (n <= a.length) {
            throw new IllegalStateException("more than 2^31 references");
        }
        return Arrays.copyOf(a, (int) n);
    }
}
