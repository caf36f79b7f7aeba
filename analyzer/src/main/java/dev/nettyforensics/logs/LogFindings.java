package dev.nettyforensics.logs;

import java.util.List;
import java.util.Map;

/**
 * Everything the logs said, grouped and counted: the {@code logs} section of the report (DESIGN §5).
 * Immutable; times are ISO-8601 strings as the logs printed them (zone only when printed).
 *
 * @param files           one entry per log file, oldest first
 * @param oom             direct-memory OOMs grouped by signature, first occurrence first
 * @param leakReports     Netty LEAK reports grouped by signature, most frequent first
 * @param leakDetection   what the presence or absence of LEAK lines means
 * @param tailExceptions  tail-of-pipeline exceptionCaught warnings grouped by signature
 * @param discardedInbound "Discarded inbound message" lines
 * @param channelEvents   channel lifecycle lines and the channels opened and never closed
 * @param config          {@code -Dio.netty.*} settings Netty logged at start-up (last value wins), sorted by key
 * @param restarts        application (re)starts seen in the logs
 * @param timeRange       first and last timestamp over all files
 * @param timeline        events per minute and direct memory used over time
 */
public record LogFindings(List<FileEntry> files, List<OomGroup> oom, List<LeakGroup> leakReports,
        LeakDetection leakDetection, List<TailGroup> tailExceptions, DiscardedSummary discardedInbound,
        ChannelSummary channelEvents, Map<String, String> config, List<RestartEntry> restarts, TimeRange timeRange,
        Timeline timeline) {

    public LogFindings {
        files = List.copyOf(files);
        oom = List.copyOf(oom);
        leakReports = List.copyOf(leakReports);
        tailExceptions = List.copyOf(tailExceptions);
        config = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(config));
        restarts = List.copyOf(restarts);
    }

    /** Where a finding's exemplar record starts. */
    public record Evidence(String file, long line, long byteOffset) {}

    /** One log file as read. */
    public record FileEntry(String path, String layout, List<String> layoutsSeen, String charset, String envelope,
            boolean gzip, boolean truncated, long lines, long records, String firstTime, String lastTime) {}

    /** Direct-memory OOMs with one signature. {@code time} is the first occurrence. */
    public record OomGroup(String signature, String kind, String category, String allocationSite,
            String firstAppFrame, List<String> frames, long count, String time, String lastTime,
            boolean timeApproximate, long requestedBytes, long usedBytes, long maxBytes, String thread,
            Evidence exemplar) {}

    /** LEAK reports with one signature; {@code count} is a lower bound (sampling, de-duplication). */
    public record LeakGroup(String signature, String resourceType, String era, String reportKind,
            boolean allocationOnly, long count, boolean countIsLowerBound, String hint, String createdAtSite,
            String createdAtAppFrame, String lastTouchAppFrame, List<String> createdAt, List<String> lastTouch,
            long discardedRecords, String time, String lastTime, Evidence exemplar) {}

    /** What LEAK lines (or their absence) tell. {@code status}: "reports-found" or "off-or-quiet". */
    public record LeakDetection(String status, String configuredLevel, long reports, String note) {}

    /** Tail-of-pipeline warnings with one exception signature. */
    public record TailGroup(String signature, List<String> exceptionChain, String rootCause, String firstAppFrame,
            List<String> frames, long count, String time, String lastTime, List<String> threads,
            boolean exceptionPrintedSeparately, Evidence exemplar) {}

    /** "Discarded inbound message" lines: released at the tail, so not leaks, but a mis-wired pipeline. */
    public record DiscardedSummary(long count, String time, String lastTime, Evidence exemplar) {}

    /** Channel lifecycle lines and channels that were opened and never closed in the logs. */
    public record ChannelSummary(long lines, List<String> sources, Map<String, Long> events, long channels, long opened,
            long closed, long neverClosedCount, List<ChannelEntry> neverClosed, boolean capped) {
        public ChannelSummary {
            events = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(events));
            sources = List.copyOf(sources);
            neverClosed = List.copyOf(neverClosed);
        }
    }

    /**
     * A channel seen open and never seen closed. {@code endedBy} says what ended the logs' view of it: "restart" when
     * the process restarted later (the channel was open when the old process ended), or "end of logs".
     */
    public record ChannelEntry(String id, String local, String remote, String lastEvent, String openedAt,
            String lastSeen, String endedBy, Evidence exemplar) {}

    /** An application (re)start. */
    public record RestartEntry(String time, String reason, Evidence evidence) {}

    /** First and last timestamp over all files, or nulls. */
    public record TimeRange(String first, String last) {}

    /** Events per minute and the {@code used:} figures of OOM lines over time. */
    public record Timeline(List<Minute> perMinute, List<UsedPoint> directMemoryUsed, boolean capped) {}

    /** Event counts in one minute. */
    public record Minute(String minute, long oom, long leak, long tailException, long discarded, long channelOpened,
            long channelClosed) {}

    /** One OOM's figures: direct memory in use when it failed. */
    public record UsedPoint(String time, String kind, long usedBytes, long maxBytes, long requestedBytes) {}
}
