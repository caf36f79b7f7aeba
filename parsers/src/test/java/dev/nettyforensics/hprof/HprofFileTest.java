package dev.nettyforensics.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nettyforensics.testing.TestDump;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HprofFileTest {
    @TempDir
    Path dir;

    private static final Set<HprofTag> ALL = EnumSet.allOf(HprofTag.class);

    /** Counts what a pass delivers. */
    private static final class Counter implements HprofVisitor {
        int utf8;
        int loadClass;
        int classDumps;
        int instances;
        int objectArrays;
        int primitiveArrays;
        int roots;
        int unknown;
        final List<Long> instanceIds = new ArrayList<>();

        @Override public void onUtf8(long id, long offset, int length) { utf8++; }
        @Override public void onLoadClass(int s, long c, int t, long n) { loadClass++; }
        @Override public void onClassDump(HprofClassDump dump) { classDumps++; }
        @Override public void onInstance(long id, long classId, long v, int n, long o) { instances++; instanceIds.add(id); }
        @Override public void onObjectArray(long id, long c, int length, long e, long o) { objectArrays++; }
        @Override public void onPrimitiveArray(long id, HprofType type, int length, long e, long o) { primitiveArrays++; }
        @Override public void onGcRoot(HprofRootKind kind, long objectId, int t, int d) { roots++; }
        @Override public void onUnknownRecord(int tag, long offset, long length) { unknown++; }
    }

    private Path smallDump(String name, int idSize, String version, int perSegment) {
        return TestDump.write(dir.resolve(name), d -> {
            d.idSize(idSize).version(version).subRecordsPerSegment(perSegment);
            d.clazz("com.example.Node", null, "next", HprofType.OBJECT, "weight", HprofType.LONG);
            long b = d.instance("com.example.Node", "weight", 2L);
            long a = d.instance("com.example.Node", "next", b, "weight", 1L);
            d.objectArray("[Lcom.example.Node;", a, b, 0);
            d.primitiveArray(HprofType.INT, 10);
            d.root(HprofRootKind.JNI_GLOBAL, a);
            d.root(HprofRootKind.STICKY_CLASS, d.classId("com.example.Node"));
        });
    }

    @ParameterizedTest
    @CsvSource({"4, 1.0.1, 1000", "8, 1.0.1, 1000", "4, 1.0.2, 2", "8, 1.0.2, 1"})
    void readsEveryRecordForBothVersionsAndIdSizes(int idSize, String version, int perSegment) throws IOException {
        Path file = smallDump("v.hprof", idSize, version, perSegment);
        try (HprofFile dump = HprofFile.open(file)) {
            assertThat(dump.header().idSize()).isEqualTo(idSize);
            assertThat(dump.header().version()).isEqualTo(version);
            Counter c = new Counter();
            HprofScan scan = dump.accept(ALL, c);
            assertThat(scan.truncated()).isFalse();
            assertThat(scan.bytesRead()).isEqualTo(Files.size(file));
            assertThat(scan.diagnostics()).isEmpty();
            assertThat(c.classDumps).isEqualTo(3); // Object, Node, Node[]
            assertThat(c.instances).isEqualTo(2);
            assertThat(c.objectArrays).isEqualTo(1);
            assertThat(c.primitiveArrays).isEqualTo(1);
            assertThat(c.roots).isEqualTo(2);
            assertThat(c.loadClass).isEqualTo(3);
        }
    }

    @Test
    void skipsBodiesOfTagsNobodyAskedFor() throws IOException {
        try (HprofFile dump = HprofFile.open(smallDump("s.hprof", 8, "1.0.2", 1000))) {
            Counter c = new Counter();
            dump.accept(EnumSet.of(HprofTag.LOAD_CLASS), c);
            assertThat(c.loadClass).isEqualTo(3);
            assertThat(c.utf8).isZero();
            assertThat(c.instances).isZero();
        }
    }

    @Test
    void rejectsIdentifierSizeThreeWithItsOffset() {
        Path file = TestDump.write(dir.resolve("id3.hprof"), d -> d.idSize(3));
        assertThatThrownBy(() -> HprofFile.open(file))
                .isInstanceOf(HprofFormatException.class)
                .hasMessageContaining("identifier size 3 is not 4 or 8")
                .satisfies(e -> assertThat(((HprofFormatException) e).offset()).isEqualTo(19));
    }

    @Test
    void rejectsEmptyFilesTextPngAndDirectoriesWithOneLine() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.hprof"));
        Path text = Files.writeString(dir.resolve("log.hprof"), "2024-01-01 INFO started\n");
        Path png = dir.resolve("image.hprof");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        assertThatThrownBy(() -> HprofFile.open(empty)).isInstanceOf(HprofFormatException.class).hasMessageStartingWith("empty file");
        assertThatThrownBy(() -> HprofFile.open(text)).isInstanceOf(HprofFormatException.class).hasMessageStartingWith("not a heap dump");
        assertThatThrownBy(() -> HprofFile.open(png)).isInstanceOf(HprofFormatException.class).hasMessageStartingWith("not a heap dump");
        assertThatThrownBy(() -> HprofFile.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("directory");
    }

    @Test
    void skipsUnknownTopLevelTagsByTheirLength() throws IOException {
        Path file = TestDump.write(dir.resolve("unknown.hprof"), d -> {
            d.unknownRecord(0x42, 1000);
            d.unknownRecord(0x0D, 12); // CPU SAMPLES: known, ignored
            d.clazz("com.example.A", null);
            d.instance("com.example.A");
        });
        try (HprofFile dump = HprofFile.open(file)) {
            Counter c = new Counter();
            HprofScan scan = dump.accept(ALL, c);
            assertThat(c.unknown).isEqualTo(1);
            assertThat(c.instances).isEqualTo(1);
            assertThat(scan.truncated()).isFalse();
            assertThat(scan.diagnostics()).singleElement().asString().contains("unknown tag 0x42");
        }
    }

    @Test
    void aLengthOfFFFFFFFFIsTreatedAsTheEndOfUsableData() throws IOException {
        Path file = TestDump.write(dir.resolve("lying.hprof"), d -> {
            d.clazz("com.example.A", null);
            d.instance("com.example.A");
            d.afterHeap(w -> w.lyingRecord(0x01, 0xFFFFFFFFL, 16));
        });
        try (HprofFile dump = HprofFile.open(file)) {
            Counter c = new Counter();
            HprofScan scan = dump.accept(ALL, c);
            assertThat(c.instances).isEqualTo(1);
            assertThat(scan.truncated()).isTrue();
            assertThat(scan.truncatedAt()).isEqualTo(Files.size(file) - 16 - 9);
        }
    }

    @Test
    void unknownSubRecordSkipsTheRestOfItsSegmentByDefaultAndStopsInStrictMode() throws IOException {
        Path file = TestDump.write(dir.resolve("subtag.hprof"), d -> {
            d.subRecordsPerSegment(3);
            d.clazz("com.example.A", null);
            d.instance("com.example.A");
            d.unknownSubRecord(0x77, 5);
            d.instance("com.example.A");
            d.instance("com.example.A");
            d.instance("com.example.A");
        });
        try (HprofFile dump = HprofFile.open(file)) {
            Counter c = new Counter();
            HprofScan scan = dump.accept(ALL, c);
            // segment 1: Object, A, instance; segment 2: unknown (rest skipped: 2 instances); segment 3: 1 instance
            assertThat(c.instances).isEqualTo(2);
            assertThat(scan.diagnostics()).singleElement().asString().contains("unknown heap sub-record tag 0x77");
        }
        try (HprofFile dump = HprofFile.open(file, HprofOptions.STRICT)) {
            assertThatThrownBy(() -> dump.accept(ALL, new Counter()))
                    .isInstanceOf(HprofFormatException.class)
                    .hasMessageContaining("unknown heap sub-record tag 0x77 at offset 0x");
        }
    }

    @Test
    void arrayLengthsBeyondTheSegmentNeverAllocateAndAreReported() throws IOException {
        Path file = TestDump.write(dir.resolve("huge.hprof"), d -> {
            d.clazz("com.example.A", null);
            d.instance("com.example.A");
            d.afterHeap(w -> {
                w.beginHeap(HprofTag.HEAP_DUMP_SEGMENT);
                w.primitiveArray(0x999990, HprofType.LONG, Integer.MAX_VALUE, new byte[8]);
                w.endHeap();
                w.heapDumpEnd();
            });
        });
        try (HprofFile dump = HprofFile.open(file)) {
            Counter c = new Counter();
            HprofScan scan = dump.accept(ALL, c);
            assertThat(c.primitiveArrays).isZero();
            assertThat(scan.diagnostics()).anySatisfy(x -> assertThat(x.message()).contains("PRIM ARRAY DUMP runs past the end"));
        }
    }

    @Test
    void readsMultiMemberGzipThroughATempFileOutsideTheInputFolder() throws IOException {
        byte[] plain = Files.readAllBytes(smallDump("plain.hprof", 8, "1.0.2", 1));
        Path gz = dir.resolve("dump.hprof.gz");
        try (OutputStream out = Files.newOutputStream(gz)) {
            int half = plain.length / 2;
            for (int[] part : new int[][] {{0, half}, {half, plain.length}}) {
                GZIPOutputStream member = new GZIPOutputStream(out) {
                    @Override
                    public void close() throws IOException {
                        finish(); // keep the shared stream open for the next member
                    }
                };
                member.write(plain, part[0], part[1] - part[0]);
                member.close();
            }
        }
        try (var files = Files.list(dir)) {
            long before = files.count();
            try (HprofFile dump = HprofFile.open(gz)) {
                assertThat(dump.gzipped()).isTrue();
                assertThat(dump.size()).isEqualTo(plain.length);
                Counter c = new Counter();
                assertThat(dump.accept(ALL, c).truncated()).isFalse();
                assertThat(c.instances).isEqualTo(2);
                try (var now = Files.list(dir)) {
                    assertThat(now.count()).isEqualTo(before);
                }
            }
        }
    }

    @Test
    void truncatedGzipKeepsEveryInflatedByte() throws IOException {
        byte[] plain = Files.readAllBytes(smallDump("p.hprof", 8, "1.0.2", 1));
        Path gz = dir.resolve("cut.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain);
        }
        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(compressed, compressed.length - 12)); // lose the trailer
        try (HprofFile dump = HprofFile.open(gz)) {
            assertThat(dump.openDiagnostics()).isNotEmpty();
            Counter c = new Counter();
            dump.accept(ALL, c);
            assertThat(c.classDumps).isPositive();
        }
    }

    @Test
    void readsValuesThatStraddleMappingWindows() throws IOException {
        Path file = TestDump.write(dir.resolve("big.hprof"), d -> {
            d.clazz("com.example.A", null, "v", HprofType.LONG);
            for (int i = 0; i < 20_000; i++) {
                d.instance("com.example.A", "v", (long) i);
            }
        });
        try (HprofBytes small = HprofBytes.map(file, 17); HprofBytes normal = HprofBytes.map(file)) {
            assertThat(small.size()).isGreaterThan(3L << 17);
            for (long pos = (1 << 17) - 9; pos < (1 << 17) + 9; pos++) {
                assertThat(small.u8(pos)).isEqualTo(normal.u8(pos));
                assertThat(small.u4(pos)).isEqualTo(normal.u4(pos));
            }
        }
    }
}
