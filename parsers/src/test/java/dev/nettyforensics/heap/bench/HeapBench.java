package dev.nettyforensics.heap.bench;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.heap.HeapDominators;
import dev.nettyforensics.hprof.HprofBytes;
import dev.nettyforensics.hprof.HprofClassDump;
import dev.nettyforensics.hprof.HprofFile;
import dev.nettyforensics.hprof.HprofTag;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.hprof.HprofVisitor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Side-by-side benchmark on one dump: every peer runs in its own child JVM (so peak RSS is its
 * own), one after the other, and reports wall time, CPU time, throughput and peak RSS (VmHWM).
 *
 * <pre>
 * HeapBench DUMP [PEER...]      peers: read scan index graph netbeans shark (default: all)
 * </pre>
 * Heap sizes per peer: {@code -Dbench.xmx.PEER=4g} (defaults below). Run through {@code bin/bench}.
 */
public final class HeapBench {
    private static final List<String> PEERS = List.of("read", "scan", "index", "graph", "netbeans", "shark");

    private HeapBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]));
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: HeapBench DUMP [" + String.join("|", PEERS) + "]...");
            System.exit(2);
        }
        Path dump = Path.of(args[0]);
        List<String> peers = args.length > 1 ? List.of(args).subList(1, args.length) : PEERS;
        double mib = Files.size(dump) / (1024.0 * 1024.0);
        System.out.printf(Locale.ROOT, "dump %s, %.0f MiB, %d cores, java %s%n", dump.getFileName(), mib,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "| %-38s | %8s | %8s | %8s | %9s | %9s | %s |%n", "peer (child JVM heap)", "wall s",
                "proc s", "CPU s", "MiB/s", "peak RSS", "result");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (String peer : peers) {
            runChild(peer, dump, mib);
        }
    }

    private static String defaultXmx(String peer) {
        return switch (peer) {
            case "netbeans" -> "10g";
            case "shark" -> "3g";
            case "read", "scan" -> "256m";
            default -> "2g";
        };
    }

    private static void runChild(String peer, Path dump, double mib) throws IOException, InterruptedException {
        String xmx = System.getProperty("bench.xmx." + peer, defaultXmx(peer));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-cp", System.getProperty("java.class.path")));
        // Engine settings (-Dnettyforensics.timings=true, .scratch=...) given to bin/bench reach the child.
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("nettyforensics.")) {
                command.add(1, "-D" + key + "=" + System.getProperty(key));
            }
        }
        command.addAll(List.of(HeapBench.class.getName(), "--child", peer, dump.toString()));
        if (peer.equals("netbeans")) {
            // NetBeans keeps an index beside the dump and reuses it: remove it for a cold start.
            deleteTree(Path.of(dump + ".nbcache"));
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = "no result";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else if (!line.isBlank()) {
                    System.err.println("  [" + peer + "] " + line);
                }
            }
        }
        int exit = p.waitFor();
        double proc = (System.nanoTime() - start) / 1e9;
        if (peer.equals("netbeans")) {
            deleteTree(Path.of(dump + ".nbcache"));
        }
        String[] f = result.split(" ", 4);
        if (exit != 0 || f.length < 4) {
            System.out.printf(Locale.ROOT, "| %-38s | %8s | %8.1f | %8s | %9s | %9s | failed (exit %d) %s |%n",
                    peer + " (-Xmx" + xmx + ")", "-", proc, "-", "-", "-", exit, result);
            return;
        }
        double wall = Double.parseDouble(f[0]);
        double cpu = Double.parseDouble(f[1]);
        long hwmKb = Long.parseLong(f[2]);
        System.out.printf(Locale.ROOT, "| %-38s | %8.2f | %8.2f | %8.2f | %9.0f | %6.2f GiB | %s |%n", peer + " (-Xmx" + xmx + ")",
                wall, proc, cpu, mib / wall, hwmKb / 1048576.0, f[3]);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    // ---- child side -----------------------------------------------------------------------

    private static void child(String peer, Path dump) throws Exception {
        long start = System.nanoTime();
        String detail = switch (peer) {
            case "read" -> read(dump);
            case "scan" -> scan(dump);
            case "index" -> index(dump);
            case "graph" -> graph(dump);
            case "netbeans" -> netbeans(dump);
            case "shark" -> shark(dump);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        };
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        System.out.printf(Locale.ROOT, "RESULT %.3f %.3f %d %s%n", wall, cpu, peakRssKb(), detail);
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Plain sequential read of every byte (the floor any parser pays). */
    private static String read(Path dump) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(dump)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) > 0) {
                buf.flip();
                sum += buf.remaining();
                buf.clear();
            }
        }
        return sum + " bytes";
    }

    /** Our record walk over the mapped file, touching every id of every object record. */
    private static String scan(Path dump) throws IOException {
        long[] acc = new long[2];
        try (HprofFile file = HprofFile.open(dump)) {
            HprofBytes b = file.bytes();
            int id = file.header().idSize();
            file.accept(EnumSet.of(HprofTag.HEAP_DUMP_SEGMENT, HprofTag.HEAP_DUMP), new HprofVisitor() {
                @Override
                public void onInstance(long objectId, long classId, long valuesOffset, int valuesLength, long recordOffset) {
                    acc[0]++;
                    for (int k = 0; k + id <= valuesLength; k += id) {
                        acc[1] ^= b.id(valuesOffset + k, id);
                    }
                }

                @Override
                public void onObjectArray(long objectId, long arrayClassId, int length, long elementsOffset, long recordOffset) {
                    acc[0]++;
                    for (int k = 0; k < length; k++) {
                        acc[1] ^= b.id(elementsOffset + (long) k * id, id);
                    }
                }

                @Override
                public void onPrimitiveArray(long objectId, HprofType type, int length, long elementsOffset, long recordOffset) {
                    acc[0]++;
                }

                @Override
                public void onClassDump(HprofClassDump dump) {
                    acc[0]++;
                }
            });
        }
        return acc[0] + " objects";
    }

    private static String index(Path dump) throws IOException {
        try (Heap heap = Heap.open(dump)) {
            return heap.objectCount() + " objects";
        }
    }

    private static String graph(Path dump) throws IOException {
        try (Heap heap = Heap.open(dump)) {
            HeapDominators dom = heap.dominators();
            long best = 0;
            for (int i = 0; i < heap.objectCount(); i++) {
                best = Math.max(best, dom.retainedSize(i));
            }
            return heap.objectCount() + " objects, " + dom.reachableCount() + " reachable, max retained " + best;
        }
    }

    /** NetBeans profiler heap library: open, retained sizes (biggest objects), a GC-root path. */
    private static String netbeans(Path dump) throws IOException {
        org.netbeans.lib.profiler.heap.Heap heap = org.netbeans.lib.profiler.heap.HeapFactory.createHeap(dump.toFile());
        List<?> biggest = heap.getBiggestObjectsByRetainedSize(10);
        org.netbeans.lib.profiler.heap.Instance top = (org.netbeans.lib.profiler.heap.Instance) biggest.get(0);
        int depth = 0;
        for (org.netbeans.lib.profiler.heap.Instance i = top; i != null && !i.isGCRoot() && depth < 10_000; i = i.getNearestGCRootPointer()) {
            depth++;
        }
        return heap.getSummary().getTotalLiveInstances() + " instances, max retained " + top.getRetainedSize() + ", root path " + depth;
    }

    /** Square's Shark: index the dump, then iterate the instances of two classes (it has no dominators). */
    private static String shark(Path dump) throws Exception {
        try (shark.CloseableHeapGraph graph = shark.HprofHeapGraph.Companion.openHeapGraph(
                dump.toFile(), null, shark.HprofIndex.Companion.defaultIndexedGcRootTags())) {
            long count = 0;
            for (String name : new String[] {"java.lang.String", "java.util.HashMap$Node"}) {
                shark.HeapObject.HeapClass c = graph.findClassByName(name);
                if (c != null) {
                    for (Iterator<shark.HeapObject.HeapInstance> it = c.getInstances().iterator(); it.hasNext(); it.next()) {
                        count++;
                    }
                }
            }
            return graph.getObjectCount() + " objects, " + count + " instances iterated";
        }
    }
}
