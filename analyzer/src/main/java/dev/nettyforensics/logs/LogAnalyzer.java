package dev.nettyforensics.logs;

import dev.nettyforensics.log.LeakReport;
import dev.nettyforensics.log.LogDiagnostic;
import dev.nettyforensics.log.LogFileSet;
import dev.nettyforensics.log.LogFileSummary;
import dev.nettyforensics.log.LogProvenance;
import dev.nettyforensics.log.LogReadOptions;
import dev.nettyforensics.log.LogReader;
import dev.nettyforensics.log.LogRecord;
import dev.nettyforensics.log.LogTimestamp;
import dev.nettyforensics.log.ParsedThrowable;
import dev.nettyforensics.log.StackFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a set of logs (oldest file first) and turns their records into grouped, counted findings:
 * OOMs with allocation paths, LEAK reports, tail-of-pipeline exceptions, channels opened and never
 * closed, Netty's start-up configuration, restarts and a per-minute timeline.
 *
 * <p>Streams: memory is bounded by the read buffer, one record, and the aggregates (each capped).
 * Not thread safe; create one per analysis. Never throws for bad content; unreadable files become
 * diagnostics.
 */
public final class LogAnalyzer {
    private static final int MAX_CHANNELS = 200_000;
    private static final int MAX_LISTED_CHANNELS = 100;
    private static final int MAX_MINUTES = 20_000;
    private static final int MAX_USED_POINTS = 10_000;
    private static final int MAX_SIGNATURES = 10_000;

    private final LogAnalysisOptions options;
    private final FrameClassifier classifier;
    private final NettyRecordFilter filter = new NettyRecordFilter();

    private final List<LogFileSummary> summaries = new ArrayList<>();
    private final List<LogDiagnostic> diagnostics = new ArrayList<>();
    private final Map<String, OomAcc> ooms = new LinkedHashMap<>();
    private final Map<String, LeakAcc> leaks = new LinkedHashMap<>();
    private final Map<String, TailAcc> tails = new LinkedHashMap<>();
    private final Map<String, ChannelAcc> channels = new HashMap<>();
    private final TreeMap<Long, long[]> minutes = new TreeMap<>();
    private final List<LogFindings.UsedPoint> used = new ArrayList<>();
    private final Map<String, String> config = new TreeMap<>();
    private final List<LogFindings.RestartEntry> restarts = new ArrayList<>();
    private final Set<String> sources = new TreeSet<>();
    private long channelLines;
    /** How many restarts were seen so far: channels remember the run they were opened in. */
    private int run;
    private final Map<String, Long> channelEvents = new TreeMap<>();
    private final Map<String, String> sharedStrings = new HashMap<>();
    private boolean channelsCapped;
    private boolean timelineCapped;
    private long discarded;
    private LogTimestamp discardedFirst;
    private LogTimestamp discardedLast;
    private LogProvenance discardedExemplar;
    private final Set<String> configKeysThisStart = new HashSet<>();
    private long eventsSinceConfig;
    private long leakReportCount;

    private LogRecord previous;
    private ParsedThrowable previousThrowable;
    private OomAcc previousOomAcc;

    private LogAnalyzer(LogAnalysisOptions options) {
        this.options = options;
        this.classifier = new FrameClassifier(options.appPackages());
    }

    /**
     * @param files   log files in any order, not null
     * @param options charset override and application packages, not null
     * @return findings plus per-file summaries and diagnostics, never null
     */
    public static Result analyze(List<Path> files, LogAnalysisOptions options) {
        LogAnalyzer a = new LogAnalyzer(options);
        LogReadOptions read = LogReadOptions.DEFAULTS.withCharset(options.charset());
        for (Path file : LogFileSet.inTimeOrder(files, read)) {
            a.previous = null;
            a.previousThrowable = null;
            a.previousOomAcc = null;
            try {
                LogFileSummary s = LogReader.read(file, read, a.filter, a::onRecord);
                a.summaries.add(s);
                a.diagnostics.addAll(s.diagnostics());
            } catch (IOException e) {
                a.diagnostics.add(LogDiagnostic.warning(file + ": cannot be read (" + e.getMessage() + ")"));
            }
        }
        return new Result(a.findings(), a.summaries, a.diagnostics);
    }

    /**
     * The analysis result.
     *
     * @param findings    the {@code logs} section, not null
     * @param files       what reading each file found, oldest first, not null
     * @param diagnostics what was skipped, capped or guessed, not null
     */
    public record Result(LogFindings findings, List<LogFileSummary> files, List<LogDiagnostic> diagnostics) {
        public Result {
            files = List.copyOf(files);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    // ---- per record --------------------------------------------------------------------------

    private void onRecord(LogRecord r) {
        try {
            interpret(r);
        } catch (RuntimeException bug) {
            // One odd record must not cost the whole analysis: say which, and go on.
            if (diagnostics.size() < 1000) {
                diagnostics.add(LogDiagnostic.warning(r.provenance() + ": record could not be interpreted (" + bug
                    + "); please report this"));
            }
        }
    }

    private void interpret(LogRecord r) {
        List<LogEvent> events = LogEventExtractor.extract(r);
        OomAcc oomAccOfThis = null;
        ParsedThrowable throwableOfThis = null;
        for (LogEvent e : events) {
            if (e instanceof LogEvent.TailException t && t.exception() == null && adjacentHeaderlessTrace(r)) {
                e = new LogEvent.TailException(t.where(), t.time(), t.thread(), previousThrowable, true);
                if (previousOomAcc != null && t.time() != null) {
                    approximateOomTime(previousOomAcc, t.time());
                }
            }
            OomAcc acc = onEvent(e);
            if (acc != null) {
                oomAccOfThis = acc;
            }
            if (e instanceof LogEvent.Oom o) {
                throwableOfThis = o.throwable();
            }
        }
        previous = r;
        previousThrowable = throwableOfThis;
        previousOomAcc = r.time() == null ? oomAccOfThis : null;
    }

    /** A headerless OOM trace gets the time of the warning printed right after it, marked approximate. */
    private void approximateOomTime(OomAcc acc, LogTimestamp time) {
        acc.approximateTime(time);
        minute(time, 0);
        if (acc.pendingUsedPoint >= 0) {
            LogFindings.UsedPoint p = used.get(acc.pendingUsedPoint);
            used.set(acc.pendingUsedPoint, new LogFindings.UsedPoint(iso(time), p.kind(), p.usedBytes(), p.maxBytes(),
                p.requestedBytes()));
            acc.pendingUsedPoint = -1;
        }
    }

    /** The record right before this one was a stack trace without a header, ending on the line above. */
    private boolean adjacentHeaderlessTrace(LogRecord r) {
        return previous != null && previousThrowable != null && previous.time() == null
            && previous.provenance().file().equals(r.provenance().file())
            && previous.provenance().line() + previous.lines().size() == r.provenance().line();
    }

    private OomAcc onEvent(LogEvent e) {
        if (!(e instanceof LogEvent.Config)) {
            eventsSinceConfig++;
        }
        if (e instanceof LogEvent.Oom o) {
            return onOom(o);
        } else if (e instanceof LogEvent.Leak l) {
            onLeak(l);
        } else if (e instanceof LogEvent.TailException t) {
            onTail(t);
        } else if (e instanceof LogEvent.Discarded d) {
            discarded++;
            discardedFirst = min(discardedFirst, d.time());
            discardedLast = max(discardedLast, d.time());
            if (discardedExemplar == null) {
                discardedExemplar = d.where();
            }
            minute(d.time(), 3);
        } else if (e instanceof LogEvent.ChannelLine c) {
            onChannel(c);
        } else if (e instanceof LogEvent.Config c) {
            if (configKeysThisStart.contains(c.key()) && eventsSinceConfig > 0) {
                restart(c.where(), c.time(), "Netty logged its start-up configuration again");
                configKeysThisStart.clear();
            }
            configKeysThisStart.add(c.key());
            eventsSinceConfig = 0;
            config.put(c.key(), c.value());
        } else if (e instanceof LogEvent.Restart s) {
            restart(s.where(), s.time(), s.reason());
        }
        return null;
    }

    private void restart(LogProvenance where, LogTimestamp time, String reason) {
        run++;
        if (restarts.size() < 1000) {
            restarts.add(new LogFindings.RestartEntry(iso(time), reason, evidence(where)));
        }
    }

    private OomAcc onOom(LogEvent.Oom o) {
        List<StackFrame> frames = o.throwable() == null ? List.of() : o.throwable().frames();
        AllocationPath path = AllocationPath.of(frames, classifier);
        String signature = Signatures.oom(o, path);
        OomAcc acc = ooms.get(signature);
        if (acc == null) {
            if (ooms.size() >= MAX_SIGNATURES) {
                return null;
            }
            acc = new OomAcc(signature, o, path, Signatures.keys(Signatures.afterInternals(frames), 8));
            ooms.put(signature, acc);
        }
        acc.add(o.time());
        minute(o.time(), 0);
        acc.pendingUsedPoint = -1;
        if (o.usedBytes() >= 0 && used.size() < MAX_USED_POINTS) {
            used.add(new LogFindings.UsedPoint(iso(o.time()), o.kind().label(), o.usedBytes(), o.maxBytes(),
                o.requestedBytes()));
            if (o.time() == null) {
                acc.pendingUsedPoint = used.size() - 1;
            }
        }
        return acc;
    }

    private void onLeak(LogEvent.Leak l) {
        LeakReport r = l.report();
        leakReportCount++;
        List<StackFrame> created = r.createdAt();
        List<StackFrame> createdAfterInternals = Signatures.afterInternals(created);
        String createdAtSite = createdAfterInternals.isEmpty() ? null : FrameClassifier.key(createdAfterInternals.get(0));
        StackFrame createdApp = classifier.firstInApp(created);
        LeakReport.AccessRecord last = r.lastTouch();
        StackFrame touchApp = last == null ? null : classifier.firstInApp(last.frames());
        String hint = last == null ? null : last.hint();
        if (hint == null) {
            for (LeakReport.AccessRecord a : r.accessRecords()) {
                if (a.hint() != null) {
                    hint = a.hint();
                    break;
                }
            }
        }
        String createdAppKey = createdApp == null ? null : FrameClassifier.key(createdApp);
        String touchAppKey = touchApp == null ? null : FrameClassifier.key(touchApp);
        String signature = Signatures.leak(r, createdAtSite, createdAppKey, touchAppKey, hint);
        LeakAcc acc = leaks.get(signature);
        if (acc == null) {
            if (leaks.size() >= MAX_SIGNATURES) {
                return;
            }
            acc = new LeakAcc(signature, l, createdAtSite, createdAppKey, touchAppKey, hint);
            leaks.put(signature, acc);
        }
        acc.count++;
        acc.discardedRecords += r.discardedDuplicates() + r.discardedOverLimit();
        acc.first = min(acc.first, l.time());
        acc.last = max(acc.last, l.time());
        minute(l.time(), 1);
    }

    private void onTail(LogEvent.TailException t) {
        ParsedThrowable ex = t.exception();
        StackFrame app = null;
        if (ex != null) {
            app = classifier.firstInApp(ex.rootCause().frames());
            if (app == null) {
                app = classifier.firstInApp(ex.frames());
            }
        }
        String appKey = app == null ? null : FrameClassifier.key(app);
        String signature = Signatures.exception(ex, appKey);
        TailAcc acc = tails.get(signature);
        if (acc == null) {
            if (tails.size() >= MAX_SIGNATURES) {
                return;
            }
            acc = new TailAcc(signature, t, appKey);
            tails.put(signature, acc);
        }
        acc.count++;
        acc.first = min(acc.first, t.time());
        acc.last = max(acc.last, t.time());
        if (t.thread() != null && acc.threads.size() < 10) {
            acc.threads.add(t.thread());
        }
        minute(t.time(), 2);
    }

    private void onChannel(LogEvent.ChannelLine c) {
        channelLines++;
        sources.add(c.source());
        if (!c.event().isEmpty() && (c.source().equals("LoggingHandler") || channelEvents.containsKey(c.event())
                || channelEvents.size() < 200)) {
            channelEvents.merge(c.event(), 1L, Long::sum);
        }
        ChannelAcc acc = channels.get(c.channelId());
        if (acc == null) {
            if (channels.size() >= MAX_CHANNELS) {
                channelsCapped = true;
                return;
            }
            acc = new ChannelAcc(c.channelId());
            channels.put(c.channelId(), acc);
        }
        if (acc.closed) {
            return; // a closed channel keeps only its id: memory stays small on busy DEBUG logs
        }
        if (c.local() != null) {
            acc.local = shared(c.local());
        }
        if (c.remote() != null) {
            acc.remote = c.remote();
        }
        if (!c.event().isEmpty()) {
            acc.lastEvent = shared(c.event());
        }
        acc.lastSeen = c.time();
        if (c.opens() && !acc.opened) {
            acc.opened = true;
            acc.run = run;
            acc.openedAt = c.time();
            acc.openedWhere = c.where();
            minute(c.time(), 4);
        }
        if (c.closes()) {
            acc.closed = true;
            acc.local = null;
            acc.remote = null;
            acc.lastEvent = null;
            acc.openedAt = null;
            acc.lastSeen = null;
            acc.openedWhere = null;
            minute(c.time(), 5);
        }
    }

    /** Local addresses and event names repeat across thousands of channels: keep one copy of each. */
    private String shared(String s) {
        if (sharedStrings.size() >= 10_000) {
            return s;
        }
        String known = sharedStrings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    private void minute(LogTimestamp t, int column) {
        if (t == null) {
            return;
        }
        long[] counts = minutes.get(t.minute());
        if (counts == null) {
            if (minutes.size() >= MAX_MINUTES) {
                timelineCapped = true;
                return;
            }
            counts = new long[6];
            minutes.put(t.minute(), counts);
        }
        counts[column]++;
    }

    // ---- result ------------------------------------------------------------------------------

    private LogFindings findings() {
        List<LogFindings.FileEntry> files = new ArrayList<>();
        LogTimestamp first = null;
        LogTimestamp last = null;
        for (LogFileSummary s : summaries) {
            files.add(new LogFindings.FileEntry(s.file().toString(), s.dominantLayout(),
                List.copyOf(new TreeSet<>(s.headerShapes().keySet())), s.charset(), s.envelope(), s.gzip(), s.truncated(),
                s.lines(), s.records(), iso(s.first()), iso(s.last())));
            first = min(first, s.first());
            last = max(last, s.last());
        }
        List<LogFindings.OomGroup> oomGroups = ooms.values().stream().map(OomAcc::toGroup).toList();
        List<LogFindings.LeakGroup> leakGroups = leaks.values().stream()
            .sorted(Comparator.comparingLong((LeakAcc a) -> -a.count).thenComparing(a -> a.signature))
            .map(LeakAcc::toGroup).toList();
        List<LogFindings.TailGroup> tailGroups = tails.values().stream()
            .sorted(Comparator.comparingLong((TailAcc a) -> -a.count).thenComparing(a -> a.signature))
            .map(TailAcc::toGroup).toList();
        return new LogFindings(files, oomGroups, leakGroups, leakDetection(), tailGroups,
            new LogFindings.DiscardedSummary(discarded, iso(discardedFirst), iso(discardedLast),
                discardedExemplar == null ? null : evidence(discardedExemplar)),
            channelSummary(), config, restarts, new LogFindings.TimeRange(iso(first), iso(last)), timeline());
    }

    private LogFindings.LeakDetection leakDetection() {
        String level = config.get("io.netty.leakDetection.level");
        if (level == null) {
            level = config.get("io.netty.leakDetectionLevel");
        }
        if (leakReportCount > 0) {
            return new LogFindings.LeakDetection("reports-found", level, leakReportCount,
                "Counts are lower bounds: Netty samples about 1 in 128 buffers below PARANOID and reports each distinct"
                    + " record only once.");
        }
        String note = "No LEAK: lines. This does not mean no leak: leak detection may be off (Vert.x disables it"
            + " unless -Dio.netty.leakDetection.level is set), sampling (about 1 in 128 buffers at SIMPLE) may not have"
            + " caught one yet, or the ResourceLeakDetector logger may be filtered. Run with"
            + " -Dio.netty.leakDetection.level=paranoid on a test system to see allocation and last-touch sites.";
        if (level != null && level.equalsIgnoreCase("disabled")) {
            note = "No LEAK: lines, and Netty logged -Dio.netty.leakDetection.level: disabled: leak detection was off,"
                + " so the logs cannot show leaks.";
        }
        return new LogFindings.LeakDetection("off-or-quiet", level, 0, note);
    }

    private LogFindings.ChannelSummary channelSummary() {
        long opened = 0;
        long closed = 0;
        List<ChannelAcc> open = new ArrayList<>();
        for (ChannelAcc c : channels.values()) {
            if (c.opened) {
                opened++;
            }
            if (c.closed) {
                closed++;
            }
            if (c.opened && !c.closed && c.remote != null) {
                open.add(c);
            }
        }
        open.sort(Comparator.comparing((ChannelAcc c) -> c.openedAt == null ? Long.MIN_VALUE : c.openedAt.wallMillis())
            .thenComparing(c -> c.id));
        List<LogFindings.ChannelEntry> listed = open.stream().limit(MAX_LISTED_CHANNELS)
            .map(c -> new LogFindings.ChannelEntry(c.id, c.local, c.remote, c.lastEvent, iso(c.openedAt), iso(c.lastSeen),
                c.run < run ? "restart" : "end of logs", c.openedWhere == null ? null : evidence(c.openedWhere)))
            .toList();
        return new LogFindings.ChannelSummary(channelLines, List.copyOf(sources), channelEvents, channels.size(), opened,
            closed,
            open.size(), listed, channelsCapped);
    }

    private LogFindings.Timeline timeline() {
        List<LogFindings.Minute> perMinute = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : minutes.entrySet()) {
            long[] c = e.getValue();
            String minute = new LogTimestamp(e.getKey(), null, false).iso();
            perMinute.add(new LogFindings.Minute(minute.substring(0, 16), c[0], c[1], c[2], c[3], c[4], c[5]));
        }
        return new LogFindings.Timeline(perMinute, used, timelineCapped || used.size() >= MAX_USED_POINTS);
    }

    /**
     * Netty's own pipeline hints ("'decoder' will handle the message from this point.") name a handler and are
     * shown; an application's {@code touch(hint)} text may carry data, so like the heap side it is never printed.
     */
    static String shownHint(String hint) {
        if (hint == null) {
            return null;
        }
        if (hint.startsWith("'") && hint.endsWith("' will handle the message from this point.")) {
            return hint;
        }
        return "application touch() hint (not shown: it may carry data)";
    }

    static String iso(LogTimestamp t) {
        return t == null ? null : t.iso();
    }

    static LogFindings.Evidence evidence(LogProvenance p) {
        return new LogFindings.Evidence(p.file().toString(), p.line(), p.byteOffset());
    }

    static LogTimestamp min(LogTimestamp a, LogTimestamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    static LogTimestamp max(LogTimestamp a, LogTimestamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    // ---- accumulators ------------------------------------------------------------------------

    private static final class OomAcc {
        final String signature;
        final LogEvent.Oom exemplar;
        final AllocationPath path;
        final List<String> frames;
        long count;
        LogTimestamp first;
        LogTimestamp last;
        boolean approximate;
        int pendingUsedPoint = -1;

        OomAcc(String signature, LogEvent.Oom exemplar, AllocationPath path, List<String> frames) {
            this.signature = signature;
            this.exemplar = exemplar;
            this.path = path;
            this.frames = frames;
        }

        void add(LogTimestamp t) {
            count++;
            first = min(first, t);
            last = max(last, t);
        }

        void approximateTime(LogTimestamp t) {
            first = min(first, t);
            last = max(last, t);
            approximate = true;
        }

        LogFindings.OomGroup toGroup() {
            return new LogFindings.OomGroup(signature, exemplar.kind().label(), path.category(), path.site(),
                path.firstAppFrame(), frames, count, iso(first), iso(last), approximate, exemplar.requestedBytes(),
                exemplar.usedBytes(), exemplar.maxBytes(), exemplar.thread(), evidence(exemplar.where()));
        }
    }

    private static final class LeakAcc {
        final String signature;
        final LogEvent.Leak exemplar;
        final String createdAtSite;
        final String createdAtApp;
        final String lastTouchApp;
        final String hint;
        long count;
        long discardedRecords;
        LogTimestamp first;
        LogTimestamp last;

        LeakAcc(String signature, LogEvent.Leak exemplar, String createdAtSite, String createdAtApp,
                String lastTouchApp, String hint) {
            this.signature = signature;
            this.exemplar = exemplar;
            this.createdAtSite = createdAtSite;
            this.createdAtApp = createdAtApp;
            this.lastTouchApp = lastTouchApp;
            this.hint = hint;
        }

        LogFindings.LeakGroup toGroup() {
            LeakReport r = exemplar.report();
            List<String> lastTouch = r.lastTouch() == null ? List.of() : Signatures.keys(r.lastTouch().frames(), 12);
            return new LogFindings.LeakGroup(signature, r.resourceType(), r.era().name(),
                r.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), r.allocationOnly(), count, true,
                shownHint(hint), createdAtSite, createdAtApp, lastTouchApp, Signatures.keys(r.createdAt(), 12), lastTouch,
                discardedRecords, iso(first), iso(last), evidence(exemplar.where()));
        }
    }

    private static final class TailAcc {
        final String signature;
        final LogEvent.TailException exemplar;
        final String firstAppFrame;
        final Set<String> threads = new TreeSet<>();
        long count;
        LogTimestamp first;
        LogTimestamp last;

        TailAcc(String signature, LogEvent.TailException exemplar, String firstAppFrame) {
            this.signature = signature;
            this.exemplar = exemplar;
            this.firstAppFrame = firstAppFrame;
        }

        LogFindings.TailGroup toGroup() {
            ParsedThrowable ex = exemplar.exception();
            List<String> chain = ex == null ? List.of() : ex.chain().stream().map(ParsedThrowable::className).toList();
            String root = ex == null ? null : ex.rootCause().className();
            List<String> frames = ex == null ? List.of() : Signatures.keys(ex.rootCause().frames(), 8);
            return new LogFindings.TailGroup(signature, chain, root, firstAppFrame, frames, count, iso(first), iso(last),
                List.copyOf(threads), exemplar.adjacent(), evidence(exemplar.where()));
        }
    }

    private static final class ChannelAcc {
        final String id;
        String local;
        String remote;
        String lastEvent;
        boolean opened;
        boolean closed;
        LogTimestamp openedAt;
        LogTimestamp lastSeen;
        LogProvenance openedWhere;
        int run;

        ChannelAcc(String id) {
            this.id = id;
        }
    }
}
