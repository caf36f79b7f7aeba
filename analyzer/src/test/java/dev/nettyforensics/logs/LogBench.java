package dev.nettyforensics.logs;

import dev.nettyforensics.log.LogFileSummary;
import dev.nettyforensics.log.LogReadOptions;
import dev.nettyforensics.log.LogReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Log-reading benchmark (not a test): generates a realistic gateway log on demand (mostly ordinary
 * lines, LoggingHandler lines with hex dumps, error traces, OOM tail warnings and PARANOID LEAK
 * reports; seeded, so every run reads the same bytes), then times, on one thread with a warm page
 * cache, a bare read of the file, the record splitter alone, and the full log analysis, and prints
 * MB/s side by side plus the JVM's peak RSS. Run with {@code bin/bench-logs [sizeMiB] [file]}.
 */
public final class LogBench {
    private LogBench() {}

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path file = Path.of(args.length > 1 ? args[1] : "analyzer/target/bench/gateway-" + sizeMiB + "m.log");
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long t0 = System.nanoTime();
            generate(file, sizeMiB << 20);
            System.out.printf(Locale.ROOT, "generated %s (%d MiB) in %.1f s%n", file, Files.size(file) >> 20,
                (System.nanoTime() - t0) / 1e9);
        }
        long bytes = bareRead(file); // warms the page cache; rates are per content byte (after gunzip)
        boolean gzip = isGzip(file);
        System.out.printf(Locale.ROOT, "file %s, %.1f MB on disk, %.1f MB content%s, Java %s, %d cores%n", file,
            Files.size(file) / 1e6, bytes / 1e6, gzip ? " (gzip)" : "", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());
        report(gzip ? "bare read through GZIPInputStream (1 MiB buffer)" : "bare read (InputStream, 1 MiB buffer)", bytes,
            () -> bareRead(file));
        report("split records only (no event filter hit)", bytes, () -> split(file));
        LogAnalyzer.Result[] last = new LogAnalyzer.Result[1];
        report("split + filter + events + signatures (LogAnalyzer)", bytes, () -> {
            last[0] = LogAnalyzer.analyze(List.of(file), LogAnalysisOptions.DEFAULTS);
            return last[0].files().get(0).records();
        });
        LogFindings f = last[0].findings();
        System.out.printf(Locale.ROOT, "found: %d OOM, %d LEAK, %d tail warnings, %d channel lines, %d records%n",
            f.oom().stream().mapToLong(LogFindings.OomGroup::count).sum(), f.leakDetection().reports(),
            f.tailExceptions().stream().mapToLong(LogFindings.TailGroup::count).sum(), f.channelEvents().lines(),
            last[0].files().get(0).records());
        System.out.println("peak RSS " + peakRss() + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    }

    private interface Run {
        long run() throws Exception;
    }

    /**
     * Three runs; prints the median and best wall-clock rate and the rate per CPU-second of this
     * thread (what "per core" means on a shared machine, where wall time includes waiting for a core).
     */
    private static void report(String name, long bytes, Run run) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long result = 0;
        for (int i = 0; i < 3; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            result = run.run();
            wall.add(bytes / 1e6 / ((System.nanoTime() - t0) / 1e9));
            cpu.add(bytes / 1e6 / ((threads.getCurrentThreadCpuTime() - c0) / 1e9));
        }
        Collections.sort(wall);
        Collections.sort(cpu);
        System.out.printf(Locale.ROOT, "%-52s wall median %5.0f best %5.0f MB/s | per CPU-second median %5.0f best %5.0f MB/s%n",
            name, wall.get(1), wall.get(2), cpu.get(1), cpu.get(2));
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static long bareRead(Path file) throws IOException {
        byte[] buf = new byte[1 << 20];
        long n = 0;
        InputStream raw = Files.newInputStream(file);
        try (InputStream in = isGzip(file) ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        return n;
    }

    private static long split(Path file) throws IOException {
        LogFileSummary s = LogReader.read(file, LogReadOptions.DEFAULTS, (b, from, to) -> false, r -> { });
        return s.records();
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    // ---- generator ---------------------------------------------------------------------------

    private static final String[] DEVICES = {"meter", "probe", "valve", "pump", "gate", "lamp"};
    private static final String[] THREADS = {"nioEventLoopGroup-3-1", "nioEventLoopGroup-3-2", "nioEventLoopGroup-3-3",
        "nioEventLoopGroup-3-4", "main", "scheduler-1"};

    static void generate(Path file, long targetBytes) throws IOException {
        Random random = new Random(20190121);
        long millis = 1_548_000_000_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = 0;
            StringBuilder sb = new StringBuilder(64 * 1024);
            while (written < targetBytes) {
                sb.setLength(0);
                for (int i = 0; i < 200; i++) {
                    millis += random.nextInt(3);
                    record(sb, random, millis);
                }
                out.append(sb);
                written += sb.length();
            }
        }
    }

    private static void header(StringBuilder sb, long millis, String thread, String level, String logger) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000,
            java.time.ZoneOffset.UTC);
        sb.append(t.toLocalDate()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(',');
        int ms = t.getNano() / 1_000_000;
        sb.append(ms < 10 ? "00" : ms < 100 ? "0" : "").append(ms);
        sb.append(' ').append(thread).append(' ').append(level).append(" [").append(logger).append("] ");
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append(v < 10 ? "0" : "").append(v);
    }

    private static void record(StringBuilder sb, Random r, long millis) {
        int dice = r.nextInt(10_000);
        String thread = THREADS[r.nextInt(THREADS.length)];
        String device = DEVICES[r.nextInt(DEVICES.length)] + "-" + (1000 + r.nextInt(9000));
        if (dice < 9_300) {
            header(sb, millis, thread, "INFO", "TelemetryHandler:" + (40 + r.nextInt(20)));
            sb.append("Device ").append(device).append(" sent ").append(r.nextInt(4096)).append(" bytes, seq=")
                .append(r.nextInt(1_000_000)).append(", battery=").append(r.nextInt(100)).append("%, rssi=-")
                .append(40 + r.nextInt(60)).append(" dBm\n");
        } else if (dice < 9_700) {
            String id = String.format(Locale.ROOT, "%08x", r.nextInt());
            String event = r.nextBoolean() ? "ACTIVE" : r.nextBoolean() ? "INACTIVE" : "READ: 32B";
            header(sb, millis, thread, "INFO", "LoggingHandler:148");
            sb.append("[id: 0x").append(id).append(", L:/127.0.0.1:8883 ").append(event.equals("INACTIVE") ? '!' : '-')
                .append(" R:/10.1.").append(r.nextInt(256)).append('.').append(r.nextInt(256)).append(':')
                .append(30000 + r.nextInt(30000)).append("] ").append(event).append('\n');
            if (event.startsWith("READ")) {
                sb.append("         +-------------------------------------------------+\n")
                    .append("         |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |\n")
                    .append("+--------+-------------------------------------------------+----------------+\n")
                    .append("|00000000| 10 1e 00 04 4d 51 54 54 04 02 00 3c 00 12 6d 65 |....MQTT...<..me|\n")
                    .append("+--------+-------------------------------------------------+----------------+\n");
            }
        } else if (dice < 9_900) {
            header(sb, millis, thread, "WARN", "DeviceSessionHandler:77");
            sb.append("Device ").append(device).append(" timed out after ").append(r.nextInt(600)).append(" s\n");
        } else if (dice < 9_980) {
            header(sb, millis, thread, "ERROR", "TelemetryForwarder:" + (100 + r.nextInt(50)));
            sb.append("Forwarding to upstream failed for ").append(device).append('\n');
            sb.append("java.io.IOException: Connection reset by peer\n");
            trace(sb, r, 30, "\tat ");
            sb.append("Caused by: java.net.SocketException: Connection reset\n");
            trace(sb, r, 8, "\tat ");
            sb.append("\t... 22 common frames omitted\n");
        } else if (dice < 9_993) {
            header(sb, millis, thread, "WARN", "DefaultChannelPipeline:1101");
            sb.append("An exceptionCaught() event was fired, and it reached at the tail of the pipeline. It usually")
                .append(" means the last handler in the pipeline did not handle the exception.\n");
            sb.append("io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 4194304 byte(s) of direct memory")
                .append(" (used: ").append(67108864 - 4194304 + r.nextInt(4194304)).append(", max: 67108864)\n");
            sb.append("\tat io.netty.util.internal.PlatformDependent.incrementMemoryCounter(PlatformDependent.java:880)\n")
                .append("\tat io.netty.buffer.PoolArena$DirectArena.newChunk(PoolArena.java:693)\n")
                .append("\tat io.netty.buffer.AbstractByteBufAllocator.directBuffer(AbstractByteBufAllocator.java:179)\n")
                .append("\tat io.netty.handler.codec.ByteToMessageDecoder.expandCumulation(ByteToMessageDecoder.java:541)\n");
            trace(sb, new Random(r.nextInt(3)), 25, "\tat "); // a few allocation paths, as in a real incident
        } else {
            header(sb, millis, thread, "ERROR", "ResourceLeakDetector:337");
            sb.append("LEAK: ByteBuf.release() was not called before it's garbage-collected. See")
                .append(" https://netty.io/wiki/reference-counted-objects.html for more information.\n")
                .append("Recent access records: \n");
            for (int rec = 1; rec <= 4; rec++) {
                sb.append('#').append(rec).append(":\n");
                if (rec == 2) {
                    sb.append("\tHint: 'deviceSession' will handle the message from this point.\n");
                }
                trace(sb, new Random(r.nextInt(4)), 12, "\t");
            }
            sb.append("Created at:\n")
                .append("\tio.netty.buffer.PooledByteBufAllocator.newDirectBuffer(PooledByteBufAllocator.java:410)\n");
            trace(sb, new Random(r.nextInt(3)), 14, "\t");
            sb.append(": ").append(1 + r.nextInt(9)).append(" leak records were discarded because the leak record count")
                .append(" is targeted to 4. Use system property io.netty.leakDetection.targetRecords to increase the limit.\n");
        }
    }

    private static final String[] FRAMES = {
        "io.netty.channel.AbstractChannelHandlerContext.invokeChannelRead(AbstractChannelHandlerContext.java:444)",
        "io.netty.channel.AbstractChannelHandlerContext.fireChannelRead(AbstractChannelHandlerContext.java:412)",
        "io.netty.handler.codec.ByteToMessageDecoder.channelRead(ByteToMessageDecoder.java:346)",
        "io.netty.channel.nio.NioEventLoop.processSelectedKey(NioEventLoop.java:788)",
        "io.netty.util.concurrent.SingleThreadEventExecutor$4.run(SingleThreadEventExecutor.java:997)",
        "com.acme.gw.TelemetryHandler.channelRead0(TelemetryHandler.java:57)",
        "com.acme.gw.FrameDecoder.decode(FrameDecoder.java:31)",
        "java.base/java.lang.Thread.run(Thread.java:840)",
    };

    private static void trace(StringBuilder sb, Random r, int frames, String prefix) {
        for (int i = 0; i < frames; i++) {
            sb.append(prefix).append(FRAMES[r.nextInt(FRAMES.length)]).append('\n');
        }
    }
}
