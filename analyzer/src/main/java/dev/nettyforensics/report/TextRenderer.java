package dev.nettyforensics.report;

import dev.nettyforensics.logs.LogFindings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The terminal view: a one-line verdict, then the heap's direct memory, top sites and channels
 * ({@link HeapText}), the inputs, then the log findings a person reads first (OOMs with
 * their allocation path, LEAK reports with created-at and last-touch sites, tail exceptions,
 * channels never closed), then diagnostics. Text from logs is stripped of control characters.
 * Deterministic; thread safe.
 */
public final class TextRenderer implements ReportRenderer {
    private static final int LIST_LIMIT = 10;

    @Override
    public String formatName() {
        return "text";
    }

    @Override
    public void render(Report report, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println(report.tool().name() + " " + report.tool().version());
        out.println();
        out.println("Verdict: " + report.verdict().kind() + ". " + clean(report.verdict().summary()));
        if (report.inputs().stream().anyMatch(in -> in.kind().equals("heap-dump"))) {
            HeapText.render(report, out);
        }
        out.println();
        out.println("Inputs");
        for (Report.Input in : report.inputs()) {
            out.printf("  %-9s %s (%s)%s%n", in.kind().equals("log") ? "log" : "heap dump", clean(in.path()),
                human(in.sizeBytes()), in.truncated() ? " [truncated]" : "");
            for (String note : in.notes()) {
                out.println("            " + clean(note));
            }
        }
        if (report.logs() != null) {
            renderLogs(report.logs(), out);
        }
        if (!report.diagnostics().isEmpty()) {
            out.println();
            out.println("Diagnostics");
            for (Report.Diagnostic d : report.diagnostics()) {
                out.println("  " + d.severity() + ": " + clean(d.message()));
            }
        }
        out.flush();
    }

    private static void renderLogs(LogFindings logs, PrintWriter out) {
        out.println();
        out.println("Logs" + (logs.timeRange().first() == null ? ""
            : ": " + logs.timeRange().first() + " to " + logs.timeRange().last()));
        long oomCount = logs.oom().stream().mapToLong(LogFindings.OomGroup::count).sum();
        out.println();
        if (logs.oom().isEmpty()) {
            out.println("Direct-memory OOMs: none in the logs");
        } else {
            out.printf("Direct-memory OOMs: %d in %d signature(s)%n", oomCount, logs.oom().size());
            for (LogFindings.OomGroup g : limit(logs.oom())) {
                out.printf("  %s x%d, first %s%s%n", g.kind(), g.count(), g.time() == null ? "(no timestamp)" : g.time(),
                    g.timeApproximate() ? " (approximate: from the adjacent warning)" : "");
                if (g.usedBytes() >= 0) {
                    out.printf("    requested %s, used %s of max %s (%s bytes free)%n", human(g.requestedBytes()),
                        human(g.usedBytes()), human(g.maxBytes()), g.maxBytes() - g.usedBytes());
                }
                out.println("    allocation path: " + g.category() + (g.allocationSite() == null ? ""
                    : " at " + clean(g.allocationSite())));
                out.println("    first application frame: " + (g.firstAppFrame() == null
                    ? "none (every frame is Netty or JDK code)" : clean(g.firstAppFrame())));
                out.println("    thread " + (g.thread() == null ? "unknown" : clean(g.thread())) + "; evidence "
                    + evidence(g.exemplar()) + "; signature " + g.signature());
            }
        }
        out.println();
        if (logs.leakReports().isEmpty()) {
            out.println("LEAK reports: none. Leak detection off or quiet: " + logs.leakDetection().note());
        } else {
            out.printf("LEAK reports: at least %d in %d signature(s) (lower bound: sampling and de-duplication)%n",
                logs.leakDetection().reports(), logs.leakReports().size());
            for (LogFindings.LeakGroup g : limit(logs.leakReports())) {
                out.printf("  %s x%d (era %s%s), first %s%n", clean(g.resourceType()), g.count(), g.era(),
                    g.allocationOnly() ? ", allocation stack only: level SIMPLE" : g.reportKind().equals("traced") ? ""
                        : ", " + g.reportKind(), g.time());
                out.println("    created at: " + orNone(g.createdAtSite()) + "; application frame " + orNone(g.createdAtAppFrame()));
                out.println("    last touch by application: " + orNone(g.lastTouchAppFrame())
                    + (g.hint() == null ? "" : "; hint: " + clean(g.hint())));
                out.println("    evidence " + evidence(g.exemplar()) + "; signature " + g.signature());
            }
        }
        out.println();
        if (logs.tailExceptions().isEmpty()) {
            out.println("Tail-of-pipeline exceptions: none");
        } else {
            out.println("Tail-of-pipeline exceptions (exceptionCaught() reached the end of the pipeline)");
            for (LogFindings.TailGroup g : limit(logs.tailExceptions())) {
                String chain = g.exceptionChain().isEmpty() ? "exception not logged" : String.join(" <- ", g.exceptionChain());
                out.printf("  x%d %s%s, first %s on %s%n", g.count(), clean(chain),
                    g.exceptionPrintedSeparately() ? " (printed without header just above the warning)" : "",
                    g.time(), g.threads().isEmpty() ? "unknown thread" : clean(String.join(", ", g.threads())));
                out.println("    evidence " + evidence(g.exemplar()) + "; first application frame " + orNone(g.firstAppFrame()));
            }
        }
        if (logs.discardedInbound().count() > 0) {
            out.printf("%nDiscarded inbound messages: %d (released at the tail, not a leak; check the pipeline)%n",
                logs.discardedInbound().count());
        }
        LogFindings.ChannelSummary ch = logs.channelEvents();
        out.println();
        if (ch.lines() == 0) {
            out.println("Channels: no LoggingHandler or reactor-netty channel lines");
        } else {
            out.printf("Channels: %d seen in %d lines (%s); opened %d, closed %d, opened and never closed %d%n",
                ch.channels(), ch.lines(), String.join(", ", ch.sources()), ch.opened(), ch.closed(), ch.neverClosedCount());
            for (LogFindings.ChannelEntry c : limit(ch.neverClosed())) {
                out.printf("  %s %s -> %s, opened %s, last %s%s%n", c.id(), clean(String.valueOf(c.local())),
                    clean(String.valueOf(c.remote())), c.openedAt(), clean(String.valueOf(c.lastEvent())),
                    c.endedBy().equals("restart") ? " (still open when the process restarted)" : "");
            }
        }
        if (!logs.config().isEmpty()) {
            out.println();
            out.println("Netty configuration logged at start-up");
            logs.config().forEach((k, v) -> out.println("  -D" + clean(k) + ": " + clean(v)));
        }
        if (!logs.restarts().isEmpty()) {
            out.println();
            out.println("Restarts: " + logs.restarts().size());
            for (LogFindings.RestartEntry r : limit(logs.restarts())) {
                out.println("  " + (r.time() == null ? "(no timestamp)" : r.time()) + " " + clean(r.reason()) + " ("
                    + evidence(r.evidence()) + ")");
            }
        }
        if (!logs.timeline().perMinute().isEmpty()) {
            out.println();
            out.println("Timeline (minutes with events: oom / leak / tail / channels opened / closed)");
            List<LogFindings.Minute> minutes = logs.timeline().perMinute();
            int from = Math.max(0, minutes.size() - 15);
            if (from > 0) {
                out.println("  ... " + from + " earlier minutes in the JSON report");
            }
            for (LogFindings.Minute m : minutes.subList(from, minutes.size())) {
                out.printf("  %s  %d / %d / %d / %d / %d%n", m.minute(), m.oom(), m.leak(), m.tailException(),
                    m.channelOpened(), m.channelClosed());
            }
        }
    }

    private static <T> List<T> limit(List<T> list) {
        return list.size() <= LIST_LIMIT ? list : list.subList(0, LIST_LIMIT);
    }

    private static String orNone(String s) {
        return s == null ? "none" : clean(s);
    }

    private static String evidence(LogFindings.Evidence e) {
        return e == null ? "none" : clean(e.file()) + ":" + e.line();
    }

    /** Log text may carry control characters or escape sequences: never echo them to a terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && b.length() < 500; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    static String human(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
