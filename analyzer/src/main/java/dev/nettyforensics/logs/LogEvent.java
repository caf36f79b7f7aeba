package dev.nettyforensics.logs;

import dev.nettyforensics.log.LeakReport;
import dev.nettyforensics.log.LogProvenance;
import dev.nettyforensics.log.LogTimestamp;
import dev.nettyforensics.log.ParsedThrowable;
import java.util.Objects;

/**
 * Something the logs say that matters for a direct-memory post-mortem. Every event keeps the
 * provenance of its record. Immutable values.
 */
public sealed interface LogEvent
        permits LogEvent.Oom, LogEvent.Leak, LogEvent.TailException, LogEvent.Discarded, LogEvent.ChannelLine,
                LogEvent.Config, LogEvent.Restart {

    /** Where the record starts, not null. */
    LogProvenance where();

    /** When, or null for records without a header (raw stderr). */
    LogTimestamp time();

    /** The two unrelated direct-memory OOM messages (log-formats.md §0.4). */
    enum OomKind {
        /** Netty's own counter: {@code OutOfDirectMemoryError: failed to allocate N byte(s) … (used: U, max: M)}. */
        NETTY_COUNTER("netty-counter"),
        /** JDK 8/11 {@code java.nio.Bits}: {@code OutOfMemoryError: Direct buffer memory} (no numbers). */
        JDK_DIRECT_BUFFER("jdk-direct-buffer-memory"),
        /** Newer JDKs: {@code Cannot reserve N bytes of direct buffer memory (allocated: A, limit: L)}. */
        JDK_CANNOT_RESERVE("jdk-cannot-reserve");

        private final String label;

        OomKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A direct-memory OutOfMemoryError.
     *
     * @param timeApproximate true when the record had no timestamp and the time was taken from the adjacent
     *                        tail-of-pipeline warning
     * @param requestedBytes  bytes asked for, or -1 when the message has no number
     * @param usedBytes       direct memory in use before the request (Netty {@code used}, JDK {@code allocated}), or -1
     * @param maxBytes        the limit, or -1
     * @param throwable       the parsed OOM throwable (may be null when only the message was logged)
     */
    record Oom(LogProvenance where, LogTimestamp time, boolean timeApproximate, String thread, OomKind kind,
            long requestedBytes, long usedBytes, long maxBytes, ParsedThrowable throwable) implements LogEvent {
        public Oom {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(kind, "kind");
        }

        Oom withTime(LogTimestamp approximate) {
            return new Oom(where, approximate, true, thread, kind, requestedBytes, usedBytes, maxBytes, throwable);
        }
    }

    /** A Netty {@code LEAK:} report. */
    record Leak(LogProvenance where, LogTimestamp time, String thread, LeakReport report) implements LogEvent {
        public Leak {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * Netty's "An exceptionCaught() event was fired, and it reached at the tail of the pipeline" warning.
     *
     * @param exception the exception logged with it, or null
     * @param adjacent  true when the exception was not in the record but printed without a header right before
     *                  it (stderr and the log file interleaved, as in the original incident)
     */
    record TailException(LogProvenance where, LogTimestamp time, String thread, ParsedThrowable exception,
            boolean adjacent) implements LogEvent {
        public TailException {
            Objects.requireNonNull(where, "where");
        }
    }

    /** "Discarded inbound message … reached at the tail of the pipeline" (a mis-wired pipeline, not a leak). */
    record Discarded(LogProvenance where, LogTimestamp time, String thread) implements LogEvent {
        public Discarded {
            Objects.requireNonNull(where, "where");
        }
    }

    /**
     * A channel lifecycle line from Netty's {@code LoggingHandler} or reactor-netty.
     *
     * @param channelId the 8-hex channel id without {@code 0x}, not null
     * @param local     local address as printed, or null
     * @param remote    remote address as printed, or null (server channels)
     * @param event     the event ({@code ACTIVE}, {@code INACTIVE}, … or reactor-netty's message start), not null
     * @param opens     true when the line shows the channel open (ACTIVE/REGISTERED with a peer, or " - " marker)
     * @param closes    true when the line shows the channel closed (INACTIVE/UNREGISTERED/CLOSE, or " ! " marker)
     * @param source    {@code "LoggingHandler"} or {@code "reactor-netty"}
     */
    record ChannelLine(LogProvenance where, LogTimestamp time, String channelId, String local, String remote,
            String event, boolean opens, boolean closes, String source) implements LogEvent {
        public ChannelLine {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(channelId, "channelId");
        }
    }

    /** A {@code -Dio.netty.*: value} line Netty logs at DEBUG on start-up (shaded prefixes removed from the key). */
    record Config(LogProvenance where, LogTimestamp time, String key, String value) implements LogEvent {
        public Config {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(key, "key");
        }
    }

    /** The application (re)started here. */
    record Restart(LogProvenance where, LogTimestamp time, String reason) implements LogEvent {
        public Restart {
            Objects.requireNonNull(where, "where");
        }
    }
}
