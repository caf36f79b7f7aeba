package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HotSpot generations whose object layouts differ, told apart by what every dump holds: the
 * fields of {@code java.lang.Class}, {@code java.lang.String} and {@code java.lang.Thread} and the
 * presence of {@code java.lang.Module} (all loaded at VM start). The dump has no version string the
 * index can read cheaply, so the generation is an inference; {@link HeapLayout#describe()} says which.
 *
 * <p>Each generation knows the fields HotSpot injects into JDK classes (javaClasses.hpp
 * {@code *_INJECTED_FIELDS}: they take space but the dump omits them; {@code intptr_t} is a long on
 * 64-bit VMs) and the JDK classes and fields annotated {@code @Contended}. Immutable.
 */
enum HeapLayoutGeneration {
    /** JDK 8: no {@code java.lang.Module}, {@code String} without {@code coder}. ClassFileParser layout. */
    JDK8("HotSpot 8 (ClassFileParser field layout)", false,
            Map.of("java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT, HprofType.OBJECT, HprofType.OBJECT, HprofType.OBJECT),
                    "java.lang.ClassLoader", List.of(HprofType.LONG),
                    "java.lang.invoke.MemberName", List.of(HprofType.OBJECT, HprofType.LONG, HprofType.LONG)),
            Contended.JDK8_CLASSES, Contended.JDK8_FIELDS),
    /** JDK 9 to 14: {@code java.lang.Module}, but {@code Class} without {@code classData}. Injected fields as in JDK 11. */
    JDK9_TO_14("HotSpot 9 to 14 (ClassFileParser field layout, injected fields as JDK 11)", false,
            Map.of("java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT, HprofType.OBJECT, HprofType.OBJECT, HprofType.OBJECT),
                    "java.lang.ClassLoader", List.of(HprofType.LONG),
                    "java.lang.Module", List.of(HprofType.LONG),
                    "java.lang.invoke.ResolvedMethodName", List.of(HprofType.OBJECT, HprofType.LONG),
                    "java.lang.invoke.MemberName", List.of(HprofType.LONG),
                    "java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of(HprofType.LONG, HprofType.LONG),
                    "java.lang.StackFrameInfo", List.of(HprofType.SHORT)),
            Contended.JDK11_CLASSES, Contended.JDK11_FIELDS),
    /** JDK 15 to 18: {@code Class.classData} (hidden classes), {@code Thread} without {@code holder}. FieldLayoutBuilder. */
    JDK15_TO_18("HotSpot 15 to 18 (FieldLayoutBuilder field layout, injected fields as JDK 17)", true,
            Map.of("java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT, HprofType.OBJECT, HprofType.OBJECT, HprofType.OBJECT),
                    "java.lang.ClassLoader", List.of(HprofType.LONG),
                    "java.lang.Module", List.of(HprofType.LONG),
                    "java.lang.String", List.of(HprofType.BYTE),
                    "java.lang.InternalError", List.of(HprofType.BOOLEAN),
                    "java.lang.invoke.ResolvedMethodName", List.of(HprofType.OBJECT, HprofType.LONG),
                    "java.lang.invoke.MemberName", List.of(HprofType.LONG),
                    "java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of(HprofType.LONG, HprofType.LONG),
                    "java.lang.StackFrameInfo", List.of(HprofType.SHORT)),
            Contended.JDK17_CLASSES, Contended.JDK17_FIELDS),
    /**
     * JDK 19 to 24: {@code Thread.holder} (virtual threads), {@code Class} without {@code protectionDomain}.
     * Injected fields assumed as JDK 21 (not checked against a real dump of these versions).
     */
    JDK19_TO_24("HotSpot 19 to 24 (FieldLayoutBuilder field layout, injected fields as JDK 21, unverified)", true,
            Map.ofEntries(Map.entry("java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT, HprofType.OBJECT, HprofType.OBJECT, HprofType.OBJECT)),
                    Map.entry("java.lang.ClassLoader", List.of(HprofType.LONG)),
                    Map.entry("java.lang.Module", List.of(HprofType.LONG)),
                    Map.entry("java.lang.String", List.of(HprofType.BYTE)),
                    Map.entry("java.lang.InternalError", List.of(HprofType.BOOLEAN)),
                    Map.entry("java.lang.Thread", List.of(HprofType.LONG, HprofType.INT, HprofType.BOOLEAN, HprofType.SHORT)),
                    Map.entry("java.lang.invoke.ResolvedMethodName", List.of(HprofType.OBJECT, HprofType.LONG)),
                    Map.entry("java.lang.invoke.MemberName", List.of(HprofType.LONG)),
                    Map.entry("java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of(HprofType.LONG, HprofType.LONG)),
                    Map.entry("java.lang.StackFrameInfo", List.of(HprofType.SHORT)),
                    Map.entry("jdk.internal.vm.StackChunk", List.of(HprofType.OBJECT, HprofType.BYTE, HprofType.LONG, HprofType.INT))),
            Contended.JDK17_CLASSES, Contended.JDK25_FIELDS_WITH_TLR),
    /** JDK 25 and later: {@code Class.protectionDomain} and {@code Class.signers} are Java fields. */
    JDK25("HotSpot 25+ (FieldLayoutBuilder field layout, injected fields as JDK 25)", true,
            Map.ofEntries(Map.entry("java.lang.Class", List.of(HprofType.LONG, HprofType.LONG, HprofType.INT, HprofType.INT, HprofType.OBJECT, HprofType.OBJECT)),
                    Map.entry("java.lang.ClassLoader", List.of(HprofType.LONG)),
                    Map.entry("java.lang.Module", List.of(HprofType.LONG)),
                    Map.entry("java.lang.String", List.of(HprofType.BYTE)),
                    Map.entry("java.lang.InternalError", List.of(HprofType.BOOLEAN)),
                    Map.entry("java.lang.Thread", List.of(HprofType.LONG, HprofType.INT, HprofType.BOOLEAN, HprofType.SHORT)),
                    Map.entry("java.lang.VirtualThread", List.of(HprofType.LONG)),
                    Map.entry("java.lang.invoke.ResolvedMethodName", List.of(HprofType.LONG)),
                    Map.entry("java.lang.invoke.MemberName", List.of(HprofType.LONG)),
                    Map.entry("java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of(HprofType.LONG, HprofType.LONG)),
                    Map.entry("java.lang.StackFrameInfo", List.of(HprofType.SHORT)),
                    Map.entry("jdk.internal.vm.StackChunk", List.of(HprofType.OBJECT, HprofType.BYTE, HprofType.LONG, HprofType.INT))),
            Contended.JDK25_CLASSES, Contended.JDK25_FIELDS);

    final String description;
    /** FieldLayoutBuilder (JDK 15+) rather than ClassFileParser::layout_fields. */
    final boolean fieldLayoutBuilder;
    private final Map<String, List<HprofType>> injected;
    private final Set<String> contendedClasses;
    private final Map<String, Set<String>> contendedFields;

    HeapLayoutGeneration(String description, boolean fieldLayoutBuilder, Map<String, List<HprofType>> injected,
                         Set<String> contendedClasses, Map<String, Set<String>> contendedFields) {
        this.description = description;
        this.fieldLayoutBuilder = fieldLayoutBuilder;
        this.injected = injected;
        this.contendedClasses = contendedClasses;
        this.contendedFields = contendedFields;
    }

    /** Fields the VM adds to this bootstrap class that the dump does not list; empty for others. */
    List<HprofType> injectedFields(HeapClass c) {
        return c.loaderId() == 0 ? injected.getOrDefault(c.name(), List.of()) : List.of();
    }

    /** Whether this bootstrap class is annotated {@code @Contended} as a whole. */
    boolean contendedClass(HeapClass c) {
        return c.loaderId() == 0 && contendedClasses.contains(c.name());
    }

    /** The fields of this bootstrap class in its one named {@code @Contended} group; empty when none. */
    Set<String> contendedGroup(HeapClass c) {
        return c.loaderId() == 0 ? contendedFields.getOrDefault(c.name(), Set.of()) : Set.of();
    }

    /** Infers the generation from classes every HotSpot heap holds. Unknown shapes count as the newest. */
    static HeapLayoutGeneration detect(List<HeapClass> classes) {
        HeapClass classClass = null;
        HeapClass string = null;
        HeapClass thread = null;
        boolean module = false;
        for (HeapClass c : classes) {
            if (c.loaderId() != 0) {
                continue;
            }
            switch (c.name()) {
                case "java.lang.Class" -> classClass = c;
                case "java.lang.String" -> string = c;
                case "java.lang.Thread" -> thread = c;
                case "java.lang.Module" -> module = true;
                default -> { }
            }
        }
        if (classClass == null) {
            return JDK25;
        }
        if (!module && (string == null || !declares(string, "coder"))) {
            return JDK8;
        }
        if (!declares(classClass, "classData")) {
            return JDK9_TO_14;
        }
        if (thread != null && !declares(thread, "holder")) {
            return JDK15_TO_18;
        }
        return declares(classClass, "protectionDomain") ? JDK25 : JDK19_TO_24;
    }

    private static boolean declares(HeapClass c, String field) {
        for (HeapField f : c.declaredFields()) {
            if (f.name().equals(field)) {
                return true;
            }
        }
        return false;
    }

    /** The JDK's {@code @Contended} classes and named field groups, per generation. */
    private static final class Contended {
        static final String CELL = "java.util.concurrent.atomic.Striped64$Cell";
        static final String COUNTER_CELL = "java.util.concurrent.ConcurrentHashMap$CounterCell";
        static final String EXCHANGER_NODE = "java.util.concurrent.Exchanger$Node";
        static final String SUBSCRIPTION = "java.util.concurrent.SubmissionPublisher$BufferedSubscription";
        static final String WORK_QUEUE = "java.util.concurrent.ForkJoinPool$WorkQueue";
        static final String POOL = "java.util.concurrent.ForkJoinPool";
        static final Set<String> TLR = Set.of("threadLocalRandomSeed", "threadLocalRandomProbe", "threadLocalRandomSecondarySeed");
        static final Set<String> SUBSCRIPTION_GROUP = Set.of("demand", "waiting");

        /** jdk8u sources: {@code @sun.misc.Contended} on whole classes, "tlr" in Thread. */
        static final Set<String> JDK8_CLASSES = Set.of(CELL, COUNTER_CELL, EXCHANGER_NODE, POOL, WORK_QUEUE);
        static final Map<String, Set<String>> JDK8_FIELDS = Map.of("java.lang.Thread", TLR);
        /** As JDK 11 (from memory of the sources, unverified). */
        static final Set<String> JDK11_CLASSES = Set.of(CELL, COUNTER_CELL, EXCHANGER_NODE, WORK_QUEUE, SUBSCRIPTION);
        static final Map<String, Set<String>> JDK11_FIELDS = Map.of("java.lang.Thread", TLR, SUBSCRIPTION, SUBSCRIPTION_GROUP);
        /** Read from OpenJDK 17's java.base class files. */
        static final Set<String> JDK17_CLASSES = Set.of(CELL, COUNTER_CELL, EXCHANGER_NODE, SUBSCRIPTION);
        static final Map<String, Set<String>> JDK17_FIELDS = Map.of("java.lang.Thread", TLR,
                POOL, Set.of("ctl"),
                WORK_QUEUE, Set.of("top", "source", "nsteals"),
                SUBSCRIPTION, SUBSCRIPTION_GROUP);
        /** Read from Temurin 25's java.base class files: Thread's ThreadLocalRandom fields are no longer padded. */
        static final Set<String> JDK25_CLASSES = Set.of(CELL, COUNTER_CELL, "java.util.concurrent.Exchanger$Slot", SUBSCRIPTION);
        static final Map<String, Set<String>> JDK25_FIELDS = Map.of(
                POOL, Set.of("ctl", "parallelism"),
                WORK_QUEUE, Set.of("top", "phase", "stackPred", "source", "nsteals", "parking"),
                SUBSCRIPTION, SUBSCRIPTION_GROUP);
        /** JDK 19 to 24, a guess between the two measured ends: JDK 25's pool, Thread still padded. */
        static final Map<String, Set<String>> JDK25_FIELDS_WITH_TLR = Map.of("java.lang.Thread", TLR,
                POOL, Set.of("ctl", "parallelism"),
                WORK_QUEUE, Set.of("top", "phase", "stackPred", "source", "nsteals", "parking"),
                SUBSCRIPTION, SUBSCRIPTION_GROUP);
    }
}
