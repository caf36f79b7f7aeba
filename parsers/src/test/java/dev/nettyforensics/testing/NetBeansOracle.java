package dev.nettyforensics.testing;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapClass;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.heap.HeapField;
import dev.nettyforensics.heap.HeapObject;
import dev.nettyforensics.heap.HeapObjectKind;
import dev.nettyforensics.heap.HeapRoot;
import dev.nettyforensics.heap.HeapStaticField;
import dev.nettyforensics.hprof.HprofType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.netbeans.lib.profiler.heap.FieldValue;
import org.netbeans.lib.profiler.heap.GCRoot;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.ObjectFieldValue;
import org.netbeans.lib.profiler.heap.Value;

/**
 * Compares a {@link Heap} with the NetBeans profiler heap library on the same dump. Retained sizes
 * are compared through the dominator tree: each object weighs what NetBeans says its size is, so
 * our {@link HeapDominators#retainedOf} must reproduce NetBeans's retained sizes exactly.
 */
public final class NetBeansOracle {
    private NetBeansOracle() {}

    /**
     * What was compared and every disagreement (as readable lines), for one assertion.
     * {@code mismatches} must be empty: fields, roots, reachability and who references each
     * sampled object (up to the conventions in {@link #compareReferrers}). Retained sizes are
     * listed apart: NetBeans' dominator tree follows its own conventions for referents and for
     * referrers that are themselves unreachable, so a few JDK-internal objects (locale and
     * reflection caches, method-handle forms) legitimately differ; our dominators are checked
     * exactly against a second algorithm instead ({@link SimpleDominators}).
     */
    public record Report(int sampled, int fieldsCompared, List<String> mismatches, int retainedCompared,
                         List<String> retainedMismatches) {}

    public static Report compare(Heap heap, Path file, int samples, long seed) throws IOException {
        return compare(heap, file, samples, seed, className -> true);
    }

    /** As {@link #compare(Heap, Path, int, long)}, sampling only instances of classes {@code sampledClasses} accepts. */
    public static Report compare(Heap heap, Path file, int samples, long seed, Predicate<String> sampledClasses) throws IOException {
        org.netbeans.lib.profiler.heap.Heap nb = HeapFactory.createHeap(file.toFile());
        List<String> mismatches = new ArrayList<>();
        HeapDominators dom = heap.dominators();

        Set<Long> nbRoots = new HashSet<>();
        for (Object r : nb.getGCRoots()) {
            Instance i = ((GCRoot) r).getInstance();
            if (i != null) {
                nbRoots.add(i.getInstanceId());
            }
        }
        Set<Long> ourRoots = new HashSet<>();
        for (HeapRoot r : heap.roots()) {
            ourRoots.add(heap.idOf(r.objectIndex()));
        }
        if (!nbRoots.equals(ourRoots)) {
            mismatches.add("GC root objects differ: NetBeans " + nbRoots.size() + ", ours " + ourRoots.size());
        }

        long[] weight = new long[heap.objectCount()];
        List<Instance> all = new ArrayList<>();
        for (Iterator<?> it = nb.getAllInstancesIterator(); it.hasNext(); ) {
            Instance i = (Instance) it.next();
            int index = heap.indexOf(i.getInstanceId());
            if (index < 0) {
                mismatches.add("NetBeans object 0x" + Long.toHexString(i.getInstanceId()) + " missing");
                continue;
            }
            weight[index] = i.getSize();
            if (sampledClasses.test(i.getJavaClass().getName())) {
                all.add(i);
            }
        }
        Map<Integer, List<Integer>> referencesByReferent = referencesByReferent(heap);
        long[] retained = retainedAsNetBeansCountsIt(heap, dom, referencesByReferent, weight);

        SplittableRandom random = new SplittableRandom(seed);
        int sampled = 0;
        int fields = 0;
        int retainedCompared = 0;
        List<String> retainedMismatches = new ArrayList<>();
        for (int s = 0; s < samples && !all.isEmpty(); s++) {
            Instance i = all.get(random.nextInt(all.size()));
            int index = heap.indexOf(i.getInstanceId());
            HeapObject o = heap.object(index);
            sampled++;
            String where = o + " (" + i.getJavaClass().getName() + ")";
            boolean nbReachable = i.isGCRoot() || i.getNearestGCRootPointer() != null;
            if (nbReachable != dom.isReachable(index)) {
                mismatches.add(where + ": reachable NetBeans " + nbReachable + ", ours " + dom.isReachable(index));
            }
            if (nbReachable) {
                retainedCompared++;
                if (i.getRetainedSize() != retained[index]) {
                    retainedMismatches.add(where + ": retained NetBeans " + i.getRetainedSize() + ", ours (NetBeans weights) "
                            + retained[index] + "; dominated by us: " + dominatedClasses(heap, dom, index));
                }
            }
            if (o.kind() != HeapObjectKind.CLASS) {
                String referrers = compareReferrers(heap, nb, i, index, referencesByReferent);
                if (referrers != null) {
                    mismatches.add(where + ": referrers differ: " + referrers);
                }
            }
            if (o.kind() != HeapObjectKind.INSTANCE) {
                continue;
            }
            for (Object f : i.getFieldValues()) {
                FieldValue v = (FieldValue) f;
                String name = v.getField().getName();
                HeapClass c = o.heapClass();
                HeapField field = c.field(name);
                if (field == null) {
                    mismatches.add(where + ": no field " + name);
                    continue;
                }
                fields++;
                String ours;
                String theirs;
                if (v instanceof ObjectFieldValue ov) {
                    Instance target = ov.getInstance();
                    theirs = target == null ? "null" : Long.toHexString(target.getInstanceId());
                    HeapObject t = o.readObject(name);
                    ours = t == null ? "null" : Long.toHexString(t.id());
                } else {
                    theirs = v.getValue();
                    ours = render(o, name, field.type());
                }
                if (!theirs.equals(ours) && v.getField().getDeclaringClass().getName().equals(field.declaringClass())) {
                    mismatches.add(where + "." + name + ": NetBeans " + theirs + ", ours " + ours);
                }
            }
        }
        return new Report(sampled, fields, mismatches, retainedCompared, retainedMismatches);
    }

    /**
     * Retained sizes over our graph with NetBeans' two conventions: a class does not hold its
     * protection domain, and a referent that is strongly reachable is retained by nobody (NetBeans
     * counts the Reference as one more referrer, one that cannot dominate it, so the referent hangs
     * off the root of its dominator tree). Computed with the independent {@link SimpleDominators}.
     */
    private static long[] retainedAsNetBeansCountsIt(Heap heap, HeapDominators dom, Map<Integer, List<Integer>> referencesByReferent,
                                                     long[] weight) {
        IntStream strongRoots = heap.roots().stream().mapToInt(HeapRoot::objectIndex);
        IntStream referents = referencesByReferent.keySet().stream().mapToInt(Integer::intValue).filter(dom::isReachable);
        int[] roots = IntStream.concat(strongRoots, referents).toArray();
        int[] idom = SimpleDominators.compute(heap.objectCount(), roots, v -> {
            HeapClass described = heap.classForMirror(v);
            if (described == null) {
                return heap.outbound(v);
            }
            return Arrays.stream(heap.outbound(v)).filter(t -> !isProtectionDomain(heap, t) || heldByAStatic(heap, described, t)).toArray();
        });
        return SimpleDominators.retainedSizes(idom, weight);
    }

    private static boolean isProtectionDomain(Heap heap, int index) {
        HeapClass c = heap.classOf(index);
        return c != null && c.isSubclassOf("java.security.ProtectionDomain");
    }

    /** Each referent of a {@code java.lang.ref.Reference} with the References pointing at it. */
    private static Map<Integer, List<Integer>> referencesByReferent(Heap heap) {
        Map<Integer, List<Integer>> byReferent = new HashMap<>();
        for (int ref : heap.instancesOf("java.lang.ref.Reference", true)) {
            HeapObject referent = heap.object(ref).readObject("referent");
            if (referent != null) {
                byReferent.computeIfAbsent(referent.index(), k -> new ArrayList<>()).add(ref);
            }
        }
        return byReferent;
    }

    /**
     * Compares who references {@code index} in both libraries, after the two conventions where
     * they differ on purpose: NetBeans counts {@code Reference.referent} as a reference (we leave
     * it out, as the GC and MAT treat soft, weak and phantom referents), and NetBeans does not
     * count a class's protection domain as referenced by the class. Null when they agree.
     */
    private static String compareReferrers(Heap heap, org.netbeans.lib.profiler.heap.Heap nb, Instance i, int index,
                                           Map<Integer, List<Integer>> referencesByReferent) {
        Set<Long> theirs = new TreeSet<>();
        for (Object v : i.getReferences()) {
            theirs.add(((Value) v).getDefiningInstance().getInstanceId());
        }
        Set<Long> ours = new TreeSet<>();
        boolean protectionDomain = isProtectionDomain(heap, index);
        for (int r : heap.readReferrers(index)) {
            HeapClass described = heap.classForMirror(r);
            if (protectionDomain && described != null && !heldByAStatic(heap, described, index)) {
                continue;
            }
            ours.add(heap.idOf(r));
        }
        for (int r : referencesByReferent.getOrDefault(index, List.of())) {
            ours.add(heap.idOf(r));
        }
        if (theirs.equals(ours)) {
            return null;
        }
        Set<Long> onlyTheirs = new TreeSet<>(theirs);
        onlyTheirs.removeAll(ours);
        Set<Long> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        return "only NetBeans " + describe(heap, onlyTheirs) + ", only ours " + describe(heap, onlyOurs);
    }

    private static String describe(Heap heap, Set<Long> ids) {
        StringBuilder out = new StringBuilder("[");
        for (long id : ids) {
            HeapObject o = heap.findObject(id);
            out.append(out.length() > 1 ? ", " : "").append(o == null ? "0x" + Long.toHexString(id) : o.toString());
        }
        return out.append(']').toString();
    }

    private static boolean heldByAStatic(Heap heap, HeapClass c, int target) {
        long id = heap.idOf(target);
        for (HeapStaticField f : c.staticFields()) {
            if (f.type() == HprofType.OBJECT && f.rawValue() == id) {
                return true;
            }
        }
        return false;
    }

    private static String dominatedClasses(Heap heap, HeapDominators dom, int index) {
        StringBuilder out = new StringBuilder();
        for (int child : dom.children(index)) {
            out.append(heap.object(child).className()).append(' ');
        }
        return out.toString();
    }

    private static String render(HeapObject o, String name, HprofType type) {
        return switch (type) {
            case BOOLEAN -> String.valueOf(o.readBoolean(name));
            case CHAR -> String.valueOf(o.readChar(name));
            case FLOAT -> String.valueOf(o.readFloat(name));
            case DOUBLE -> String.valueOf(o.readDouble(name));
            case BYTE -> String.valueOf(o.readByte(name));
            case SHORT -> String.valueOf(o.readShort(name));
            case INT -> String.valueOf(o.readInt(name));
            case LONG -> String.valueOf(o.readLong(name));
            case OBJECT -> Long.toHexString(o.readReferenceId(name));
        };
    }
}
