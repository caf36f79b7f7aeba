package dev.nettyforensics.logs;

import dev.nettyforensics.log.RecordFilter;
import java.nio.charset.StandardCharsets;

/**
 * The cheap pre-check that decides which records the log reader turns into strings: one pass over
 * the line's bytes with a 256-entry trigger table, and a literal comparison only where a trigger
 * byte sits (log-formats.md §7.5). No regular expression. Thread safe (immutable).
 */
final class NettyRecordFilter implements RecordFilter {
    /** Literals that mark an interesting record, grouped by their first byte. */
    static final String[] LITERALS = {
        "LEAK: ",
        "An exceptionCaught() event was fired",
        "OutOfDirectMemoryError",
        "OutOfMemoryError: Direct buffer memory",
        "Direct buffer memory",
        "Cannot reserve ",
        "Discarded inbound message",
        "Discarded message pipeline",
        "-Dio.",
        "Starting ",
    };

    private final byte[][][] byFirstByte = new byte[256][][];

    NettyRecordFilter() {
        for (String literal : LITERALS) {
            byte[] bytes = literal.getBytes(StandardCharsets.US_ASCII);
            int first = bytes[0] & 0xff;
            byte[][] old = byFirstByte[first];
            byte[][] grown = old == null ? new byte[1][] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = bytes;
            byFirstByte[first] = grown;
        }
    }

    @Override
    public boolean interesting(byte[] b, int from, int to) {
        byte[][][] table = byFirstByte;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c == '[') {
                if (channelPrefixAt(b, i + 1, to)) {
                    return true;
                }
                continue;
            }
            byte[][] candidates = table[c];
            if (candidates == null) {
                continue;
            }
            for (byte[] literal : candidates) {
                if (regionMatches(b, i, to, literal)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code [id: 0x1234abcd} (Netty's Channel.toString) or {@code [1234abcd,} / {@code [1234abcd-3,} /
     * {@code [1234abcd] } (reactor-netty's short channel id).
     */
    static boolean channelPrefixAt(byte[] b, int p, int to) {
        if (p + 7 <= to && b[p] == 'i' && b[p + 1] == 'd' && b[p + 2] == ':' && b[p + 3] == ' ' && b[p + 4] == '0'
                && b[p + 5] == 'x') {
            return true;
        }
        if (p + 9 > to) {
            return false;
        }
        for (int k = 0; k < 8; k++) {
            int c = b[p + k];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        int next = b[p + 8];
        return next == ',' || next == '-' || next == ']';
    }

    private static boolean regionMatches(byte[] b, int p, int to, byte[] literal) {
        if (p + literal.length > to) {
            return false;
        }
        for (int k = 1; k < literal.length; k++) {
            if (b[p + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }
}
