package dev.nettyforensics.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a split record's text into a {@link LogRecord}: header fields for text layouts, field
 * aliases for JSON layouts (log-formats.md §7.3: {@code message|short_message},
 * {@code stack_trace|error.stack_trace|exception.stacktrace|full_message|thrown.extendedStackTrace},
 * flat dotted and nested ECS alike). Stateless.
 */
final class LogRecordBuilder {
    private static final String[] MESSAGE = {"message", "short_message", "msg"};
    private static final String[] LEVEL = {"level", "log.level", "severity", "levelname"};
    private static final String[] THREAD = {"thread_name", "process.thread.name", "thread", "_thread"};
    private static final String[] LOGGER = {"logger_name", "log.logger", "loggerName", "_logger", "logger"};
    private static final String[] STACK = {"stack_trace", "error.stack_trace", "exception.stacktrace",
        "exception.stack_trace", "full_message"};

    private LogRecordBuilder() {}

    static LogRecord build(LogProvenance where, HeaderShape shape, LogTimestamp time, String text, int tsEnd,
            boolean capped) {
        List<String> raw = splitLines(text);
        if (shape == HeaderShape.JSON) {
            LogRecord json = fromJson(where, time, raw, capped);
            if (json != null) {
                return json;
            }
            return new LogRecord(where, HeaderShape.NONE, time, null, null, null, raw, capped);
        }
        if (shape == HeaderShape.NONE) {
            return new LogRecord(where, shape, null, null, null, null, raw, capped);
        }
        if (shape == HeaderShape.JUL_TWO_LINE) {
            String source = raw.get(0).substring(Math.min(tsEnd, raw.get(0).length())).strip();
            String logger = source.isEmpty() ? null : source.split(" ")[0];
            List<String> lines = new ArrayList<>();
            String level = null;
            if (raw.size() > 1) {
                String second = raw.get(1);
                int colon = second.indexOf(": ");
                if (colon > 0 && colon < 8) {
                    level = second.substring(0, colon);
                    lines.add(second.substring(colon + 2));
                } else {
                    lines.add(second);
                }
                lines.addAll(raw.subList(2, raw.size()));
            } else {
                lines.add("");
            }
            return new LogRecord(where, shape, time, level, null, logger, lines, capped);
        }
        String first = raw.get(0);
        String levelPrefix = null;
        if (shape == HeaderShape.LEVEL_THEN_DATE_TIME) {
            levelPrefix = first.substring(0, first.indexOf(' '));
        }
        HeaderFields f = HeaderFields.parse(first, Math.min(tsEnd, first.length()));
        List<String> lines = new ArrayList<>(raw.size());
        lines.add(f.message());
        lines.addAll(raw.subList(1, raw.size()));
        return new LogRecord(where, shape, time, levelPrefix != null ? levelPrefix : f.level(), f.thread(), f.logger(),
            lines, capped);
    }

    private static LogRecord fromJson(LogProvenance where, LogTimestamp time, List<String> raw, boolean capped) {
        Map<String, Object> o = JsonLine.parseObject(raw.get(0));
        if (o == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        String message = firstString(o, MESSAGE);
        lines.addAll(splitLines(message == null ? "" : message));
        String stack = firstString(o, STACK);
        if (stack != null && !stack.equals(message)) {
            lines.addAll(splitLines(stack));
        } else {
            Object thrown = o.get("thrown");
            if (thrown instanceof Map<?, ?> t) {
                renderStructured(t, "", lines, 0);
            }
        }
        lines.addAll(raw.subList(1, raw.size()));
        if (time == null) {
            time = jsonTime(o);
        }
        return new LogRecord(where, HeaderShape.JSON, time, firstString(o, LEVEL), firstString(o, THREAD),
            firstString(o, LOGGER), lines, capped);
    }

    /** Log4j2 JsonLayout's {@code thrown} object: rendered back into the JDK's text form. */
    private static void renderStructured(Map<?, ?> thrown, String prefix, List<String> into, int depth) {
        if (depth > 50) {
            return;
        }
        Object name = thrown.get("name");
        Object message = thrown.get("message");
        into.add(prefix + (name == null ? "java.lang.Throwable" : name) + (message == null ? "" : ": " + message));
        Object frames = thrown.get("extendedStackTrace");
        if (frames == null) {
            frames = thrown.get("stackTrace");
        }
        if (frames instanceof List<?> list) {
            for (Object f : list) {
                if (f instanceof Map<?, ?> m) {
                    Object line = m.get("line");
                    into.add("\tat " + m.get("class") + "." + m.get("method") + "(" + (m.get("file") == null ? "Unknown Source"
                        : m.get("file") + (line == null ? "" : ":" + line)) + ")");
                }
            }
        }
        Object cause = thrown.get("cause");
        if (cause instanceof Map<?, ?> c) {
            renderStructured(c, "Caused by: ", into, depth + 1);
        }
    }

    private static LogTimestamp jsonTime(Map<String, Object> o) {
        Object instant = o.get("instant");
        if (instant instanceof Map<?, ?> m && m.get("epochSecond") != null) {
            try {
                long seconds = Long.parseLong(m.get("epochSecond").toString());
                long nanos = m.get("nanoOfSecond") == null ? 0 : Long.parseLong(m.get("nanoOfSecond").toString());
                return new LogTimestamp(seconds * 1000 + nanos / 1_000_000, 0, false);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        for (String key : new String[] {"timestamp", "timeMillis"}) {
            Object v = o.get(key);
            if (v instanceof String s && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
                try {
                    double d = Double.parseDouble(s);
                    long millis = key.equals("timeMillis") ? (long) d : (long) (d * 1000);
                    return new LogTimestamp(millis, 0, false);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String firstString(Map<String, Object> o, String[] keys) {
        for (String key : keys) {
            Object v = JsonLine.lookup(o, key);
            if (v instanceof String s) {
                return s;
            }
        }
        return null;
    }

    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                String last = text.substring(start);
                lines.add(last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
                break;
            }
            int end = nl > start && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            lines.add(text.substring(start, end));
            start = nl + 1;
        }
        // A trailing newline in a JSON field is not an extra line.
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
