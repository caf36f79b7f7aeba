package dev.nettyforensics.testing;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapClass;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.heap.HeapField;
import dev.nettyforensics.heap.HeapObject;
import dev.nettyforensics.heap.HeapObjectKind;
import dev.nettyforensics.heap.HeapRoot;
import dev.nettyforensics.hprof.HprofType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.netbeans.lib.profiler.heap.FieldValue;
import org.netbeans.lib.profiler.heap.GCRoot;
import org.netbeans.lib.profiler.heap.HeapFactory;
import org.netbeans.lib.profiler.heap.Instance;
import org.netbeans.lib.profiler.heap.ObjectFieldValue;

/**
 * Compares a {@link Heap} with the NetBeans profiler heap library on the same dump. Retained sizes
 * are compared through the dominator tree: each object weighs what NetBeans says its size is, so
 * our {@link HeapDominators#retainedOf} must reproduce NetBeans's retained sizes exactly.
 */
public final class NetBeansOracle {
    private NetBeansOracle() {}

    /** What was compared and every disagreement (as readable lines), for one assertion. */
    public record Report(int sampled, int fieldsCompared, List<String> mismatches, int retainedCompared,
                         List<String> retainedMismatches) {}

    public static Report compare(Heap heap, Path file, int samples, long seed) throws IOException {
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
            all.add(i);
        }
        long[] retained = dom.retainedOf(weight);

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
