package dev.nettyforensics.heap.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills its own heap with a service-like object graph (sessions with attribute maps, strings,
 * payload buffers, lists of boxed values, a few long chains) and dumps it: the stand-in for the
 * fixtures' generated benchmark dumps. About 30 objects and 2.9 KiB of dump per session (86 bytes per object, like the DESIGN §6 dumps).
 *
 * <p>Usage (run with enough heap, e.g. -Xmx6g): {@code BenchDumpGenerator <out.hprof> <sessions>}.
 */
public final class BenchDumpGenerator {
    /** Everything the dump must show as reachable. */
    static final List<Object> ROOTS = new ArrayList<>();

    private BenchDumpGenerator() {}

    static final class Session {
        final long id;
        final Map<String, Object> attributes = new HashMap<>();
        final List<Long> timings = new ArrayList<>();
        byte[] payload;
        Session parent;
        Object pending;

        Session(long id) {
            this.id = id;
        }
    }

    static final class Link {
        final Link next;
        final int value;

        Link(Link next, int value) {
            this.next = next;
            this.value = value;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        SplittableRandom random = new SplittableRandom(42);
        Session[] all = new Session[sessions];
        for (int i = 0; i < sessions; i++) {
            Session s = new Session(i);
            for (int k = 0; k < 4; k++) {
                s.attributes.put("attr-" + k + "-" + i, k % 2 == 0 ? (Object) ("value-" + random.nextInt(1000)) : (Object) random.nextInt());
            }
            for (int k = 0; k < 6; k++) {
                s.timings.add(random.nextLong(1_000_000));
            }
            s.payload = new byte[64 + random.nextInt(2520)];
            s.parent = i > 0 ? all[random.nextInt(i)] : null;
            s.pending = random.nextInt(4) == 0 ? new int[random.nextInt(32)] : null;
            all[i] = s;
        }
        ROOTS.add(all);
        Link chain = null;
        for (int i = 0; i < 100_000; i++) {
            chain = new Link(chain, i);
        }
        ROOTS.add(chain);
        Files.deleteIfExists(out);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(out.toString(), true);
        System.out.println(out + " " + Files.size(out) + " bytes");
    }
}
