package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.fixtures.ClassHistogram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shallow sizes against real JVMs: for every JDK 17+ on this machine (the running one, plus each one
 * under {@code /usr/lib/jvm}), and for each object format that JDK can run, a child JVM
 * ({@link HeapLayoutChildMain}) holds classes with awkward field mixes; {@code jcmd} takes a live
 * heap dump and then a class histogram of the quiescent child, and every class's count and shallow
 * bytes must equal the histogram's, {@code java.lang.Class} mirrors and arrays included.
 *
 * <p>Formats: default (compressed oops and class pointers), {@code -XX:-UseCompressedOops},
 * {@code -XX:-UseCompressedClassPointers}, and {@code -XX:+UseCompactObjectHeaders} where the JDK
 * accepts it (25+). JDK 24+ variants run with {@code -Xshare:off} (see below), plus one with the
 * default CDS archive, where java.lang.Class may only fall short of the histogram.
 *
 * <p>Coverage: on a machine with only JDK 17 this runs the three JDK 17 formats (it never skips: the
 * running JDK is always one of them); this machine's image has OpenJDK 17 and Temurin 25 (eight
 * variants). JDK 8 and 11 cannot run the child here; {@link HeapLayoutLegacyTest} covers their layout
 * on synthetic shapes.
 */
class HeapLayoutAgainstJvmsTest {
    /** JDK 24+ variant with the default CDS archive on: every class but java.lang.Class must match. */
    private static final String SHARING_ON = "-Xshare:auto";

    @TempDir
    Path dir;

    static Stream<Arguments> jvmVariants() {
        List<Arguments> variants = new ArrayList<>();
        for (Map.Entry<Path, Integer> jdk : jdks().entrySet()) {
            Path home = jdk.getKey();
            int feature = jdk.getValue();
            List<List<String>> flagSets = new ArrayList<>(List.of(List.of(), List.of("-XX:-UseCompressedOops"),
                    List.of("-XX:-UseCompressedClassPointers")));
            if (feature >= 24 && accepts(home, "-XX:+UseCompactObjectHeaders")) {
                flagSets.add(List.of("-XX:+UseCompactObjectHeaders"));
            }
            if (feature >= 24) {
                flagSets.add(List.of(SHARING_ON));
            }
            for (List<String> flags : flagSets) {
                variants.add(Arguments.of("JDK " + feature + " " + (flags.isEmpty() ? "defaults" : String.join(" ", flags)), home, flags));
            }
        }
        return variants.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jvmVariants")
    void everyClassCountAndShallowSizeEqualsTheChildJvmsHistogram(String label, Path javaHome, List<String> flags) throws Exception {
        Path dump = dir.resolve("child.hprof");
        Path histogramFile = dir.resolve("histogram.txt");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        boolean archivedMirrors = flags.contains(SHARING_ON);
        if (feature(javaHome) >= 24 && !archivedMirrors) {
            // From JDK 24 the default CDS archive maps mirrors of archived classes that were never loaded;
            // the histogram counts them but HPROF writes mirrors only for loaded classes (nothing in a dump
            // can recover them), so java.lang.Class could not be compared exactly with sharing on.
            command.add("-Xshare:off");
        }
        command.addAll(flags);
        command.addAll(List.of("-cp", Paths.get(HeapLayoutChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                HeapLayoutChildMain.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder early = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals(HeapLayoutChildMain.READY)) {
                early.append(line).append('\n');
            }
            assertThat(line).as("child JVM output: " + early).isEqualTo(HeapLayoutChildMain.READY);
            String pid = Long.toString(child.pid());
            // A first command starts the child's attach listener (a thread, its name, ...) and a full GC
            // settles what startup left behind, so the dump and the histogram after it see one heap.
            jcmd(javaHome, pid, "GC.class_histogram");
            assertThat(jcmd(javaHome, pid, "GC.heap_dump " + dump)).contains("Heap dump file created");
            Files.writeString(histogramFile, jcmd(javaHome, pid, "GC.class_histogram"), StandardCharsets.UTF_8);
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
        ClassHistogram expected = ClassHistogram.read(histogramFile);
        try (Heap heap = Heap.open(dump)) {
            Map<String, long[]> ours = new TreeMap<>();
            for (HeapHistogramEntry e : heap.histogram()) {
                long[] sum = ours.computeIfAbsent(e.heapClass().name(), k -> new long[2]);
                sum[0] += e.instances();
                sum[1] += e.shallowBytes();
            }
            List<String> differences = new ArrayList<>();
            Map<String, long[]> jvm = new TreeMap<>();
            for (ClassHistogram.Entry row : expected.byClass().values()) {
                // The VM's filler arrays (JDK 19+, dead space the GC plugged) are int arrays to the dumper.
                String name = row.className().equals("[Ljdk.internal.vm.FillerElement;") ? "[I" : row.className();
                long[] sum = jvm.computeIfAbsent(name, k -> new long[2]);
                sum[0] += row.instances();
                sum[1] += row.bytes();
            }
            for (Map.Entry<String, long[]> row : jvm.entrySet()) {
                long[] o = ours.getOrDefault(row.getKey(), new long[2]);
                long[] j = row.getValue();
                if (archivedMirrors && row.getKey().equals("java.lang.Class") && o[0] <= j[0] && o[1] <= j[1]) {
                    continue; // mirrors of archived, never loaded classes: counted by the VM, absent from HPROF
                }
                if (o[0] != j[0] || o[1] != j[1]) {
                    differences.add(row.getKey() + ": JVM " + j[0] + " / " + j[1] + " B, ours " + o[0] + " / " + o[1] + " B");
                }
            }
            for (Map.Entry<String, long[]> e : ours.entrySet()) {
                if (!jvm.containsKey(e.getKey())) {
                    differences.add(e.getKey() + ": JVM none, ours " + e.getValue()[0] + " / " + e.getValue()[1] + " B");
                }
            }
            String prefix = HeapLayoutChildMain.class.getName() + "$";
            assertThat(expected.instances(prefix + "Mixed")).as("the child's graph is in the histogram").isEqualTo(9);
            for (String held : List.of("java.lang.StackFrameInfo", "java.lang.InternalError", "java.util.concurrent.ForkJoinPool$WorkQueue")) {
                assertThat(expected.instances(held)).as(held + " is compared too").isPositive();
            }
            assertThat(HeapLayout.detect(heap.classes(), heap.header().idSize()).uncertainty()).as("a measured format").isNull();
            assertThat(differences).as(label + " (" + HeapLayout.detect(heap.classes(), heap.header().idSize()).describe() + ")").isEmpty();
        }
    }

    private static String jcmd(Path javaHome, String pid, String command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(), pid));
        args.addAll(List.of(command.split(" ")));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /** The running JDK and every JDK 17+ under /usr/lib/jvm with java and jcmd, by real path, with feature version. */
    static Map<Path, Integer> jdks() {
        Map<Path, Integer> found = new LinkedHashMap<>();
        List<Path> candidates = new ArrayList<>();
        candidates.add(Paths.get(System.getProperty("java.home")));
        Path lib = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path candidate : candidates) {
            try {
                Path home = candidate.toRealPath();
                if (found.containsKey(home) || !Files.isExecutable(home.resolve("bin/java")) || !Files.isExecutable(home.resolve("bin/jcmd"))) {
                    continue;
                }
                int feature = featureVersion(home);
                if (feature >= 17) {
                    found.put(home, feature);
                }
            } catch (IOException e) {
                // a dangling link: not a JDK
            }
        }
        return found;
    }

    private static int feature(Path home) {
        try {
            return featureVersion(home.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int featureVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.exists(release)) {
            return home.equals(Paths.get(System.getProperty("java.home")).toRealPath()) ? Runtime.version().feature() : -1;
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String first = v.split("[.+-]")[0];
                return first.equals("1") ? Integer.parseInt(v.split("\\.")[1]) : Integer.parseInt(first);
            }
        }
        return -1;
    }

    private static boolean accepts(Path home, String flag) {
        try {
            Process p = new ProcessBuilder(home.resolve("bin/java").toString(), flag, "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
