package dev.nettyforensics.log;

import java.util.List;
import java.util.Objects;

/**
 * One log record (an event as the logging library wrote it), materialised only when a
 * {@link RecordFilter} found it interesting. Immutable.
 *
 * @param provenance where the record starts, not null
 * @param shape      how its header looked ({@link HeaderShape#NONE} for headerless stack traces), not null
 * @param time       its timestamp, or null when the record has no header
 * @param level      level as printed ({@code WARN}, {@code SEVERE}...), or null
 * @param thread     thread name, or null when the layout has none or it could not be told
 * @param logger     logger name as printed (maybe abbreviated), or null
 * @param lines      the record's text with the header removed: line 0 is the message's first line,
 *                   then message continuation, stack traces, LEAK sections; for JSON layouts the
 *                   message and the stack-trace field, split into lines. Not null, never empty
 * @param capped     true when the record was longer than the read limits and its tail was dropped
 */
public record LogRecord(LogProvenance provenance, HeaderShape shape, LogTimestamp time, String level, String thread,
        String logger, List<String> lines, boolean capped) {
    public LogRecord {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(shape, "shape");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a record has at least one line");
        }
    }

    /** The message's first line. */
    public String message() {
        return lines.get(0);
    }

    /** True when some line of the record contains {@code literal}. */
    public boolean contains(String literal) {
        for (String line : lines) {
            if (line.contains(literal)) {
                return true;
            }
        }
        return false;
    }
}
