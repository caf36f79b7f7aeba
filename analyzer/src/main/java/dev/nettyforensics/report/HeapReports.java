package dev.nettyforensics.report;

import dev.nettyforensics.hprof.HprofDiagnostic;
import dev.nettyforensics.leak.Hypothesis;
import dev.nettyforensics.leak.LeakAnalysis;
import dev.nettyforensics.leak.LeakFindings;
import dev.nettyforensics.leak.LeakSite;
import dev.nettyforensics.leak.LeakVerdict;
import dev.nettyforensics.netty.JdkDirectMemory;
import dev.nettyforensics.netty.ModelDiagnostic;
import dev.nettyforensics.netty.NettyChannel;
import dev.nettyforensics.netty.NettyInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts one analysed heap dump into a {@link Report}: direct memory per Netty copy, the ranked sites,
 * the channels, the heap's verdict (with the logs' evidence appended to the matching hypotheses)
 * and the engine's and model's diagnostics. Full log/heap correlation is later work; this is the
 * simple merge. Stateless; deterministic (nothing depends on the time of the run).
 */
public final class HeapReports {
    /** The verdict kinds of DESIGN §5; anything else the model says is mapped onto these. */
    static final Set<String> VERDICT_KINDS = Set.of("leak", "backpressure", "thread-cache", "capacity", "no-problem",
        "inconclusive");
    /** Engine diagnostics beyond this many per dump are counted, not listed (a damaged dump can have thousands). */
    private static final int ENGINE_DIAGNOSTICS_LIMIT = 20;
    /** Log hypotheses are named slightly differently from the heap's. */
    private static final Map<String, String> LOG_TO_HEAP_HYPOTHESIS = Map.of(
        "undersized limit for the load", "undersized limit");

    private HeapReports() {}

    /**
     * One dump, read and analysed.
     *
     * @param path              the dump as the user gave it (after resolution), not null
     * @param timestamp         when the dump was taken (HPROF header), null when unknown
     * @param truncated         the dump ends inside a record
     * @param truncatedAt       offset where usable data ends, -1 when complete
     * @param engineDiagnostics what the HPROF engine skipped, not null
     * @param analysis          the model, findings and verdict, not null
     */
    public record AnalysedDump(String path, Instant timestamp, boolean truncated, long truncatedAt,
            List<HprofDiagnostic> engineDiagnostics, LeakAnalysis analysis) {
        public AnalysedDump {
            engineDiagnostics = List.copyOf(engineDiagnostics);
        }
    }

    /** The dump the report is about: the newest by dump timestamp, the last given on a tie or without timestamps. */
    public static AnalysedDump choose(List<AnalysedDump> dumps) {
        AnalysedDump best = null;
        for (AnalysedDump d : dumps) {
            if (best == null || !isOlder(d, best)) {
                best = d;
            }
        }
        return best;
    }

    private static boolean isOlder(AnalysedDump a, AnalysedDump b) {
        return a.timestamp() != null && b.timestamp() != null && a.timestamp().isBefore(b.timestamp());
    }

    /** Notes for a dump's {@code inputs} entry. */
    public static List<String> notesFor(AnalysedDump dump, boolean reported) {
        List<String> notes = new ArrayList<>();
        if (dump.timestamp() != null) {
            notes.add("dumped at " + dump.timestamp());
        }
        if (dump.truncated()) {
            notes.add("truncated at offset 0x" + Long.toHexString(dump.truncatedAt())
                + ": everything complete before it was analysed, so figures are lower bounds");
        }
        if (!dump.engineDiagnostics().isEmpty()) {
            notes.add(dump.engineDiagnostics().size() + " record(s) skipped or odd (see diagnostics)");
        }
        notes.add(reported ? "analysed; this report is about this dump"
            : "analysed; the report is about another dump (its verdict is in diagnostics)");
        return notes;
    }

    /**
     * The report with the heap parts filled from {@code reported}.
     *
     * @param base     the report with inputs and logs (logs may be null), not null
     * @param reported the dump the report is about, not null
     * @param others   other dumps that were analysed too; each is summarised in diagnostics
     */
    public static Report withHeap(Report base, AnalysedDump reported, List<AnalysedDump> others) {
        LeakAnalysis a = reported.analysis();
        List<Report.Diagnostic> diagnostics = new ArrayList<>();
        engineDiagnostics(reported, diagnostics);
        for (ModelDiagnostic d : a.model().diagnostics()) {
            diagnostics.add(new Report.Diagnostic(d.severity(), d.message()));
        }
        for (ModelDiagnostic d : a.findings().diagnostics()) {
            diagnostics.add(new Report.Diagnostic(d.severity(), d.message()));
        }
        for (String r : a.verdict().recommendations()) {
            diagnostics.add(new Report.Diagnostic("info", "recommendation: " + r));
        }
        for (AnalysedDump other : others) {
            LeakVerdict v = other.analysis().verdict();
            diagnostics.add(new Report.Diagnostic("info", "also analysed " + other.path() + " (dumped "
                + (other.timestamp() == null ? "at an unknown time" : "at " + other.timestamp()) + "): "
                + verdictKind(v.kind()) + ", " + v.summary() + "; this report is about " + reported.path()));
            engineDiagnostics(other, diagnostics);
        }
        diagnostics.addAll(base.diagnostics());
        return new Report(base.schemaVersion(), base.tool(), base.inputs(), verdict(a, base.verdict(), base.logs() != null),
            directMemory(a), sites(a.findings()), channels(a), base.logs(), diagnostics);
    }

    private static void engineDiagnostics(AnalysedDump dump, List<Report.Diagnostic> out) {
        List<HprofDiagnostic> all = dump.engineDiagnostics();
        for (int i = 0; i < Math.min(all.size(), ENGINE_DIAGNOSTICS_LIMIT); i++) {
            out.add(new Report.Diagnostic("warning", dump.path() + ": " + all.get(i)));
        }
        if (all.size() > ENGINE_DIAGNOSTICS_LIMIT) {
            out.add(new Report.Diagnostic("warning", dump.path() + ": " + (all.size() - ENGINE_DIAGNOSTICS_LIMIT)
                + " more engine diagnostics not listed"));
        }
        if (dump.truncated()) {
            out.add(new Report.Diagnostic("warning", dump.path() + ": truncated at offset 0x"
                + Long.toHexString(dump.truncatedAt()) + "; objects after it are missing, so bytes are lower bounds"));
        }
    }

    /** Maps the model's verdict kind onto DESIGN §5's set. */
    static String verdictKind(String modelKind) {
        if (VERDICT_KINDS.contains(modelKind)) {
            return modelKind;
        }
        return "pool-baseline".equals(modelKind) ? "no-problem" : "inconclusive";
    }

    private static Report.Verdict verdict(LeakAnalysis a, Report.Verdict logVerdict, boolean withLogs) {
        LeakVerdict v = a.verdict();
        Map<String, List<String>> evidence = new LinkedHashMap<>();
        Map<String, String> findings = new HashMap<>();
        for (Hypothesis h : v.hypotheses()) {
            evidence.put(h.name(), new ArrayList<>(h.evidence()));
            findings.put(h.name(), h.finding());
        }
        if (withLogs) {
            for (Report.Hypothesis h : logVerdict.hypotheses()) {
                String name = LOG_TO_HEAP_HYPOTHESIS.getOrDefault(h.name(), h.name());
                List<String> list = evidence.computeIfAbsent(name, k -> new ArrayList<>());
                findings.putIfAbsent(name, "unknown");
                for (String e : h.evidence()) {
                    if (!e.startsWith("needs ")) { // "needs ... from a heap dump": the heap is here now
                        list.add("logs: " + e);
                    }
                }
                if (findings.get(name).equals("unknown") && h.finding().equals("confirmed")) {
                    findings.put(name, "confirmed");
                }
            }
        }
        List<Report.Hypothesis> hypotheses = new ArrayList<>();
        evidence.forEach((name, ev) -> hypotheses.add(new Report.Hypothesis(name, findings.get(name), ev)));
        String summary = v.summary();
        if (a.model().noNetty()) {
            summary = "No Netty found in the heap dump: no Netty class is loaded in it, so there is no Netty direct"
                + " memory to account for.";
        }
        return new Report.Verdict(verdictKind(v.kind()), summary, v.confidence(), hypotheses);
    }

    private static Report.DirectMemory directMemory(LeakAnalysis a) {
        List<Report.NettyInstance> instances = new ArrayList<>();
        for (NettyInstance i : a.model().instances()) {
            dev.nettyforensics.netty.Ledger l = i.ledger();
            instances.add(new Report.NettyInstance(i.prefix(), i.version().describe(), i.allocatorType(),
                i.counterBytes(), i.limitBytes(), new Report.Ledger(l.liveBytes(), l.threadCacheBytes(),
                    l.orphanedBytes(), l.freeInChunksBytes(), l.hugeBytes(), l.otherDirectBytes())));
        }
        JdkDirectMemory jdk = a.model().jdk();
        Report.JdkBits bits = jdk == null ? null
            : new Report.JdkBits(known(jdk.count()), known(jdk.totalCapacityBytes()), known(jdk.reservedBytes()));
        return new Report.DirectMemory(instances, bits);
    }

    private static Long known(long v) {
        return v < 0 ? null : v;
    }

    private static List<Report.Site> sites(LeakFindings findings) {
        List<Report.Site> sites = new ArrayList<>();
        int rank = 1;
        for (LeakSite s : findings.sites()) {
            List<String> evidence = new ArrayList<>();
            if (s.reason() != null) {
                evidence.add(s.reason());
            }
            if ("open-connections".equals(s.perConnectionBasis())) {
                evidence.add("bytesPerConnection is per open connection (the site is not tied to channels)");
            }
            evidence.addAll(s.evidence());
            sites.add(new Report.Site(rank++, s.fingerprint(), s.kind().label(), s.leak(), s.owner(), s.path(),
                s.frames(), s.buffers(), s.retainedBytes(), s.channels(), s.bytesPerConnection(), s.confidence(),
                evidence));
        }
        return sites;
    }

    private static List<Report.Channel> channels(LeakAnalysis a) {
        Map<Long, LeakFindings.ChannelRetention> retention = new HashMap<>();
        for (LeakFindings.ChannelRetention r : a.findings().channels()) {
            retention.put(r.channelObjectId(), r);
        }
        record Row(NettyChannel channel, long retained, String topSite) {}
        List<Row> rows = new ArrayList<>();
        for (NettyChannel c : a.model().channels()) {
            LeakFindings.ChannelRetention r = retention.get(c.objectId());
            rows.add(new Row(c, r == null ? 0 : r.retainedBytes(), r == null ? null : r.topSite()));
        }
        rows.sort(Comparator.comparingLong(Row::retained).reversed()
            .thenComparingLong(r -> r.channel().objectId()));
        List<Report.Channel> out = new ArrayList<>();
        for (Row r : rows) {
            NettyChannel c = r.channel();
            String id = c.id() != null ? c.id() : "object 0x" + Long.toHexString(c.objectId());
            out.add(new Report.Channel(id, c.className(), c.remote(), c.local(), c.stateLabel(), r.retained(),
                r.topSite()));
        }
        return out;
    }
}
