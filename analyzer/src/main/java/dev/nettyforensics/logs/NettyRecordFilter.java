package dev.nettyforensics.logs;

import dev.nettyforensics.log.RecordFilter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The cheap pre-check that decides which records the log reader turns into strings
 * (log-formats.md §7.5). Each literal has one anchor byte that is rare in ordinary log text
 * ({@code K} of {@code LEAK:}, {@code (} of {@code exceptionCaught()}, {@code M} of
 * {@code OutOf…MemoryError}, {@code D}, {@code S}, {@code [}); the line is scanned eight bytes at a
 * time for any anchor (SWAR), and literals are compared only around a hit. No regular expression.
 * Indented lines (frames, LEAK record lines, hex dumps) are skipped unless they start a
 * {@code Suppressed:} throwable. Immutable, thread safe.
 */
final class NettyRecordFilter implements RecordFilter {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LO = 0x0101010101010101L;
    private static final long HI = 0x8080808080808080L;

    /** Literal and its anchor byte. The JDK's "Cannot reserve …" message is caught by its OutOfMemoryError class. */
    private static final String[][] LITERALS = {
        {"LEAK: ", "K"},
        {"An exceptionCaught() event was fired", "("},
        {"OutOfDirectMemoryError", "M"},
        {"OutOfMemoryError", "M"},
        {"Direct buffer memory", "D"},
        {"Discarded inbound message", "D"},
        {"Discarded message pipeline", "D"},
        {"-Dio.", "D"},
        {"Starting ", "S"},
    };
    private static final byte[] SUPPRESSED = "Suppressed: ".getBytes(StandardCharsets.US_ASCII);

    /** For each anchor byte: the literals containing it and the anchor's offset inside each. */
    private final byte[][][] literalsByAnchor = new byte[256][][];
    private final int[][] offsetsByAnchor = new int[256][];
    /** The byte every literal has right after this anchor, or -1: rejects most false hits ("Device") at once. */
    private final int[] nextByte = new int[256];

    NettyRecordFilter() {
        java.util.Arrays.fill(nextByte, -2);
        for (String[] entry : LITERALS) {
            byte[] bytes = entry[0].getBytes(StandardCharsets.US_ASCII);
            int anchor = entry[1].charAt(0);
            byte[][] old = literalsByAnchor[anchor];
            int n = old == null ? 0 : old.length;
            byte[][] grown = old == null ? new byte[1][] : java.util.Arrays.copyOf(old, n + 1);
            int[] offsets = old == null ? new int[1] : java.util.Arrays.copyOf(offsetsByAnchor[anchor], n + 1);
            grown[n] = bytes;
            offsets[n] = entry[0].indexOf(entry[1].charAt(0));
            literalsByAnchor[anchor] = grown;
            offsetsByAnchor[anchor] = offsets;
            int after = offsets[n] + 1 < bytes.length ? bytes[offsets[n] + 1] : -1;
            nextByte[anchor] = nextByte[anchor] == -2 || nextByte[anchor] == after ? after : -1;
        }
    }

    @Override
    public boolean interesting(byte[] b, int from, int to) {
        if (from < to && (b[from] == '\t' || b[from] == ' ')) {
            int k = from;
            while (k < to && (b[k] == '\t' || b[k] == ' ')) {
                k++;
            }
            if (!regionMatches(b, k, to, SUPPRESSED)) {
                return false;
            }
        }
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i);
            // One "has a zero byte" test per anchor (K ( M D S [), unrolled: this is the hot loop.
            long k = v ^ 0x4B4B4B4B4B4B4B4BL;
            long paren = v ^ 0x2828282828282828L;
            long m = v ^ 0x4D4D4D4D4D4D4D4DL;
            long d = v ^ 0x4444444444444444L;
            long s = v ^ 0x5353535353535353L;
            long bracket = v ^ 0x5B5B5B5B5B5B5B5BL;
            long hits = ((k - LO) & ~k) | ((paren - LO) & ~paren) | ((m - LO) & ~m) | ((d - LO) & ~d)
                | ((s - LO) & ~s) | ((bracket - LO) & ~bracket);
            long mask = hits & HI;
            while (mask != 0) { // each flagged byte (a few are false alarms above a real hit)
                if (checkAt(b, i + (Long.numberOfTrailingZeros(mask) >>> 3), from, to)) {
                    return true;
                }
                mask &= mask - 1;
            }
        }
        return checkRange(b, i, to, from, to);
    }

    private boolean checkRange(byte[] b, int start, int end, int from, int to) {
        for (int p = start; p < end; p++) {
            if (checkAt(b, p, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the byte at {@code p} is an anchor whose literal (which may start before p) matches. */
    private boolean checkAt(byte[] b, int p, int from, int to) {
        int c = b[p] & 0xff;
        if (c == '[') {
            return channelPrefixAt(b, p + 1, to);
        }
        byte[][] literals = literalsByAnchor[c];
        if (literals == null) {
            return false;
        }
        int next = nextByte[c];
        if (next >= 0 && (p + 1 >= to || b[p + 1] != next)) {
            return false;
        }
        int[] offsets = offsetsByAnchor[c];
        for (int k = 0; k < literals.length; k++) {
            int at = p - offsets[k];
            if (at >= from && regionMatches(b, at, to, literals[k])) {
                return true;
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
        for (int k = 0; k < literal.length; k++) {
            if (b[p + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }
}
