package dev.nettyforensics.log;

import java.nio.charset.Charset;

/**
 * How a log file is read.
 *
 * @param charset         forced charset (the user's {@code --log-charset}), or null to detect
 * @param maxLineBytes    longer lines are cut here and the rest skipped, with a diagnostic
 * @param maxRecordBytes  a record's text is kept up to this size (the rest is counted, not kept)
 * @param maxRecordLines  a record's lines are kept up to this count
 * @param maxContentBytes stop after this many content bytes (used to peek at a file's first timestamp)
 */
public record LogReadOptions(Charset charset, int maxLineBytes, int maxRecordBytes, int maxRecordLines,
        long maxContentBytes) {
    public static final LogReadOptions DEFAULTS = new LogReadOptions(null, 1 << 20, 8 << 20, 50_000, Long.MAX_VALUE);

    public LogReadOptions {
        if (maxLineBytes < 256 || maxRecordBytes < maxLineBytes || maxRecordLines < 1 || maxContentBytes < 0) {
            throw new IllegalArgumentException("bad log read limits");
        }
    }

    public LogReadOptions withCharset(Charset forced) {
        return new LogReadOptions(forced, maxLineBytes, maxRecordBytes, maxRecordLines, maxContentBytes);
    }

    public LogReadOptions withMaxContentBytes(long max) {
        return new LogReadOptions(charset, maxLineBytes, maxRecordBytes, maxRecordLines, max);
    }
}
