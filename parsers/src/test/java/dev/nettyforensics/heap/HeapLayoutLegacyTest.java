package dev.nettyforensics.heap;

import static dev.nettyforensics.hprof.HprofType.BOOLEAN;
import static dev.nettyforensics.hprof.HprofType.BYTE;
import static dev.nettyforensics.hprof.HprofType.CHAR;
import static dev.nettyforensics.hprof.HprofType.DOUBLE;
import static dev.nettyforensics.hprof.HprofType.FLOAT;
import static dev.nettyforensics.hprof.HprofType.INT;
import static dev.nettyforensics.hprof.HprofType.LONG;
import static dev.nettyforensics.hprof.HprofType.OBJECT;
import static dev.nettyforensics.hprof.HprofType.SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK 8 to 14 field layout ({@code ClassFileParser::layout_fields}) on synthetic dumps shaped like
 * a JDK 8 or JDK 11 heap. No JDK 8 or 11 runs on this machine, so the expected sizes are derived by hand
 * from the jdk8u/jdk11u sources (comments show the offsets); they are not checked against a real dump.
 * The same shapes on a JDK 17-shaped dump take the HotSpot 15+ layout, which reuses superclass holes.
 */
class HeapLayoutLegacyTest {
    @TempDir
    Path dir;

    /** Field shapes that the two layouts treat differently, with their JDK 8 sizes (compressed oops, 12-byte header). */
    private static void declareShapes(TestDump d) {
        d.clazz("t.OneByte", null, "b", BYTE);                                   // b@12 -> 13 -> 16
        d.clazz("t.LongAfterByte", "t.OneByte", "l", LONG, "s", SHORT);        // starts at 16: l@16 s@24 -> 26 -> 32
        d.clazz("t.IntAndRef", null, "i", INT, "o", OBJECT);                     // i@12 o@16 -> 20 -> 24
        d.clazz("t.Mixed", "t.IntAndRef", "x", BYTE, "d", DOUBLE, "r", OBJECT, "z", BOOLEAN); // x@20 z@21 d@24 r@32 -> 36 -> 40
        d.clazz("t.LongThenByte", null, "a", LONG, "b", BYTE);                   // b@12 (gap) a@16 -> 24
        d.clazz("t.FillsTail", "t.LongThenByte", "i", INT, "s", SHORT, "c", BYTE); // i@24 s@28 c@30 -> 31 -> 32
        d.clazz("t.ThreeRefsAndLong", null, "a", OBJECT, "b", OBJECT, "c", OBJECT, "l", LONG); // a@12 (gap) l@16 b@24 c@28 -> 32
        d.clazz("t.CharAndFloat", "t.ThreeRefsAndLong", "c", CHAR, "f", FLOAT); // f@32 c@36 -> 38 -> 40
        d.clazz("t.Level1", null, "a", BYTE);                                    // -> 13 -> 16
        d.clazz("t.Level2", "t.Level1", "b", BYTE);                              // b@16 -> 17 -> 24
        d.clazz("t.Level3", "t.Level2", "c", INT);                               // c@20 -> 24
        d.clazz("t.Level4", "t.Level3", "d", LONG, "e", BYTE);                   // d@24 e@32 -> 33 -> 40
        // A class whose offsets HotSpot once hard-coded: references first, the gap before longs left empty.
        d.clazz("java.lang.Throwable", null, "b", LONG, "c", INT);              // b@16 c@24 -> 28 -> 32
        d.clazz("t.OneRefLongInt", null);
        d.staticField("t.OneRefLongInt", "o", OBJECT, 0);
        d.staticField("t.OneRefLongInt", "l", LONG, 0);
        d.staticField("t.OneRefLongInt", "i", INT, 0);
        d.clazz("t.StaticMix", null);
        for (Object[] f : new Object[][] {{"b", BYTE}, {"d", DOUBLE}, {"x", OBJECT}, {"y", OBJECT}, {"z", OBJECT}, {"s", SHORT}}) {
            d.staticField("t.StaticMix", (String) f[0], (HprofType) f[1], 0);
        }
    }

    private static final String[] CLASS_FIELDS_JDK8 = {"cachedConstructor", "newInstanceCallerCache", "name", "classLoader",
            "reflectionData", "genericInfo", "enumConstants", "enumConstantDirectory", "annotationData", "annotationType", "classValueMap"};

    /** What a JDK 8 heap always holds: Object, String without coder, Class with JDK 8's fields, sun.misc.Unsafe's constants. */
    private static void jdk8Bootstrap(TestDump d, boolean compressedOops) {
        d.clazz("java.lang.String", null, "value", OBJECT, "hash", INT);
        d.clazz("java.lang.Class", null, classFields(CLASS_FIELDS_JDK8));
        unsafe(d, "sun.misc.Unsafe", compressedOops ? 16 : 24, compressedOops ? 4 : 8);
    }

    private static Object[] classFields(String[] references) {
        Object[] fields = new Object[references.length * 2 + 2];
        for (int i = 0; i < references.length; i++) {
            fields[2 * i] = references[i];
            fields[2 * i + 1] = OBJECT;
        }
        fields[fields.length - 2] = "classRedefinedCount";
        fields[fields.length - 1] = INT;
        return fields;
    }

    private static void unsafe(TestDump d, String name, int base, int scale) {
        d.clazz(name, null);
        for (String t : new String[] {"BOOLEAN", "BYTE", "SHORT", "CHAR", "INT", "LONG", "FLOAT", "DOUBLE", "OBJECT"}) {
            d.staticField(name, "ARRAY_" + t + "_BASE_OFFSET", INT, base);
        }
        d.staticField(name, "ARRAY_OBJECT_INDEX_SCALE", INT, scale);
    }

    private Heap open(String file, java.util.function.Consumer<TestDump> bootstrap) throws IOException {
        Path path = TestDump.write(dir.resolve(file), d -> {
            bootstrap.accept(d);
            declareShapes(d);
            d.instance("t.Mixed");
            d.primitiveArray(INT, 3);
        });
        return Heap.open(path);
    }

    private static Map<String, Long> sizes(Heap heap, String... names) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String n : names) {
            sizes.put(n, heap.findClass(n).instanceSize());
        }
        return sizes;
    }

    private static final String[] SHAPES = {"t.OneByte", "t.LongAfterByte", "t.IntAndRef", "t.Mixed", "t.LongThenByte", "t.FillsTail",
            "t.ThreeRefsAndLong", "t.CharAndFloat", "t.Level1", "t.Level2", "t.Level3", "t.Level4", "java.lang.Throwable"};

    @Test
    void aJdk8HeapWithCompressedOopsGetsTheClassFileParserLayout() throws IOException {
        try (Heap heap = open("jdk8.hprof", d -> jdk8Bootstrap(d, true))) {
            assertThat(HeapLayout.detect(heap.classes(), 8).generation).isEqualTo(HeapLayoutGeneration.JDK8);
            assertThat(HeapLayout.detect(heap.classes(), 8).uncertainty()).contains("not checked against a real dump");
            assertThat(sizes(heap, SHAPES).values()).containsExactly(16L, 32L, 24L, 40L, 24L, 32L, 32L, 40L, 16L, 24L, 24L, 40L, 32L);
            // Class (references first, no compaction): 11 + 3 injected references @12..68, gap, 2 injected longs @72..88,
            // classRedefinedCount and 2 injected ints @88..100 -> 104
            assertThat(heap.findClass("java.lang.Class").instanceSize()).isEqualTo(104);
            // statics after the Class fields: o@104, l@112 (8-aligned), i@120 -> 124 -> 128
            assertThat(mirror(heap, "t.OneRefLongInt")).isEqualTo(128);
            // x,y,z@104..116, d@120, s@128, b@130 -> 131 -> 136
            assertThat(mirror(heap, "t.StaticMix")).isEqualTo(136);
            assertThat(heap.shallowSize(heap.instancesOf("[I", false)[0])).isEqualTo(32); // 16 + 3*4 -> 32
        }
    }

    @Test
    void aJdk8HeapWithoutCompressedOopsUsesSixteenByteHeadersAndEightByteReferences() throws IOException {
        try (Heap heap = open("jdk8-wide.hprof", d -> jdk8Bootstrap(d, false))) {
            HeapLayout layout = HeapLayout.detect(heap.classes(), 8);
            assertThat(layout.headerSize).isEqualTo(16);
            assertThat(layout.referenceSize).isEqualTo(8);
            // OneByte b@16 -> 24; LongAfterByte starts at 24: l@24 s@32 -> 40; IntAndRef i@16 o@24 -> 32;
            // Mixed starts at 32: d@32 x@40 z@41 r@48 -> 56; ThreeRefsAndLong l@16 a,b,c@24..48 -> 48;
            // Level2 b@24 -> 32; Level3 c@32 -> 40; Level4 d@40 e@48 -> 56
            assertThat(sizes(heap, "t.OneByte", "t.LongAfterByte", "t.IntAndRef", "t.Mixed", "t.ThreeRefsAndLong",
                    "t.Level2", "t.Level3", "t.Level4").values()).containsExactly(24L, 40L, 32L, 56L, 48L, 32L, 40L, 56L);
            // Class: 14 references @16..128, longs @128..144, ints @144..156 -> 160; statics o@160 l@168 i@176 -> 184
            assertThat(heap.findClass("java.lang.Class").instanceSize()).isEqualTo(160);
            assertThat(mirror(heap, "t.OneRefLongInt")).isEqualTo(184);
            assertThat(heap.shallowSize(heap.instancesOf("[I", false)[0])).isEqualTo(40); // 24 + 3*4 -> 40
        }
    }

    @Test
    void aJdk11HeapIsToldApartByItsModulesAndGetsTheSameLayout() throws IOException {
        try (Heap heap = open("jdk11.hprof", d -> {
            d.clazz("java.lang.String", null, "value", OBJECT, "hash", INT, "coder", BYTE);
            d.clazz("java.lang.Module", null, "name", OBJECT, "loader", OBJECT);
            d.clazz("java.lang.Class", null, classFields(new String[] {"cachedConstructor", "newInstanceCallerCache", "name",
                    "module", "classLoader", "packageName", "componentType", "reflectionData", "genericInfo", "enumConstants",
                    "enumConstantDirectory", "annotationData", "annotationType", "classValueMap"}));
            unsafe(d, "jdk.internal.misc.Unsafe", 16, 4);
        })) {
            assertThat(HeapLayout.detect(heap.classes(), 8).generation).isEqualTo(HeapLayoutGeneration.JDK9_TO_14);
            assertThat(sizes(heap, SHAPES).values()).containsExactly(16L, 32L, 24L, 40L, 24L, 32L, 32L, 40L, 16L, 24L, 24L, 40L, 32L);
            // 14 + 3 references @12..80, longs @80..96, ints @96..108 -> 112
            assertThat(heap.findClass("java.lang.Class").instanceSize()).isEqualTo(112);
            // Module: name, loader @12..20, injected module_entry long @24 -> 32
            assertThat(heap.findClass("java.lang.Module").instanceSize()).isEqualTo(32);
        }
    }

    @Test
    void theSameShapesInAJdk17HeapReuseSuperclassHoles() throws IOException {
        try (Heap heap = open("jdk17.hprof", d -> {
            d.clazz("java.lang.String", null, "value", OBJECT, "coder", BYTE, "hash", INT, "hashIsZero", BOOLEAN);
            d.clazz("java.lang.Module", null);
            d.clazz("java.lang.Class", null, "classData", OBJECT, "name", OBJECT);
            d.clazz("java.lang.Thread", null, "name", OBJECT);
            unsafe(d, "jdk.internal.misc.Unsafe", 16, 4);
        })) {
            assertThat(HeapLayout.detect(heap.classes(), 8).generation).isEqualTo(HeapLayoutGeneration.JDK15_TO_18);
            assertThat(HeapLayout.detect(heap.classes(), 8).uncertainty()).isNull();
            // LongAfterByte: s fills OneByte's hole @14, l@16 -> 24; Level2 b@13, Level3 c@16, Level4 d@24 e@14 -> 32;
            // Throwable: c@12 b@16 -> 24 (no hard-coded classes any more)
            assertThat(sizes(heap, "t.LongAfterByte", "t.Level2", "t.Level3", "t.Level4", "java.lang.Throwable").values())
                    .containsExactly(24L, 16L, 24L, 32L, 24L);
        }
    }

    private static long mirror(Heap heap, String className) {
        return heap.shallowSize(heap.findClass(className).objectIndex());
    }
}
