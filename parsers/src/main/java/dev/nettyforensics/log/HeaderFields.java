package dev.nettyforensics.log;

import java.util.Set;

/**
 * Splits what follows a header's timestamp into level, thread, logger and message, for every text
 * layout of log-formats.md §1.1 at once: it walks tokens and takes the ones that look like header
 * fields (a level word, a bracketed thread, a PID, {@code ---}, a dotted logger, a separator), and
 * the message starts at the first token that is none of these.
 *
 * <p>Examples: {@code [main] ERROR io.netty.util.ResourceLeakDetector -- LEAK: …} (Logback),
 * {@code  INFO 4242 --- [ctor-http-nio-3] r.n.http.server.HttpServerOperations : msg} (Spring Boot),
 * {@code nioEventLoopGroup-3-3 WARN [DefaultChannelPipeline:151] msg} (the incident's gateway).
 */
record HeaderFields(String level, String thread, String logger, String message) {
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL",
        "SEVERE", "CONFIG", "FINE", "FINER", "FINEST");

    static HeaderFields parse(String line, int from) {
        String level = null;
        String thread = null;
        String logger = null;
        int p = skipSpaces(line, Math.min(from, line.length()));
        int consumed = 0;
        boolean threadInBrackets = false;
        while (p < line.length() && consumed < 10) {
            char c = line.charAt(p);
            if (c == '[') {
                int close = closingBracket(line, p);
                if (close < 0) {
                    break;
                }
                String inside = line.substring(p + 1, close);
                String trimmed = inside.strip();
                if (LEVELS.contains(trimmed)) {
                    level = trimmed;
                } else if (logger != null) {
                    break; // after the logger, a bracket belongs to the message
                } else if (isLoggerWithLine(trimmed)) {
                    logger = trimmed;
                } else if (!trimmed.isEmpty() && !isCorrelationId(trimmed) && (thread == null || threadInBrackets)) {
                    // Spring Boot 3.2+ prints [app] [thread] [correlation]: the later bracket is the thread.
                    thread = trimmed;
                    threadInBrackets = true;
                } else if (thread != null && !threadInBrackets && isIdentifier(trimmed)) {
                    logger = trimmed;
                }
                p = skipSpaces(line, close + 1);
                if (p < line.length() && line.charAt(p) == ':' && logger == null && isLoggerLike(trimmed)) {
                    p = skipSpaces(line, p + 1); // "[Class.method:12]:" variants
                }
                consumed++;
                continue;
            }
            int end = tokenEnd(line, p);
            String token = line.substring(p, end);
            int next = skipSpaces(line, end);
            if (token.equals("-") || token.equals("--") || token.equals(":") || token.equals("|")) {
                p = next;
                if (consumed > 0 && (level != null || logger != null || thread != null)) {
                    break;
                }
                consumed++;
                continue;
            }
            if (token.equals("---") || isDigits(token)) {
                p = next;
                consumed++;
                continue;
            }
            if (level == null && LEVELS.contains(token)) {
                level = token;
                p = next;
                consumed++;
                continue;
            }
            if (level == null && thread == null && next < line.length() && LEVELS.contains(peekToken(line, next))) {
                thread = token; // "thread LEVEL [Logger:line] msg" (the incident's layout)
                p = next;
                consumed++;
                continue;
            }
            if (logger == null && level != null && isLoggerLike(stripColon(token))) {
                logger = stripColon(token);
                p = next;
                consumed++;
                if (token.endsWith(":")) {
                    break;
                }
                continue;
            }
            break;
        }
        String message = p >= line.length() ? "" : line.substring(p);
        return new HeaderFields(level, thread, logger, message);
    }

    private static String peekToken(String line, int p) {
        if (p < line.length() && line.charAt(p) == '[') {
            int close = closingBracket(line, p);
            return close < 0 ? "" : line.substring(p + 1, close).strip();
        }
        return line.substring(p, tokenEnd(line, p));
    }

    private static String stripColon(String token) {
        return token.endsWith(":") ? token.substring(0, token.length() - 1) : token;
    }

    /** A thread name may contain brackets ({@code QuorumPeer[myid=1]/…}): match them by depth. */
    private static int closingBracket(String line, int open) {
        int depth = 0;
        for (int i = open; i < line.length() && i < open + 512; i++) {
            char c = line.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isLoggerWithLine(String s) {
        int colon = s.lastIndexOf(':');
        return colon > 0 && isDigits(s.substring(colon + 1)) && isIdentifier(s.substring(0, colon));
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isJavaIdentifierPart(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** A logger: a (possibly abbreviated) dotted Java name, or a bare class name with a line. */
    private static boolean isLoggerLike(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (!Character.isJavaIdentifierPart(c) && c != '@' && c != ':') {
                return false;
            }
        }
        return dot || s.indexOf(':') > 0;
    }

    private static boolean isCorrelationId(String s) {
        int dash = s.indexOf('-');
        return s.length() >= 33 && dash == 32 && isHex(s, 0, 32);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int tokenEnd(String line, int p) {
        int i = p;
        while (i < line.length() && line.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String line, int p) {
        int i = p;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
