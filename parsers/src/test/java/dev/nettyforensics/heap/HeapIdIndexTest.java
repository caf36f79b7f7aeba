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
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeapIdIndexTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaults() {
        System.clearProperty("nettyforensics.scratch");
    }

    @Test
    void theBitmapNumbersEveryMarkedIdByRankAndFindsNothingElse() {
        Random random = new Random(7);
        long min = 0x7_0000_0000L;
        HeapIdBitmap bitmap = HeapIdBitmap.over(min, min + 8L * 100_000, 3);
        Map<Long, Integer> expected = new HashMap<>();
        for (long id = min; id <= min + 8L * 100_000; id += 8L * (1 + random.nextInt(20))) {
            assertThat(bitmap.mark(id)).isTrue();
            expected.put(id, expected.size());
        }
        assertThat(bitmap.mark(min)).isFalse();
        assertThat(bitmap.rank()).isEqualTo(expected.size());
        expected.forEach((id, index) -> assertThat(bitmap.indexOf(id)).isEqualTo(index));
        for (int i = 0; i < 10_000; i++) {
            long id = min - 64 + random.nextInt(8 * 100_100);
            assertThat(bitmap.indexOf(id)).isEqualTo(expected.getOrDefault(id, -1));
        }
        assertThat(bitmap.indexOf(0)).isEqualTo(-1);
        assertThat(bitmap.indexOf(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(bitmap.indexOf(Long.MIN_VALUE)).isEqualTo(-1);
    }

    @Test
    void idRangesWithManyEmptySlotsPerObjectDoNotFitTheBitmap() {
        assertThat(HeapIdBitmap.fits(0x1000, 0x1000 + 8L * 1_000_000, 3, 1_000_000)).isTrue();
        assertThat(HeapIdBitmap.fits(0x1000, 0x1000 + 8L * 1_000_000_000, 3, 1_000_000)).isFalse();
        assertThat(HeapIdBitmap.fits(0x1000, 0x1000, 3, 1)).isTrue();
        assertThat(HeapIdBitmap.fits(Long.MIN_VALUE + 8, Long.MAX_VALUE, 3, 1_000_000)).isFalse();
        assertThat(HeapIdBitmap.fits(Long.MAX_VALUE, Long.MIN_VALUE, 3, 0)).isFalse();
    }

    /** Ids as ZGC's colored pointers or a foreign writer might give them: far apart, so the sorted index is used. */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void scatteredIdsFallBackToTheSortedIndexAndResolveEveryReference(int idSize) throws IOException {
        long spread = idSize == 8 ? 1L << 40 : 1L << 28;
        long[] ids = new long[4];
        Path file = TestDump.write(dir.resolve("scattered.hprof"), d -> {
            d.idSize(idSize);
            d.clazz("com.example.Node", null, "next", HprofType.OBJECT);
            ids[3] = d.instanceWithId(3 * spread + 8, "com.example.Node", "next", 0L);
            ids[2] = d.instanceWithId(2 * spread + 8, "com.example.Node", "next", ids[3]);
            ids[1] = d.instanceWithId(spread + 24, "com.example.Node", "next", ids[2]);
            ids[0] = d.instanceWithId(spread + 8, "com.example.Node", "next", ids[1]);
            d.instanceWithId(2 * spread + 8, "com.example.Node", "next", ids[0]);
            d.root(HprofRootKind.JNI_GLOBAL, ids[0]);
            d.root(HprofRootKind.STICKY_CLASS, d.classId("com.example.Node"));
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.idIndex()).isInstanceOf(HeapSortedIds.class);
            assertThat(heap.diagnostics()).anySatisfy(x -> assertThat(x.message()).contains("duplicate object id"));
            assertThat(heap.instancesOf(heap.findClass("com.example.Node"))).hasSize(4);
            for (int k = 0; k < 3; k++) {
                int node = heap.indexOf(ids[k]);
                assertThat(heap.idOf(node)).isEqualTo(ids[k]);
                assertThat(heap.object(node).readObject("next").index()).isEqualTo(heap.indexOf(ids[k + 1]));
                assertThat(heap.outbound(node)).contains(heap.indexOf(ids[k + 1]));
            }
            assertThat(heap.indexOf(spread + 16)).isEqualTo(-1);
            assertThat(heap.dominators().immediateDominator(heap.indexOf(ids[3]))).isEqualTo(heap.indexOf(ids[2]));
        }
        assertThatThrownBy(() -> Heap.open(file, HprofOptions.STRICT)).isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("duplicate object id");
    }

    @Test
    void denseIdsUseTheBitmapAndUnalignedOnesAreFoundToo() throws IOException {
        long[] ids = new long[3];
        Path file = TestDump.write(dir.resolve("dense.hprof"), d -> {
            d.clazz("com.example.Node", null, "next", HprofType.OBJECT);
            ids[2] = d.instanceWithId(0x10001, "com.example.Node", "next", 0L);
            ids[1] = d.instanceWithId(0x10002, "com.example.Node", "next", ids[2]);
            ids[0] = d.instance("com.example.Node", "next", ids[1]);
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.idIndex()).isInstanceOf(HeapIdBitmap.class);
            for (long id : ids) {
                assertThat(heap.idOf(heap.indexOf(id))).isEqualTo(id);
            }
            assertThat(heap.indexOf(0x10003)).isEqualTo(-1);
            assertThat(heap.indexOf(0)).isEqualTo(-1);
            assertThat(heap.object(heap.indexOf(ids[0])).readObject("next").readObject("next").index())
                    .isEqualTo(heap.indexOf(ids[2]));
        }
    }

    /**
     * The same dump indexed with every array on the Java heap and with every array in a mapped temp
     * file, with enough heap segments that both passes split over two threads (and a duplicate in
     * the second half): the same objects, classes, references and dominators.
     */
    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void mappedScratchArraysIndexExactlyLikeHeapArrays(int idSize) throws IOException {
        Path file = TestDump.write(dir.resolve("split.hprof"), d -> {
            d.idSize(idSize);
            d.subRecordsPerSegment(50);
            d.clazz("com.example.Node", null, "left", HprofType.OBJECT, "right", HprofType.OBJECT, "size", HprofType.INT);
            long[] made = new long[2000];
            for (int i = 0; i < made.length; i++) {
                long left = i == 0 ? 0 : made[(i - 1) / 2];
                long right = i < 3 ? 0 : made[i / 3];
                made[i] = i % 7 == 0
                        ? d.objectArray("[Lcom.example.Node;", left, 0, right)
                        : i % 11 == 0 ? d.primitiveArray(HprofType.LONG, i)
                        : d.instance("com.example.Node", "left", left, "right", right, "size", i);
            }
            d.instanceWithId(made[1500], "com.example.Node", "left", made[3], "right", 0L, "size", -1);
            d.root(HprofRootKind.JNI_GLOBAL, made[made.length - 1]);
            d.root(HprofRootKind.STICKY_CLASS, d.classId("com.example.Node"));
        });
        System.setProperty("nettyforensics.scratch", "heap");
        String onHeap = describe(file);
        System.setProperty("nettyforensics.scratch", "file");
        String mapped = describe(file);
        assertThat(mapped).isEqualTo(onHeap).contains("duplicate object id");
    }

    private static String describe(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Heap heap = Heap.open(file)) {
            out.append(heap.diagnostics()).append('\n');
            HeapDominators dom = heap.dominators();
            for (int i = 0; i < heap.objectCount(); i++) {
                out.append(i).append(' ').append(heap.idOf(i)).append(' ').append(heap.indexOf(heap.idOf(i)))
                        .append(' ').append(heap.classIndexOf(i)).append(' ').append(heap.shallowSize(i))
                        .append(' ').append(java.util.Arrays.toString(heap.outbound(i)))
                        .append(' ').append(dom.immediateDominator(i)).append(' ').append(dom.retainedSize(i)).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void aTempFolderWithoutRoomForScratchFilesIsAPlainIoError() throws IOException {
        Path file = TestDump.write(dir.resolve("small.hprof"), d -> {
            d.clazz("com.example.Node", null, "next", HprofType.OBJECT);
            d.instance("com.example.Node", "next", 0L);
        });
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("nettyforensics.scratch", "file");
        System.setProperty("java.io.tmpdir", dir.resolve("missing").toString());
        try {
            assertThatThrownBy(() -> Heap.open(file)).isExactlyInstanceOf(IOException.class)
                    .hasMessageContaining("scratch memory").hasMessageContaining("missing");
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    @Test
    void duplicatesOnBothSidesOfTheBitmapKeepTheirFirstRecordAndTheFirstInTheFileIsNamed() throws IOException {
        Path file = TestDump.write(dir.resolve("dups.hprof"), d -> {
            d.clazz("com.example.A", null, "v", HprofType.INT);
            d.instanceWithId(0x900000, "com.example.A", "v", 1);
            d.instanceWithId(0x100000, "com.example.A", "v", 2);
            d.instanceWithId(0x900000, "com.example.A", "v", 3);
            d.instanceWithId(0x100000, "com.example.A", "v", 4);
            d.instanceWithId(0x100000, "com.example.A", "v", 5);
        });
        try (Heap heap = Heap.open(file)) {
            assertThat(heap.idIndex()).isInstanceOf(HeapIdBitmap.class);
            assertThat(heap.instancesOf(heap.findClass("com.example.A"))).hasSize(2);
            assertThat(heap.object(heap.indexOf(0x900000)).readInt("v")).isEqualTo(1);
            assertThat(heap.object(heap.indexOf(0x100000)).readInt("v")).isEqualTo(2);
            assertThat(heap.diagnostics()).extracting(x -> x.message())
                    .contains("duplicate object id 0x900000: kept the first record", "3 duplicate object ids in total")
                    .noneMatch(m -> m.contains("duplicate object id 0x100000"));
        }
    }
}
