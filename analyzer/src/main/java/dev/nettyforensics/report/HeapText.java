package dev.nettyforensics.report;

import static dev.nettyforensics.report.TextRenderer.clean;
import static dev.nettyforensics.report.TextRenderer.human;

import java.io.PrintWriter;
import java.util.List;

/**
 * The heap part of the terminal view: the hypotheses, the ledger per Netty copy in human units,
 * the top sites as a table and the channels that hold memory. Prints only class and field names,
 * ids, addresses and numbers from the report, never buffer contents. Stateless.
 */
final class HeapText {
    private static final int TOP_SITES = 10;
    private static final int TOP_CHANNELS = 10;
    /** Evidence lines shown under the first site, after its reason. */
    private static final int TOP_EVIDENCE = 8;
    /** Owner and path columns are cut beyond this, so a table row stays on one line on a wide terminal. */
    private static final int MAX_COLUMN = 70;

    private HeapText() {}

    static void render(Report report, PrintWriter out) {
        for (Report.Hypothesis h : report.verdict().hypotheses()) {
            out.println("  " + h.name() + ": " + h.finding()
                + (h.evidence().isEmpty() ? "" : " (" + clean(h.evidence().get(0)) + ")"));
        }
        ledger(report.directMemory(), out);
        sites(report.sites(), out);
        channels(report.channels(), out);
    }

    private static void ledger(Report.DirectMemory dm, PrintWriter out) {
        out.println();
        if (dm.nettyInstances().isEmpty()) {
            out.println("Direct memory: no Netty found in the heap dump");
        } else {
            out.println("Direct memory");
        }
        for (Report.NettyInstance i : dm.nettyInstances()) {
            out.printf("  Netty %s (version %s), allocator %s; counter %s, limit %s%n", clean(i.prefix()),
                clean(i.version()), clean(i.allocator()), i.counterBytes() == null ? "not kept" : human(i.counterBytes()),
                i.limitBytes() == null ? "unknown" : human(i.limitBytes()));
            Report.Ledger l = i.ledger();
            out.printf("    live %s | thread caches %s | orphaned %s | free in chunks %s | huge %s | other direct %s%n",
                human(l.liveBytes()), human(l.threadCacheBytes()), human(l.orphanedBytes()),
                human(l.freeInChunksBytes()), human(l.hugeBytes()), human(l.otherDirectBytes()));
            if (i.counterBytes() != null) {
                // The gap is shown, never hidden (DESIGN §4): other direct is outside the counter.
                long netty = l.liveBytes() + l.threadCacheBytes() + l.orphanedBytes() + l.freeInChunksBytes()
                    + l.hugeBytes();
                long gap = i.counterBytes() - netty; // same sign as NettyInstance.counterGapBytes()
                out.printf("    Netty's parts sum to %s: %s%n", human(netty), gap == 0 ? "the counter exactly"
                    : human(Math.abs(gap)) + (gap > 0 ? " less than the counter" : " more than the counter"));
            }
        }
        Report.JdkBits bits = dm.jdkBits();
        if (bits != null && bits.count() != null) {
            out.printf("  JDK java.nio.Bits: %d buffer(s), capacity %s, reserved %s%n", bits.count(),
                bits.totalCapacityBytes() == null ? "unknown" : human(bits.totalCapacityBytes()),
                bits.memoryUsedBytes() == null ? "unknown" : human(bits.memoryUsedBytes()));
        }
    }

    private static void sites(List<Report.Site> sites, PrintWriter out) {
        out.println();
        if (sites.isEmpty()) {
            out.println("Sites: none");
            return;
        }
        out.println("Top sites" + (sites.size() > TOP_SITES ? " (" + TOP_SITES + " of " + sites.size() + ")" : ""));
        List<Report.Site> top = sites.subList(0, Math.min(TOP_SITES, sites.size()));
        int ownerWidth = "owner".length();
        int pathWidth = "path".length();
        for (Report.Site s : top) {
            ownerWidth = Math.max(ownerWidth, cut(s.owner()).length());
            pathWidth = Math.max(pathWidth, cut(s.path()).length());
        }
        String row = "  %-4s %-24s %-5s %-" + ownerWidth + "s  %-" + pathWidth + "s  %8s %11s %8s %14s%n";
        out.printf(row, "rank", "kind", "leak", "owner", "path", "buffers", "retained", "channels", "per-connection");
        for (Report.Site s : top) {
            out.printf(row, s.rank(), s.kind(), s.leak() ? "yes" : "no", cut(s.owner()), cut(s.path()), s.buffers(),
                human(s.retainedBytes()), s.channels(), human(s.bytesPerConnection()));
        }
        Report.Site first = sites.get(0);
        if (!first.evidence().isEmpty()) {
            out.println("  #1: " + clean(first.evidence().get(0)));
        }
        // The evidence behind the first site (how the bytes were found, who used the buffers, or why
        // nobody can be named) is what an on-call engineer acts on.
        List<String> more = first.evidence().subList(Math.min(1, first.evidence().size()),
            Math.min(TOP_EVIDENCE + 1, first.evidence().size()));
        for (String e : more) {
            out.println("      - " + clean(e));
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "-";
        }
        String c = clean(s);
        return c.length() <= MAX_COLUMN ? c : "..." + c.substring(c.length() - MAX_COLUMN + 3);
    }

    private static void channels(List<Report.Channel> channels, PrintWriter out) {
        List<Report.Channel> notable = channels.stream().filter(c -> c.retainedBytes() > 0).limit(TOP_CHANNELS).toList();
        long holding = channels.stream().filter(c -> c.retainedBytes() > 0).count();
        out.println();
        if (notable.isEmpty()) {
            out.println("Channels: " + channels.size() + " in the heap, none holding direct memory");
            return;
        }
        out.println("Channels holding direct memory: " + holding + " of " + channels.size()
            + (holding > TOP_CHANNELS ? " (top " + TOP_CHANNELS + ")" : ""));
        for (Report.Channel c : notable) {
            out.printf("  %s %s %s -> %s, %s, retains %s%s%n", clean(c.id()), simpleName(c.channelClass()),
                c.local() == null ? "?" : clean(c.local()), c.remote() == null ? "?" : clean(c.remote()), c.state(),
                human(c.retainedBytes()), c.topSite() == null ? "" : ", mostly site " + c.topSite());
        }
    }

    private static String simpleName(String className) {
        return className == null ? "?" : clean(className.substring(className.lastIndexOf('.') + 1));
    }
}
