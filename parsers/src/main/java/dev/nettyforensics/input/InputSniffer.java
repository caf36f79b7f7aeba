package dev.nettyforensics.input;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Recognises heap dumps and logs by their first bytes, so users can pass inputs in any order and
 * with any names ({@code dump.bin}, {@code gateway.log.3.gz}).
 *
 * <p>Reads at most {@value #SAMPLE_BYTES} bytes of (decompressed) content per file; never writes.
 * Stateless and thread safe.
 */
public final class InputSniffer {
    /** How much content is looked at to decide between text and binary. */
    public static final int SAMPLE_BYTES = 64 * 1024;

    private static final byte[] HPROF_MAGIC = "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);

    private InputSniffer() {}

    /**
     * Classifies one regular file.
     *
     * @param file a regular file, not null
     * @return the verdict, not null
     * @throws IOException if the file cannot be opened or read at all
     */
    public static SniffedInput sniff(Path file) throws IOException {
        byte[] head = readPrefix(file, 2);
        if (head.length == 0) {
            return new SniffedInput(file, InputKind.UNRECOGNISED, false, "file is empty");
        }
        boolean gzipped = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        byte[] sample;
        try {
            sample = gzipped ? readGzipPrefix(file) : readPrefix(file, SAMPLE_BYTES);
        } catch (ZipException e) {
            return new SniffedInput(file, InputKind.UNRECOGNISED, true, "corrupt gzip data (" + e.getMessage() + ")");
        }
        if (startsWith(sample, HPROF_MAGIC)) {
            return new SniffedInput(file, InputKind.HEAP_DUMP, gzipped, "");
        }
        if (sample.length == 0) {
            return new SniffedInput(file, InputKind.UNRECOGNISED, gzipped, "gzip member holds no data");
        }
        String whyNotText = whyNotText(sample);
        if (whyNotText != null) {
            return new SniffedInput(file, InputKind.UNRECOGNISED, gzipped, whyNotText);
        }
        return new SniffedInput(file, InputKind.LOG, gzipped, "");
    }

    /**
     * Text logs may be UTF-8, GBK, Latin-1 or carry ANSI colours, so bytes >= 0x80 and ESC are
     * fine. A log from a crashed machine often holds blocks of NUL bytes (file system damage), so
     * NUL runs are tolerated as long as the rest reads as lines of text; NUL bytes scattered
     * through the data, or a high share of other control characters, mean binary (images, class
     * files, archives). UTF-16 text with a byte-order mark counts as text.
     */
    private static String whyNotText(byte[] sample) {
        if (sample.length >= 2 && ((sample[0] & 0xff) == 0xfe && (sample[1] & 0xff) == 0xff
                || (sample[0] & 0xff) == 0xff && (sample[1] & 0xff) == 0xfe)) {
            return null;
        }
        if (sample.length >= 8 && (sample[0] & 0xff) == 0x89 && sample[1] == 'P' && sample[2] == 'N' && sample[3] == 'G') {
            return "a PNG image, neither a heap dump nor a log";
        }
        int control = 0;
        int nul = 0;
        int nulRuns = 0;
        int newlines = 0;
        boolean inNulRun = false;
        for (byte b : sample) {
            int c = b & 0xff;
            if (c == 0) {
                nul++;
                if (!inNulRun) {
                    nulRuns++;
                    inNulRun = true;
                }
                continue;
            }
            inNulRun = false;
            if (c == '\n') {
                newlines++;
            } else if (c < 0x20 && c != '\r' && c != '\t' && c != 0x1b && c != '\f') {
                control++;
            }
        }
        int textBytes = sample.length - nul;
        if (textBytes == 0) {
            return "only NUL bytes, neither a heap dump nor a log";
        }
        if (control * 100L > textBytes) {
            return "binary content, neither a heap dump nor a log";
        }
        // Damage shows as a few long runs inside line-structured text; binary formats scatter NULs.
        if (nul > 0 && (newlines == 0 || nulRuns * 256L > textBytes)) {
            return "binary content (NUL bytes), neither a heap dump nor a log";
        }
        return null;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readPrefix(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }

    /** A truncated gzip (a crash mid-write) still yields its first bytes: keep what was inflated. */
    private static byte[] readGzipPrefix(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] buf = new byte[SAMPLE_BYTES];
            int n = 0;
            try {
                while (n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
            } catch (EOFException truncated) {
                // keep what we have
            }
            return java.util.Arrays.copyOf(buf, n);
        }
    }
}
