package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nettyforensics.hprof.HprofFormatException;
import dev.nettyforensics.hprof.HprofOptions;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeapSyntheticTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void readsFieldValuesThroughTheSuperclassChain(int idSize) throws IOException {
        long[] ids = new long[3];
        Path file = TestDump.write(dir.resolve("fields.hprof"), d -> {
            d.idSize(idSize);
            d.clazz("com.example.Base", null, "refCnt", HprofType.INT, "name", HprofType.OBJECT);
            d.clazz("com.example.Buf", "com.example.Base", "capacity", HprofType.LONG, "direct", HprofType.BOOLEAN,
                    "ratio", HprofType.DOUBLE, "refCnt", HprofType.SHORT);
            ids[0] = d.javaString("pooled");
            ids[1] = d.instance("com.example.Buf", "refCnt", (short) 7, "capacity", 1L << 40, "direct", true,
                    "ratio", 0.5, "name", ids[0]);
            d.root(HprofRootKind.JNI_GLOBAL, ids[1]);
        });
        try (Heap heap = Heap.open(file)) {
            HeapObject buf = heap.findObject(ids[1]);
            assertThat(buf.className()).isEqualTo("com.example.Buf");
            assertThat(buf.readLong("capacity")).isEqualTo(1L << 40);
            assertThat(buf.readBoolean("direct")).isTrue();
            assertThat(buf.readDouble("ratio")).isEqualTo(0.5);
            // the subclass's refCnt shadows the superclass's
            assertThat(buf.readShort("refCnt")).isEqualTo((short) 7);
            assertThat(buf.heapClass().field("refCnt").declaringClass()).isEqualTo("com.example.Buf");
            assertThat(buf.readObject("name").readString(100)).isEqualTo("pooled");
            assertThat(buf.isInstanceOf("com.example.Base")).isTrue();
            assertThat(buf.hasField("missing")).isFalse();
            assertThatThrownBy(() -> buf.readInt("missing")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> buf.readInt("capacity")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is long");
            assertThat(heap.instancesOf("com.example.Base", true)).containsExactly(buf.index());
            assertThat(heap.instancesOf("com.example.Base", false)).isEmpty();
        }
    }

    @Test
    void readsStaticFieldsArraysAndOutboundReferences() throws IOException {
        long[] ids = new long[4];
        Path file = TestDump.write(dir.resolve("statics.hprof"), d -> {
            d.clazz("com.example.Registry", null);
            ids[0] = d.instance("com.example.Registry");
            ids[1] = d.primitiveArray(HprofType.BYTE, 100);
            ids[2] = d.objectArray("[Ljava.lang.Object;", ids[0], 0, ids[1]);
            d.staticField("com.example.Registry", "INSTANCE", HprofType.OBJECT, ids[2]);
            d.staticField("com.example.Registry", "LIMIT", HprofType.INT, 42);
            d.root(HprofRootKind.STICKY_CLASS, d.classId("com.example.Registry"));
        });
        try (Heap heap = Heap.open(file)) {
            HeapClass registry = heap.findClass("com.example.Registry");
            assertThat(registry.staticField("LIMIT").rawValue()).isEqualTo(42);
            HeapObject array = heap.findObject(registry.staticField("INSTANCE").rawValue());
            assertThat(array.kind()).isEqualTo(HeapObjectKind.OBJECT_ARRAY);
            assertThat(array.length()).isEqualTo(3);
            assertThat(array.readElement(1)).isNull();
            assertThat(array.readElement(2).elementType()).isEqualTo(HprofType.BYTE);
            assertThat(array.readElement(2).length()).isEqualTo(100);
            int[] out = heap.outbound(array.index());
            assertThat(out).contains(heap.indexOf(ids[0]), heap.indexOf(ids[1]));
            assertThat(heap.outbound(registry.objectIndex())).contains(array.index());
            assertThat(heap.shallowSize(heap.indexOf(ids[1]))).isEqualTo(16 + 104);
            assertThat(heap.kindOf(registry.objectIndex())).isEqualTo(HeapObjectKind.CLASS);
            assertThat(heap.classForMirror(registry.objectIndex())).isSameAs(registry);
        }
    }

    @Test
    void threadsCarryFramesAndTheObjectsTheirLocalsHold() throws IOException {
        long[] ids = new long[2];
        Path file = TestDump.write(dir.resolve("threads.hprof"), d -> {
            d.clazz("java.lang.Thread", null);
            d.clazz("com.example.Payload", null);
            ids[0] = d.instance("java.lang.Thread");
            ids[1] = d.instance("com.example.Payload");
            int serial = d.thread(ids[0], "com.example.Worker.handle:42", "com.example.Worker.run:10");
            d.frameLocal(serial, 1, ids[1]);
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.threads()).singleElement().satisfies(t -> {
                assertThat(t.objectIndex()).isEqualTo(heap.indexOf(ids[0]));
                assertThat(t.frames()).extracting(HeapFrame::qualifiedMethod)
                        .containsExactly("com.example.Worker.handle", "com.example.Worker.run");
                assertThat(t.frames().get(0).line()).isEqualTo(42);
                assertThat(t.frames().get(0).localObjects()).isEmpty();
                assertThat(t.frames().get(1).localObjects()).containsExactly(heap.indexOf(ids[1]));
            });
            assertThat(heap.roots()).extracting(HeapRoot::kind).contains(HprofRootKind.THREAD_OBJECT, HprofRootKind.JAVA_FRAME);
            assertThat(heap.dominators().isReachable(heap.indexOf(ids[1]))).isTrue();
        }
    }

    @Test
    void dominatorsAndRetainedSizesFollowTheGraphShape() throws IOException {
        long[] ids = new long[6];
        Path file = TestDump.write(dir.resolve("diamond.hprof"), d -> {
            d.clazz("com.example.N", null, "a", HprofType.OBJECT, "b", HprofType.OBJECT);
            // root -> top -> {left, right} -> bottom ; other root -> shared ; garbage unreachable
            ids[3] = d.instance("com.example.N");
            ids[1] = d.instance("com.example.N", "a", ids[3]);
            ids[2] = d.instance("com.example.N", "a", ids[3]);
            ids[0] = d.instance("com.example.N", "a", ids[1], "b", ids[2]);
            ids[4] = d.instance("com.example.N", "a", ids[3]);
            ids[5] = d.instance("com.example.N", "a", ids[0]);
            d.root(HprofRootKind.JNI_GLOBAL, ids[0]);
            rootClasses(d);
        });
        try (Heap heap = Heap.open(file)) {
            HeapDominators dom = heap.dominators();
            int top = heap.indexOf(ids[0]);
            int left = heap.indexOf(ids[1]);
            int bottom = heap.indexOf(ids[3]);
            int garbage = heap.indexOf(ids[5]);
            assertThat(dom.immediateDominator(top)).isEqualTo(HeapDominators.ROOT);
            assertThat(dom.immediateDominator(left)).isEqualTo(top);
            assertThat(dom.immediateDominator(bottom)).isEqualTo(top);
            assertThat(dom.immediateDominator(garbage)).isEqualTo(HeapDominators.UNREACHABLE);
            assertThat(dom.isReachable(heap.indexOf(ids[4]))).isFalse();
            assertThat(dom.dominates(top, bottom)).isTrue();
            assertThat(dom.dominates(left, bottom)).isFalse();
            long each = heap.shallowSize(top);
            // top retains itself, left, right and bottom; the class is a root of its own
            assertThat(dom.retainedSize(top)).isEqualTo(4 * each);
            long[] weight = new long[heap.objectCount()];
            weight[bottom] = 1000;
            weight[garbage] = 7;
            long[] retained = dom.retainedOf(weight);
            assertThat(retained[top]).isEqualTo(1000);
            assertThat(retained[left]).isZero();
            assertThat(retained[garbage]).isEqualTo(7);
            assertThat(dom.children(top)).containsExactlyInAnyOrder(left, heap.indexOf(ids[2]), bottom);
        }
    }

    @Test
    void aMillionElementChainNeitherRecursesNorOverflows() throws IOException {
        int length = 1_000_000;
        long[] head = new long[1];
        Path file = TestDump.write(dir.resolve("chain.hprof"), d -> {
            d.clazz("com.example.Link", null, "next", HprofType.OBJECT);
            long next = 0;
            for (int i = 0; i < length; i++) {
                next = d.instance("com.example.Link", "next", next);
            }
            head[0] = next;
            d.root(HprofRootKind.JNI_GLOBAL, next);
            rootClasses(d);
        });
        try (Heap heap = Heap.open(file)) {
            HeapDominators dom = heap.dominators();
            int first = heap.indexOf(head[0]);
            long linkSize = heap.shallowSize(first);
            assertThat(dom.retainedSize(first)).isEqualTo(length * linkSize);
            int second = heap.object(first).readObject("next").index();
            assertThat(dom.immediateDominator(second)).isEqualTo(first);
        }
    }

    /** As HotSpot's loaders do, keep classes alive independently of their instances. */
    private static void rootClasses(TestDump d) {
        for (String name : new String[] {"java.lang.Object", "com.example.N", "com.example.Link"}) {
            if (d.declares(name)) {
                d.root(HprofRootKind.STICKY_CLASS, d.classId(name));
            }
        }
    }

    @Test
    void duplicateIdsKeepTheFirstRecordByDefaultAndStopStrictMode() throws IOException {
        Path file = TestDump.write(dir.resolve("dup.hprof"), d -> {
            d.clazz("com.example.A", null, "v", HprofType.INT);
            d.instanceWithId(0x500000, "com.example.A", "v", 1);
            d.instanceWithId(0x500000, "com.example.A", "v", 2);
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.instancesOf(heap.findClass("com.example.A"))).hasSize(1);
            assertThat(heap.diagnostics()).anySatisfy(x -> assertThat(x.message()).contains("duplicate object id 0x500000"));
        }
        assertThatThrownBy(() -> Heap.open(file, HprofOptions.STRICT)).isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("duplicate object id");
    }

    @Test
    void superclassCyclesAndUnknownClassesAreCutAndReported() throws IOException {
        Path file = TestDump.write(dir.resolve("cycle.hprof"), d -> {
            d.clazz("com.example.A", null, "x", HprofType.INT);
            d.clazz("com.example.B", "com.example.A", "y", HprofType.INT);
            d.forceSuperclass("com.example.A", d.classId("com.example.B"));
            d.instance("com.example.B", "y", 3);
            d.instanceOfUnknownClass(12);
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.diagnostics()).anySatisfy(x -> assertThat(x.message()).contains("superclass cycle"));
            assertThat(heap.diagnostics()).anySatisfy(x -> assertThat(x.message()).contains("name a class the dump does not define"));
            int b = heap.instancesOf(heap.findClass("com.example.B"))[0];
            assertThat(heap.object(b).readInt("y")).isEqualTo(3);
        }
        assertThatThrownBy(() -> Heap.open(file, HprofOptions.STRICT)).isInstanceOf(HprofFormatException.class);
    }

    @Test
    void aTwentyMegabyteArrayIsSizedAndReadWithoutCopyingIt() throws IOException {
        long[] ids = new long[1];
        Path file = TestDump.write(dir.resolve("huge-array.hprof"), d -> {
            ids[0] = d.primitiveArray(HprofType.BYTE, 20 << 20);
            d.root(HprofRootKind.JNI_GLOBAL, ids[0]);
        });
        try (Heap heap = Heap.open(file)) {
            HeapObject array = heap.findObject(ids[0]);
            assertThat(array.length()).isEqualTo(20 << 20);
            assertThat(array.shallowSize()).isEqualTo(16 + (20 << 20));
            assertThat(array.readBytes(16)).hasSize(16);
            assertThat(heap.dominators().retainedSize(array.index())).isEqualTo(array.shallowSize());
        }
    }

    @Test
    void aDumpWithoutAHeapOpensEmpty() throws IOException {
        Path file = TestDump.write(dir.resolve("nothing.hprof"), d -> { });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.objectCount()).isGreaterThanOrEqualTo(0);
            assertThat(heap.dominators().reachableCount()).isZero();
        }
    }
}
