package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.hprof.HprofFormatException;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.TestDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Property: a dump cut at any byte opens, salvages what is complete, and never throws anything else. */
class HeapTruncationTest {
    @TempDir
    Path dir;

    @Test
    void cuttingASmallDumpAtEveryOffsetSalvagesEveryCompleteRecord() throws IOException {
        byte[] full = TestDump.bytes(d -> {
            d.subRecordsPerSegment(4);
            d.clazz("com.example.Node", null, "next", HprofType.OBJECT, "size", HprofType.INT);
            long prev = 0;
            for (int i = 0; i < 12; i++) {
                prev = d.instance("com.example.Node", "next", prev, "size", i);
            }
            long array = d.objectArray("[Lcom.example.Node;", prev, prev);
            d.primitiveArray(HprofType.CHAR, 7);
            d.root(HprofRootKind.JNI_GLOBAL, array);
            d.thread(prev, "com.example.Main.main:1");
        });
        int headerLength = "JAVA PROFILE 1.0.2".length() + 1 + 12;
        int fullObjects;
        Path whole = Files.write(dir.resolve("whole.hprof"), full);
        try (Heap heap = Heap.open(whole)) {
            assertThat(heap.truncated()).isFalse();
            fullObjects = heap.objectCount();
        }
        Path cut = dir.resolve("cut.hprof");
        int previousObjects = 0;
        for (int length = 0; length < full.length; length++) {
            Files.write(cut, Arrays.copyOf(full, length));
            if (length < headerLength) {
                try (Heap heap = Heap.open(cut)) {
                    throw new AssertionError("a " + length + "-byte header opened: " + heap);
                } catch (HprofFormatException expected) {
                    continue;
                }
            }
            try (Heap heap = Heap.open(cut)) {
                assertThat(heap.truncated()).as("cut at %d", length).isTrue();
                assertThat(heap.truncatedAt()).isBetween((long) headerLength, (long) length);
                assertThat(heap.objectCount()).isBetween(previousObjects, fullObjects);
                previousObjects = heap.objectCount();
                heap.dominators();
                heap.histogram();
            }
        }
        assertThat(previousObjects).isEqualTo(fullObjects);
    }
}
