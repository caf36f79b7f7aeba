package dev.nettyforensics.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds throwables from the text the JDK, Logback and Log4j2 print (log-formats.md §1.3):
 * {@code Caused by:}, {@code Suppressed:} (nested by indentation), Logback's root-cause-first
 * {@code Wrapped by:}, {@code ... N more} and {@code ... N common frames omitted} rebuilt from the
 * enclosing trace, Log4j2's {@code ... suppressed N lines}, {@code [N skipped]}, packaging data and
 * JDK module prefixes. Hand-written: one pass, no regular expression per frame.
 *
 * <p>Stateless and thread safe. Cost is linear in the number of lines.
 */
public final class ThrowableParser {
    /** A rebuilt chain deeper than this is cut: printed traces are never this deep, hostile input might be. */
    private static final int MAX_NODES = 2_000;

    private ThrowableParser() {}

    /**
     * Finds the first throwable in {@code lines} at or after {@code from} and parses it.
     *
     * @param lines record lines, not null (null elements not allowed)
     * @param from  first index to look at
     * @return the throwable, or null when no line starts one
     */
    public static ParsedThrowable parseFirst(List<String> lines, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (startsThrowable(lines.get(i))) {
                return parseAt(lines, i);
            }
        }
        return null;
    }

    /** The index of the first line at or after {@code from} that starts a throwable, or -1. */
    public static int indexOfFirst(List<String> lines, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (startsThrowable(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True when the line (from column 0) reads as a throwable's first line:
     * {@code Exception in thread "x" pkg.SomeException: msg} or {@code pkg.SomeError[: msg]}, where
     * the class name is dotted and its simple name ends with Exception, Error or Throwable.
     */
    public static boolean startsThrowable(String line) {
        if (line.startsWith("Exception in thread \"")) {
            return true;
        }
        return classTokenEnd(line, 0) > 0;
    }

    /** End of a throwable class token starting at {@code p}, or -1. */
    static int classTokenEnd(String s, int p) {
        int n = s.length();
        if (p >= n || !Character.isJavaIdentifierStart(s.charAt(p))) {
            return -1;
        }
        int i = p;
        int lastDot = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '.') {
                if (i == p || s.charAt(i - 1) == '.') {
                    return -1;
                }
                lastDot = i;
            } else if (!Character.isJavaIdentifierPart(c)) {
                break;
            }
            i++;
        }
        if (lastDot < 0 || lastDot == i - 1) {
            return -1;
        }
        if (i < n && s.charAt(i) != ':') {
            return -1;
        }
        if (!(endsWith(s, i, "Exception") || endsWith(s, i, "Error") || endsWith(s, i, "Throwable"))) {
            return -1;
        }
        return i;
    }

    private static boolean endsWith(String s, int end, String suffix) {
        return end >= suffix.length() && s.startsWith(suffix, end - suffix.length());
    }

    /** Parses the throwable whose first line is {@code lines.get(start)}. */
    public static ParsedThrowable parseAt(List<String> lines, int start) {
        String first = lines.get(start);
        if (first.startsWith("Exception in thread \"")) {
            int close = first.indexOf("\" ", 21);
            first = close < 0 ? first : first.substring(close + 2);
        }
        Node top = Node.fromHeader(first, 0);
        if (top == null) {
            top = new Node(first.strip(), null);
        }
        int[] nodes = {1};
        Node current = top;
        TreeMap<Integer, Node> lastAtIndent = new TreeMap<>();
        lastAtIndent.put(0, top);
        boolean messageOpen = true;
        for (int i = start + 1; i < lines.size(); i++) {
            String raw = lines.get(i);
            int indent = indent(raw);
            String line = raw.substring(Math.min(raw.length(), leading(raw)));
            if (line.isEmpty()) {
                messageOpen = false;
                continue;
            }
            if (line.startsWith("at ")) {
                StackFrame frame = StackFrame.parse(line);
                if (frame != null) {
                    if (current.frames.size() < 100_000) {
                        current.frames.add(frame);
                    }
                    messageOpen = false;
                    continue;
                }
            }
            if (line.startsWith("...")) {
                int n = leadingNumber(line, 3);
                if (n >= 0) {
                    if (line.contains(" more") || line.contains("common frames omitted")) {
                        rebuild(current, n);
                    } else {
                        current.elided += n;
                    }
                    messageOpen = false;
                    continue;
                }
            }
            if (line.startsWith("[") && line.endsWith(" skipped]")) {
                int n = leadingNumber(line, 1);
                current.elided += Math.max(0, n);
                continue;
            }
            String link = linkPrefix(line);
            if (link != null && nodes[0] < MAX_NODES) {
                Node next = Node.fromHeader(line.substring(link.length()), indent);
                if (next == null) {
                    break;
                }
                nodes[0]++;
                if (link.equals("Caused by: ")) {
                    Map.Entry<Integer, Node> owner = lastAtIndent.floorEntry(indent);
                    Node parent = owner == null ? top : owner.getValue();
                    parent.cause = next;
                    next.enclosing = parent;
                } else if (link.equals("Suppressed: ")) {
                    Map.Entry<Integer, Node> owner = lastAtIndent.lowerEntry(indent);
                    Node parent = owner == null ? top : owner.getValue();
                    parent.suppressed.add(next);
                    next.enclosing = parent;
                } else {
                    // "Wrapped by:" (Logback %rEx): root cause printed first, each wrapper after it.
                    Map.Entry<Integer, Node> owner = lastAtIndent.floorEntry(indent);
                    Node wrapped = owner == null ? top : owner.getValue();
                    next.cause = wrapped;
                    next.enclosing = wrapped;
                    if (wrapped == top) {
                        top = next;
                    }
                }
                lastAtIndent.tailMap(indent, true).clear();
                lastAtIndent.put(indent, next);
                current = next;
                messageOpen = true;
                continue;
            }
            if (messageOpen && current.frames.isEmpty() && indent == 0 && !startsThrowable(line)) {
                current.appendMessage(raw);
                continue;
            }
            break;
        }
        return top.build(0);
    }

    private static String linkPrefix(String line) {
        if (line.startsWith("Caused by: ")) {
            return "Caused by: ";
        }
        if (line.startsWith("Suppressed: ")) {
            return "Suppressed: ";
        }
        if (line.startsWith("Wrapped by: ")) {
            return "Wrapped by: ";
        }
        return null;
    }

    /** JDK semantics: "... N more" stands for the enclosing trace's last N frames. */
    private static void rebuild(Node node, int n) {
        List<StackFrame> source = node.enclosing == null ? List.of() : node.enclosing.frames;
        if (n > source.size()) {
            node.elided += n;
            return;
        }
        for (int i = source.size() - n; i < source.size(); i++) {
            node.frames.add(source.get(i).asInferred());
        }
    }

    private static int leadingNumber(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        int v = 0;
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && digits < 9) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : v;
    }

    static int leading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Indentation with a tab worth four spaces, so re-indented traces still nest. */
    static int indent(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                w += 4;
            } else if (c == ' ') {
                w++;
            } else {
                break;
            }
        }
        return w;
    }

    private static final class Node {
        final String className;
        StringBuilder message;
        final List<StackFrame> frames = new ArrayList<>();
        int elided;
        Node cause;
        final List<Node> suppressed = new ArrayList<>();
        Node enclosing;
        boolean circular;

        Node(String className, String message) {
            this.className = className;
            this.message = message == null ? null : new StringBuilder(message);
        }

        static Node fromHeader(String text, int indent) {
            boolean circular = false;
            if (text.startsWith("[CIRCULAR REFERENCE: ") || text.startsWith("[CIRCULAR REFERENCE:")) {
                text = text.substring(text.indexOf(':') + 1).strip();
                if (text.endsWith("]")) {
                    text = text.substring(0, text.length() - 1);
                }
                circular = true;
            }
            int end = classTokenEnd(text, 0);
            if (end < 0) {
                // Not a conventional exception name (e.g. "com.acme.Fault: ..."): take the dotted token.
                int colon = text.indexOf(": ");
                String name = colon < 0 ? text.strip() : text.substring(0, colon);
                if (name.isEmpty() || name.indexOf(' ') >= 0) {
                    return null;
                }
                end = name.length();
            }
            String message = end < text.length() ? text.substring(Math.min(text.length(), end + 1)).strip() : null;
            Node n = new Node(text.substring(0, end), message == null || message.isEmpty() ? null : message);
            n.circular = circular;
            return n;
        }

        void appendMessage(String line) {
            if (message == null) {
                message = new StringBuilder(line);
            } else if (message.length() < 64 * 1024) {
                message.append('\n').append(line);
            }
        }

        ParsedThrowable build(int depth) {
            ParsedThrowable c = cause != null && depth < MAX_NODES ? cause.build(depth + 1) : null;
            List<ParsedThrowable> s = new ArrayList<>();
            if (depth < MAX_NODES) {
                for (Node n : suppressed) {
                    s.add(n.build(depth + 1));
                }
            }
            return new ParsedThrowable(className, message == null ? null : message.toString(), frames, elided, c, s,
                circular);
        }
    }
}
