package dev.nettyforensics.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Netty {@code LEAK:} reports of all three eras (log-formats.md §4.1). Netty's record lines
 * are {@code StackTraceElement}s without {@code at }, and the section lines start in column 0,
 * so this is its own grammar, not the throwable one. Accepts any indentation (tabs, 4 or 8 spaces),
 * a missing or empty records section, and both the counted and the count-less
 * {@code Recent access records} forms.
 *
 * <p>Stateless and thread safe; linear in the number of lines.
 */
public final class LeakReportParser {
    private static final String LEAK = "LEAK: ";

    private LeakReportParser() {}

    /** True when the text contains a Netty leak report header. */
    public static boolean isLeakHeader(String message) {
        return message.contains(LEAK) && (message.contains("release() was not called")
            || message.contains("was GC'd before being released") || message.contains("You are creating too many"));
    }

    /**
     * @param lines record lines; the first line containing {@code LEAK: } is the header, not null
     * @return the report, or null when no line is a LEAK header
     */
    public static LeakReport parse(List<String> lines) {
        int headerIndex = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (isLeakHeader(lines.get(i))) {
                headerIndex = i;
                break;
            }
        }
        if (headerIndex < 0) {
            return null;
        }
        String header = lines.get(headerIndex);
        String text = header.substring(header.indexOf(LEAK) + LEAK.length());
        boolean https = header.contains("https://netty.io/");
        if (text.startsWith("You are creating too many ")) {
            String type = word(text, "You are creating too many ".length());
            return new LeakReport(type, LeakReport.Era.UNKNOWN, LeakReport.Kind.TOO_MANY_INSTANCES, List.of(),
                List.of(), -1, 0, 0, https);
        }
        if (text.contains(" was GC'd before being released correctly")) {
            String type = text.substring(0, text.indexOf(" was GC'd")).strip();
            ParsedThrowable created = ThrowableParser.parseFirst(lines, headerIndex + 1);
            return new LeakReport(type, LeakReport.Era.A, LeakReport.Kind.TRACED, List.of(),
                created == null ? List.of() : created.frames(), -1, 0, 0, https);
        }
        int dot = text.indexOf(".release()");
        String type = dot > 0 ? text.substring(0, dot).strip() : word(text, 0);
        if (text.contains("Enable advanced leak reporting")) {
            return new LeakReport(type, LeakReport.Era.UNKNOWN, LeakReport.Kind.UNTRACED, List.of(), List.of(), -1, 0,
                0, https);
        }
        LeakReport.Era era = LeakReport.Era.UNKNOWN;
        int declared = -1;
        int duplicates = 0;
        int overLimit = 0;
        List<LeakReport.AccessRecord> records = new ArrayList<>();
        List<StackFrame> created = new ArrayList<>();
        List<StackFrame> currentFrames = null;
        int currentNumber = -1;
        String currentHint = null;
        for (int i = headerIndex + 1; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("Recent access records:")) {
                String rest = line.substring("Recent access records:".length()).strip();
                if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
                    declared = parseIntPrefix(rest);
                    era = LeakReport.Era.B;
                } else if (era == LeakReport.Era.UNKNOWN) {
                    era = LeakReport.Era.C;
                }
                continue;
            }
            if (line.startsWith("WARNING: ") && line.contains("leak records were discarded")) {
                overLimit += parseIntPrefix(line.substring("WARNING: ".length()));
                era = LeakReport.Era.B;
                continue;
            }
            if (line.startsWith(": ") && line.contains("leak records were discarded")) {
                int n = parseIntPrefix(line.substring(2));
                if (line.contains("duplicates")) {
                    duplicates += n;
                } else {
                    overLimit += n;
                }
                era = LeakReport.Era.C;
                continue;
            }
            if (line.length() >= 3 && line.charAt(0) == '#' && line.endsWith(":") && isDigits(line, 1, line.length() - 1)) {
                flush(records, currentNumber, currentHint, currentFrames);
                currentNumber = parseIntPrefix(line.substring(1));
                currentHint = null;
                currentFrames = new ArrayList<>();
                continue;
            }
            if (line.startsWith("Created at:")) {
                flush(records, currentNumber, currentHint, currentFrames);
                currentNumber = -1;
                currentFrames = created;
                continue;
            }
            if (line.startsWith("Hint: ")) {
                if (currentFrames != null && currentFrames != created) {
                    currentHint = line.substring("Hint: ".length());
                }
                continue;
            }
            StackFrame frame = StackFrame.parse(line);
            if (frame != null && currentFrames != null) {
                if (currentFrames.size() < 100_000) {
                    currentFrames.add(frame);
                }
                continue;
            }
            if (frame == null && ThrowableParser.startsThrowable(raw)) {
                break; // the next record (an unrelated trace glued on by a headerless layout)
            }
        }
        flush(records, currentNumber, currentHint, currentFrames == created ? null : currentFrames);
        boolean traced = !records.isEmpty() || !created.isEmpty() || era != LeakReport.Era.UNKNOWN;
        return new LeakReport(type, era, traced ? LeakReport.Kind.TRACED : LeakReport.Kind.UNTRACED, records, created,
            declared, duplicates, overLimit, https);
    }

    private static void flush(List<LeakReport.AccessRecord> records, int number, String hint, List<StackFrame> frames) {
        if (frames != null && number >= 0) {
            records.add(new LeakReport.AccessRecord(number, hint, frames));
        }
    }

    private static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int parseIntPrefix(String s) {
        int v = 0;
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i < 9) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return v;
    }

    private static String word(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) {
            end++;
        }
        return end > from ? s.substring(from, end) : "unknown";
    }
}
