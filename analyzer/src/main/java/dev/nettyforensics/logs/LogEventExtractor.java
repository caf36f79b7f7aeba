package dev.nettyforensics.logs;

import dev.nettyforensics.log.LeakReport;
import dev.nettyforensics.log.LeakReportParser;
import dev.nettyforensics.log.LogRecord;
import dev.nettyforensics.log.ParsedThrowable;
import dev.nettyforensics.log.ThrowableParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one materialised record into events. Regular expressions run here only, on records that
 * passed the byte-level pre-check, never on every line. Stateless and thread safe.
 */
final class LogEventExtractor {
    static final String TAIL_WARNING = "An exceptionCaught() event was fired, and it reached at the tail of the pipeline";
    private static final Pattern NETTY_OOM = Pattern.compile(
        "failed to allocate (\\d+) byte\\(s\\) of direct memory \\(used: (-?\\d+), max: (-?\\d+)\\)");
    private static final Pattern JDK_RESERVE = Pattern.compile(
        "Cannot reserve (\\d+) bytes of direct buffer memory \\(allocated: (\\d+), limit: (\\d+)\\)");
    private static final Pattern CONFIG = Pattern.compile("-D((?:[\\w$]+\\.)*io\\.netty\\.[\\w.$]+): ?(.*)");
    private static final Set<String> OPEN_EVENTS = Set.of("ACTIVE", "REGISTERED", "CONNECT");
    private static final Set<String> CLOSE_EVENTS = Set.of("INACTIVE", "UNREGISTERED", "CLOSE", "DISCONNECT",
        "DEREGISTER");

    private LogEventExtractor() {}

    static List<LogEvent> extract(LogRecord r) {
        List<LogEvent> events = new ArrayList<>(2);
        String message = r.message();
        if (r.lines().size() == 1 && message.startsWith("[")) {
            // The common DEBUG-log case, a one-line channel lifecycle record: nothing else can be in it.
            LogEvent.ChannelLine channel = channel(r, message);
            if (channel != null) {
                events.add(channel);
                return events;
            }
        }
        if (LeakReportParser.isLeakHeader(message) || (r.lines().size() > 1 && r.contains("LEAK: ")
                && r.lines().stream().anyMatch(LeakReportParser::isLeakHeader))) {
            LeakReport report = LeakReportParser.parse(r.lines());
            if (report != null) {
                events.add(new LogEvent.Leak(r.provenance(), r.time(), r.thread(), report));
                return events; // a LEAK record holds nothing else
            }
        }
        ParsedThrowable thrown = r.contains("Exception") || r.contains("Error") || r.contains("Throwable")
            ? ThrowableParser.parseFirst(r.lines(), 0) : null;
        if (message.contains(TAIL_WARNING)) {
            events.add(new LogEvent.TailException(r.provenance(), r.time(), r.thread(), thrown, false));
        }
        LogEvent.Oom oom = oom(r, thrown);
        if (oom != null) {
            events.add(oom);
        }
        if (message.contains("Discarded inbound message") || message.contains("Discarded message pipeline")) {
            events.add(new LogEvent.Discarded(r.provenance(), r.time(), r.thread()));
        }
        LogEvent.ChannelLine channel = channel(r, message);
        if (channel != null) {
            events.add(channel);
        }
        int d = message.indexOf("-Dio.");
        if (d >= 0) {
            Matcher m = CONFIG.matcher(message.substring(d));
            if (m.lookingAt()) {
                String key = m.group(1);
                int k = key.indexOf("io.netty.");
                events.add(new LogEvent.Config(r.provenance(), r.time(), key.substring(k), m.group(2).strip()));
            }
        }
        if (message.startsWith("Starting ") && (message.contains(" using Java ") || message.contains(" with PID "))) {
            events.add(new LogEvent.Restart(r.provenance(), r.time(), "application start-up line"));
        }
        return events;
    }

    private static LogEvent.Oom oom(LogRecord r, ParsedThrowable thrown) {
        if (thrown != null) {
            for (ParsedThrowable t : thrown.all()) {
                LogEvent.Oom oom = oomOf(r, t.className(), t.message(), t);
                if (oom != null) {
                    return oom;
                }
            }
        }
        // Logged as text only (e.g. "... failed: io.netty.util.internal.OutOfDirectMemoryError: failed to allocate ...").
        for (String line : r.lines()) {
            int k = line.indexOf("OutOfDirectMemoryError: ");
            if (k >= 0) {
                return oomOf(r, "io.netty.util.internal.OutOfDirectMemoryError",
                    line.substring(k + "OutOfDirectMemoryError: ".length()), null);
            }
            k = line.indexOf("OutOfMemoryError: ");
            if (k >= 0) {
                LogEvent.Oom oom = oomOf(r, "java.lang.OutOfMemoryError", line.substring(k + "OutOfMemoryError: ".length()), null);
                if (oom != null) {
                    return oom;
                }
            }
        }
        return null;
    }

    private static LogEvent.Oom oomOf(LogRecord r, String className, String message, ParsedThrowable t) {
        if (message == null) {
            return null;
        }
        if (className.endsWith("OutOfDirectMemoryError")) {
            Matcher m = NETTY_OOM.matcher(message);
            if (m.find()) {
                return new LogEvent.Oom(r.provenance(), r.time(), false, r.thread(), LogEvent.OomKind.NETTY_COUNTER,
                    parse(m.group(1)), parse(m.group(2)), parse(m.group(3)), t);
            }
            return new LogEvent.Oom(r.provenance(), r.time(), false, r.thread(), LogEvent.OomKind.NETTY_COUNTER, -1, -1, -1, t);
        }
        if (className.endsWith("OutOfMemoryError")) {
            Matcher m = JDK_RESERVE.matcher(message);
            if (m.find()) {
                return new LogEvent.Oom(r.provenance(), r.time(), false, r.thread(), LogEvent.OomKind.JDK_CANNOT_RESERVE,
                    parse(m.group(1)), parse(m.group(2)), parse(m.group(3)), t);
            }
            if (message.startsWith("Direct buffer memory")) {
                return new LogEvent.Oom(r.provenance(), r.time(), false, r.thread(), LogEvent.OomKind.JDK_DIRECT_BUFFER, -1, -1,
                    -1, t);
            }
        }
        return null;
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Netty {@code [id: 0x…, L:… - R:…] EVENT} or reactor-netty {@code [1a2b3c4d-1, L:… - R:…] text}. */
    static LogEvent.ChannelLine channel(LogRecord r, String message) {
        int open = message.indexOf('[');
        if (open < 0 || open > 200) {
            return null;
        }
        boolean netty = message.startsWith("[id: 0x", open);
        int idStart = netty ? open + 7 : open + 1;
        if (idStart + 8 > message.length() || !isHex8(message, idStart)) {
            return null;
        }
        String id = message.substring(idStart, idStart + 8);
        int close = message.indexOf("] ", idStart);
        if (close < 0) {
            close = message.endsWith("]") ? message.length() - 1 : -1;
        }
        if (close < 0) {
            return null;
        }
        String inside = message.substring(idStart + 8, close);
        if (!netty && !(inside.isEmpty() || inside.startsWith(",") || inside.startsWith("-"))) {
            return null;
        }
        String local = null;
        String remote = null;
        Boolean active = null;
        int l = inside.indexOf("L:");
        if (l >= 0) {
            String rest = inside.substring(l + 2);
            int dash = rest.indexOf(" - R:");
            int bang = rest.indexOf(" ! R:");
            int sep = dash >= 0 ? dash : bang;
            if (sep >= 0) {
                local = rest.substring(0, sep);
                remote = rest.substring(sep + 5);
                active = dash >= 0;
            } else {
                local = rest;
            }
        } else {
            // Netty 4.0.0-era "[id: 0x…, /src => /dst]" (":>" when inactive).
            int arrow = inside.indexOf(" => ");
            int inactiveArrow = inside.indexOf(" :> ");
            int sep = arrow >= 0 ? arrow : inactiveArrow;
            if (sep >= 0) {
                int comma = inside.indexOf(',');
                local = (comma >= 0 && comma < sep ? inside.substring(comma + 1, sep) : inside.substring(0, sep)).strip();
                remote = inside.substring(sep + 4).strip();
                active = arrow >= 0;
            }
        }
        String text = close + 2 <= message.length() ? message.substring(Math.min(message.length(), close + 2)) : "";
        String event;
        boolean opens;
        boolean closes;
        if (netty) {
            event = text.startsWith("READ COMPLETE") ? "READ COMPLETE"
                : text.startsWith("WRITABILITY CHANGED") ? "WRITABILITY CHANGED" : firstWord(text);
            opens = OPEN_EVENTS.contains(event) && remote != null;
            closes = CLOSE_EVENTS.contains(event);
        } else {
            event = text.length() > 60 ? text.substring(0, 60) : text;
            int comma = event.indexOf(',');
            if (comma > 0) {
                event = event.substring(0, comma);
            }
            closes = Boolean.FALSE.equals(active) || text.contains("Channel closed") || text.contains("[disconnecting]");
            opens = !closes && Boolean.TRUE.equals(active);
        }
        if (Boolean.FALSE.equals(active) && remote != null) {
            closes = true;
        }
        return new LogEvent.ChannelLine(r.provenance(), r.time(), id, local, remote, event, opens, closes,
            netty ? "LoggingHandler" : "reactor-netty");
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) != ' ' && text.charAt(end) != ':') {
            end++;
        }
        return text.substring(0, end);
    }

    private static boolean isHex8(String s, int from) {
        for (int i = from; i < from + 8; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
