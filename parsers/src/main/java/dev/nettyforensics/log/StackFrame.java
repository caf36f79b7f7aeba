package dev.nettyforensics.log;

import java.util.Objects;

/**
 * One frame as printed by {@code StackTraceElement.toString()}, with the JDK 9+ loader/module
 * prefix and Logback/Log4j2 packaging data ({@code ~[jar:ver]}) removed.
 *
 * @param className  fully qualified class name as printed (shaded names kept), not null
 * @param methodName method name, not null
 * @param fileName   source file, or null for {@code Native Method}, {@code Unknown Source} and the like
 * @param lineNumber line number, or -1 when not printed
 * @param inferred   true when the frame was not printed but rebuilt from a {@code ... N more} or
 *                   {@code ... N common frames omitted} line (JDK semantics: the enclosing trace's last N frames)
 */
public record StackFrame(String className, String methodName, String fileName, int lineNumber, boolean inferred) {
    public StackFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }

    /** {@code class.method}, the frame without source position. */
    public String qualifiedMethod() {
        return className + "." + methodName;
    }

    public StackFrame asInferred() {
        return inferred ? this : new StackFrame(className, methodName, fileName, lineNumber, true);
    }

    /**
     * Parses the text of one frame: {@code [at ]loader/module@ver/pkg.Class.method(File.java:12)[ ~[jar:ver]]}.
     *
     * @param text the line with leading whitespace allowed, not null
     * @return the frame, or null when the text is not a frame
     */
    public static StackFrame parse(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (text.startsWith("at ", start)) {
            start += 3;
        }
        int open = text.indexOf('(', start);
        if (open < 0) {
            return null;
        }
        int close = text.indexOf(')', open);
        if (close < 0) {
            return null;
        }
        // Loader/module prefixes ("app//", "java.base/") never contain '$'; hidden classes
        // ("Foo$$Lambda$12/0x…") carry a '/' after a '$', which belongs to the class name.
        int dollar = text.indexOf('$', start);
        int prefixLimit = dollar >= 0 && dollar < open ? dollar : open;
        int nameStart = text.lastIndexOf('/', prefixLimit);
        nameStart = nameStart < start ? start : nameStart + 1;
        int dot = text.lastIndexOf('.', open);
        if (dot <= nameStart || dot >= open - 1) {
            return null;
        }
        String className = text.substring(nameStart, dot);
        String method = text.substring(dot + 1, open);
        if (!looksLikeName(className) || method.indexOf(' ') >= 0) {
            return null;
        }
        String source = text.substring(open + 1, close);
        String file = null;
        int line = -1;
        int colon = source.lastIndexOf(':');
        if (colon > 0) {
            file = source.substring(0, colon);
            line = parseIntOrMinusOne(source, colon + 1);
        } else if (!source.isEmpty() && !source.equals("Native Method") && !source.equals("Unknown Source")
                && !source.startsWith("<")) {
            file = source;
        }
        return new StackFrame(className, method, file, line, false);
    }

    private static boolean looksLikeName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ':' || c == '"') {
                return false;
            }
        }
        return true;
    }

    private static int parseIntOrMinusOne(String s, int from) {
        int v = 0;
        if (from >= s.length()) {
            return -1;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > 100_000_000) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    @Override
    public String toString() {
        return qualifiedMethod() + "(" + (fileName == null ? "Unknown Source" : fileName)
            + (lineNumber >= 0 ? ":" + lineNumber : "") + ")";
    }
}
