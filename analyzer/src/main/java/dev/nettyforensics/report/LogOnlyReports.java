package dev.nettyforensics.report;

import dev.nettyforensics.log.LogDiagnostic;
import dev.nettyforensics.log.LogFileSummary;
import dev.nettyforensics.logs.LogAnalyzer;
import dev.nettyforensics.logs.LogFindings;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the {@link Report} of the logs (the base that {@link HeapReports} adds a heap dump to): the log findings, the
 * inputs, and an "inconclusive" verdict whose hypotheses carry only what the logs can say. It
 * never invents heap results: {@code directMemory}, {@code sites} and {@code channels} stay empty
 * and a diagnostic says why. Stateless.
 */
public final class LogOnlyReports {
    static final String NO_HEAP_ANALYSIS = "The heap dump was not analysed, so directMemory, sites and channels are"
        + " empty.";

    private LogOnlyReports() {}

    /**
     * @param tool      the tool, not null
     * @param inputs    every input, logs and dumps, in argument order, not null
     * @param logs      the log analysis, or null when no log was given
     * @param heapDumps how many heap dumps were given
     */
    public static Report build(Report.Tool tool, List<Report.Input> inputs, LogAnalyzer.Result logs, int heapDumps) {
        List<Report.Diagnostic> diagnostics = new ArrayList<>();
        if (heapDumps > 0) {
            diagnostics.add(new Report.Diagnostic("warning", NO_HEAP_ANALYSIS));
        }
        if (logs != null) {
            for (LogDiagnostic d : logs.diagnostics()) {
                diagnostics.add(new Report.Diagnostic(d.severity(), d.message()));
            }
        }
        LogFindings findings = logs == null ? null : logs.findings();
        return new Report(Report.SCHEMA_VERSION, tool, inputs, verdict(findings, heapDumps), Report.DirectMemory.empty(),
            List.of(), List.of(), findings, diagnostics);
    }

    /** Per-file notes for the {@code inputs} entry of a log. */
    public static List<String> notesFor(LogFileSummary s) {
        List<String> notes = new ArrayList<>();
        notes.add("layout: " + s.dominantLayout() + (s.headerShapes().size() > 1 ? " (also " + String.join(", ",
            s.headerShapes().keySet().stream().filter(k -> !k.equals(s.dominantLayout())).sorted().toList()) + ")" : ""));
        notes.add("charset: " + s.charset() + (s.envelope().equals("none") ? "" : "; envelope: " + s.envelope())
            + (s.gzip() ? "; gzip" : ""));
        notes.add(s.lines() + " lines, " + s.records() + " records"
            + (s.first() == null ? "" : ", " + s.first().iso() + " to " + s.last().iso()));
        if (!s.layoutChanges().isEmpty()) {
            notes.add("layout changed at line(s) " + s.layoutChanges());
        }
        return notes;
    }

    private static Report.Verdict verdict(LogFindings logs, int heapDumps) {
        List<Report.Hypothesis> hypotheses = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        summary.append(heapDumps > 0 ? "The heap dump was not analysed, so nothing is concluded."
            : "No heap dump was given, so nothing is concluded.");
        if (logs == null) {
            summary.append(" No log was given either.");
        } else {
            long oom = logs.oom().stream().mapToLong(LogFindings.OomGroup::count).sum();
            long leaks = logs.leakDetection().reports();
            summary.append(" The logs show ").append(oom).append(" direct-memory OOM(s)");
            summary.append(leaks > 0 ? " and at least " + leaks + " LEAK report(s)." : " and no LEAK report (leak"
                + " detection off or quiet, which is not evidence of no leak).");
            List<String> leakEvidence = new ArrayList<>();
            if (leaks > 0) {
                leakEvidence.add("at least " + leaks + " Netty LEAK report(s) in " + logs.leakReports().size()
                    + " signature(s): buffers were garbage-collected without release()");
            } else {
                leakEvidence.add("no LEAK report: " + logs.leakDetection().note());
            }
            hypotheses.add(new Report.Hypothesis("unreleased buffers", leaks > 0 ? "confirmed" : "unknown", leakEvidence));
            List<String> channelEvidence = new ArrayList<>();
            if (logs.channelEvents().lines() == 0) {
                channelEvidence.add("no LoggingHandler or reactor-netty channel lines in the logs");
            } else {
                channelEvidence.add(logs.channelEvents().neverClosedCount() + " channel(s) opened and never closed in the logs");
            }
            hypotheses.add(new Report.Hypothesis("unclosed connections", "unknown", channelEvidence));
            List<String> capacity = new ArrayList<>();
            for (LogFindings.OomGroup g : logs.oom()) {
                if (g.maxBytes() > 0) {
                    capacity.add(g.kind() + ": used " + g.usedBytes() + " of max " + g.maxBytes() + " bytes when "
                        + g.requestedBytes() + " more were requested (" + g.category() + ")");
                }
            }
            if (capacity.isEmpty()) {
                capacity.add("no OOM line with used/max figures");
            }
            hypotheses.add(new Report.Hypothesis("undersized limit for the load", "unknown", capacity));
            hypotheses.add(new Report.Hypothesis("blocked event loops", "unknown",
                List.of("needs thread stacks from a heap dump")));
            hypotheses.add(new Report.Hypothesis("backpressure", "unknown",
                List.of("needs channel outbound buffers from a heap dump")));
        }
        return new Report.Verdict("inconclusive", summary.toString(), 0.0, hypotheses);
    }
}
