package dev.nettyforensics.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict-enough JSON reader for one log line (the parsers module stays JDK-only). Objects
 * become {@code Map<String,Object>}, arrays {@code List<Object>}, numbers their text, literals
 * {@code Boolean} or null. Depth and size are bounded; malformed input returns null, never throws.
 */
final class JsonLine {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int p;

    private JsonLine(String s) {
        this.s = s;
    }

    /** The object on this line, or null when the line is not a JSON object. */
    static Map<String, Object> parseObject(String line) {
        JsonLine r = new JsonLine(line);
        try {
            r.skip();
            if (r.p >= line.length() || line.charAt(r.p) != '{') {
                return null;
            }
            Object v = r.value(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = v instanceof Map ? (Map<String, Object>) v : null;
            return map;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /**
     * Looks a field up by dotted path, accepting both flat dotted keys ({@code "log.level"}) and
     * nested objects ({@code "log":{"level":…}}), as ECS layouts print either.
     */
    static Object lookup(Map<String, Object> object, String path) {
        if (object.containsKey(path)) {
            return object.get(path);
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            Object head = object.get(path.substring(0, dot));
            if (head instanceof Map) {
                @SuppressWarnings("unchecked")
                Object v = lookup((Map<String, Object>) head, path.substring(dot + 1));
                if (v != null) {
                    return v;
                }
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("too deep");
        }
        skip();
        char c = s.charAt(p);
        if (c == '{') {
            p++;
            Map<String, Object> map = new LinkedHashMap<>();
            skip();
            if (s.charAt(p) == '}') {
                p++;
                return map;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                map.put(key, value(depth + 1));
                skip();
                char d = s.charAt(p++);
                if (d == '}') {
                    return map;
                }
                if (d != ',') {
                    throw new IllegalStateException("expected , or }");
                }
            }
        }
        if (c == '[') {
            p++;
            List<Object> list = new ArrayList<>();
            skip();
            if (s.charAt(p) == ']') {
                p++;
                return list;
            }
            while (true) {
                list.add(value(depth + 1));
                skip();
                char d = s.charAt(p++);
                if (d == ']') {
                    return list;
                }
                if (d != ',') {
                    throw new IllegalStateException("expected , or ]");
                }
            }
        }
        if (c == '"') {
            return string();
        }
        if (s.startsWith("true", p)) {
            p += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", p)) {
            p += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", p)) {
            p += 4;
            return null;
        }
        int start = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        if (p == start) {
            throw new IllegalStateException("unexpected character");
        }
        return s.substring(start, p);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(p++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(p++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                    p += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private void expect(char c) {
        if (s.charAt(p) != c) {
            throw new IllegalStateException("expected " + c);
        }
        p++;
    }

    private void skip() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
    }
}
