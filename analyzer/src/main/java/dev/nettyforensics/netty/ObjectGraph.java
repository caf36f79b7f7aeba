package dev.nettyforensics.netty;

import java.util.List;

/**
 * The narrow view of an indexed heap that the Netty model reads through. Every read is
 * <em>forgiving</em>: a missing class, field or object gives the stated "absent" value instead of an
 * exception, because real heaps are surprising (shaded copies, unknown versions, truncated dumps).
 * Object ids are heap ids; {@code 0} is null. Implementations must be safe for use by one thread at
 * a time; costs are those of the underlying heap (field reads O(fields of the class)).
 */
public interface ObjectGraph {

    /** Every loaded class name (duplicates when several loaders load the same name). */
    List<String> classNames();

    /** Ids of every class, in a stable order. Cheap after the first call. */
    long[] allClassIds();

    /** Ids of all classes with this exact name (one per loader that loaded it); empty when none. */
    long[] classIds(String className);

    /** The class name of a class id, null when unknown. */
    String className(long classId);

    /** Superclass id, 0 for none or unknown. */
    long superclassId(long classId);

    /** The loader that defined the class, 0 for the boot loader or unknown. */
    long classLoaderId(long classId);

    /** True when the class declares or inherits an instance field of that name. */
    boolean hasInstanceField(long classId, String field);

    /**
     * Instances of exactly this class (not subclasses). Implementations may index only the classes
     * the model reads (Netty's under any prefix, their subclasses, {@code java.nio} direct buffers).
     */
    long[] instancesOf(long classId);

    /** The class of an object, 0 when unknown. */
    long classOf(long objectId);

    /** The class name of an object, null when unknown. */
    default String classNameOf(long objectId) {
        long c = classOf(objectId);
        return c == 0 ? null : className(c);
    }

    /** Reference field (own or inherited, nearest declaration wins); 0 for null, missing or not a reference. */
    long ref(long objectId, String field);

    /** Primitive field widened to long (int, long, short, byte, char, boolean as 0/1); null when missing. */
    Long number(long objectId, String field);

    /** Static reference field of the class; 0 when null or missing. */
    long staticRef(long classId, String field);

    /** Static primitive field widened to long; null when missing. */
    Long staticNumber(long classId, String field);

    /** Elements of an object array; empty when not an object array. */
    long[] objectArray(long arrayId);

    /** A byte[] (also boolean[]); null when not one. */
    byte[] byteArray(long arrayId);

    /** A long[]; null when not one. */
    long[] longArray(long arrayId);

    /** An int[]; null when not one. */
    int[] intArray(long arrayId);

    /** Length of any array, -1 when not an array. */
    int arrayLength(long arrayId);

    /** A {@code java.lang.String}'s text (Latin-1 or UTF-16 layouts); null when not a readable String. */
    String string(long stringId);

    /** True when the dump held objects unreachable from GC roots (a non-live dump). */
    boolean hasUnreachableObjects();

    /**
     * True when GC roots reach the object through strong references: {@code java.lang.ref.Reference.referent}
     * must not count (a buffer only a leak detector's WeakReference still points at is lost).
     */
    boolean isReachable(long objectId);

    /** The immediate dominator; 0 when the object is a root's direct child (dominated by the virtual root) or unreachable. */
    long immediateDominator(long objectId);

    /** Objects this object references, in field order (arrays: element order); empty when none. */
    long[] outboundRefs(long objectId);

    /** Name of the field (or {@code [i]} for arrays) through which {@code from} references {@code to}; null when it does not. */
    String referenceName(long from, long to);

    /** Objects referencing this one. Cost: may scan every reference of the heap; use for a few objects only. */
    long[] referrers(long objectId);

    /**
     * Referrers of many objects at once: target id to the ids of objects referencing it (duplicates
     * removed; targets nobody references are absent). Cost: one pass over every reference of the heap.
     */
    java.util.Map<Long, long[]> referrersOf(java.util.Collection<Long> targets);

    /** Threads with their stacks (innermost frame first), in dump order; empty when the dump has none. */
    List<ThreadStack> threads();

    /** True when the object is a {@code java.lang.Class} mirror (statics hang off it). */
    boolean isClassObject(long objectId);

    /** For a class mirror: the name of the class it describes; else null. */
    String mirroredClassName(long objectId);
}
