package dev.nettyforensics.hprof;

/**
 * How forgiving reading is.
 *
 * @param strict stop at the first malformed record with an {@link HprofFormatException} (file
 *               offset in the message) instead of skipping it and recording a diagnostic.
 *               Truncation at the end of a file is never an error: every complete record is
 *               salvaged in both modes.
 */
public record HprofOptions(boolean strict) {
    /** Skip what cannot be read and list it in diagnostics. */
    public static final HprofOptions DEFAULT = new HprofOptions(false);
    /** Stop at the first malformed record. */
    public static final HprofOptions STRICT = new HprofOptions(true);
}
