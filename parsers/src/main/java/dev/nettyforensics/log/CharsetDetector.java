package dev.nettyforensics.log;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Guesses a log's charset from its first bytes: valid UTF-8 (the default), else GB18030 (a
 * superset of GBK, common on Chinese gateways) when the high bytes pair up as GBK double-byte
 * characters, else ISO-8859-1 (every byte is a character, so nothing is lost). A UTF-8 file with a
 * few corrupt bytes stays UTF-8. Stateless and thread safe.
 */
final class CharsetDetector {
    static final Charset GB18030 = Charset.forName("GB18030");

    private CharsetDetector() {}

    /** @return the charset and how many bytes of the sample were not valid in it */
    static Detected detect(byte[] b, int from, int to) {
        int utf8Sequences = 0;
        int utf8Invalid = 0;
        int high = 0;
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            high++;
            int n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
            if (c > 0xf4) {
                n = -1;
            }
            if (n < 0) {
                utf8Invalid++;
                i++;
                continue;
            }
            if (i + n >= to) {
                break; // a sequence cut by the end of the sample
            }
            boolean ok = true;
            for (int k = 1; k <= n; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                utf8Sequences++;
                i += n + 1;
            } else {
                utf8Invalid++;
                i++;
            }
        }
        if (high == 0 || utf8Invalid == 0) {
            return new Detected(StandardCharsets.UTF_8, 0);
        }
        if (utf8Sequences > 0 && utf8Invalid * 10 <= utf8Sequences) {
            return new Detected(StandardCharsets.UTF_8, utf8Invalid);
        }
        int gbPairs = 0;
        int gbInvalid = 0;
        i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            if (c >= 0x81 && c <= 0xfe && i + 1 < to) {
                int t = b[i + 1] & 0xff;
                if (t >= 0x40 && t <= 0xfe && t != 0x7f) {
                    gbPairs++;
                    i += 2;
                    continue;
                }
                if (t >= 0x30 && t <= 0x39 && i + 3 < to) { // GB18030 four-byte form
                    gbPairs++;
                    i += 4;
                    continue;
                }
            }
            gbInvalid++;
            i++;
        }
        if (gbPairs > 0 && gbInvalid * 20 <= gbPairs) {
            return new Detected(GB18030, gbInvalid);
        }
        return new Detected(StandardCharsets.ISO_8859_1, 0);
    }

    /** The guess and how many sample bytes did not fit it. */
    record Detected(Charset charset, int invalidBytes) {}
}
