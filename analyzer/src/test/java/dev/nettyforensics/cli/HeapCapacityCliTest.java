package dev.nettyforensics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.hprof.HprofTag;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.testing.HprofWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump with more objects than the JVM's heap can index ends in one line naming the heap and the
 * {@code -Xmx} to use, with exit code 3: never an OutOfMemoryError or a stack trace. Runs the
 * analyzer's {@code Main} in a forked JVM with a small heap, on the test class path.
 */
class HeapCapacityCliTest {
    /** The forked JVM's heap. */
    private static final int HEAP_MIB = 32;
    /**
     * Objects in the dump: even at 20 bytes of index per object (the engine's target is lower than
     * today's, and parts of its index may move off the Java heap) they need twice the heap.
     */
    private static final int OBJECTS = 2 * HEAP_MIB * (1 << 20) / 20 + 1;
    private static final int OBJECTS_PER_SEGMENT = 100_000;

    @TempDir
    Path dir;

    @Test
    void aDumpTooBigForTheHeapEndsInOneLineWithTheXmxToUseAndExitCode3() throws Exception {
        Path dump = writeManyObjects(dir.resolve("many-objects.hprof"));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), dump.toString())
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("the analyzer finished").isTrue();
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join("\n", err)).isEqualTo(3);
        assertThat(err).as("one line on stderr").hasSize(1);
        assertThat(err.get(0)).startsWith("netty-forensics: ").contains(dump.toString())
                .contains("heap").containsPattern("-Xmx\\d+[gm]")
                .doesNotContain("Exception", "OutOfMemoryError", "\tat ");
        assertThat(Files.readString(stdout)).as("no report on stdout").isEmpty();
    }

    /** One class and {@link #OBJECTS} field-less instances, streamed segment by segment. */
    private static Path writeManyObjects(Path file) throws IOException {
        long nameId = 0x1000;
        long classId = 0x2000;
        long firstObject = 0x10000;
        try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            HprofWriter w = new HprofWriter(sink, "1.0.2", 8, 0L);
            w.utf8(nameId, "dev.example.Filler");
            w.loadClass(1, classId, 0, nameId);
            w.beginHeap(HprofTag.HEAP_DUMP_SEGMENT);
            w.classDump(classId, 0, 0, 16, new long[0], new HprofType[0], new long[0], new long[0],
                    new HprofType[0]);
            w.endHeap();
            byte[] noFields = new byte[0];
            for (int start = 0; start < OBJECTS; start += OBJECTS_PER_SEGMENT) {
                w.beginHeap(HprofTag.HEAP_DUMP_SEGMENT);
                for (int i = start; i < Math.min(OBJECTS, start + OBJECTS_PER_SEGMENT); i++) {
                    w.instance(firstObject + 16L * i, classId, noFields);
                }
                w.endHeap();
            }
            w.heapDumpEnd();
            w.flush();
        }
        return file;
    }
}
