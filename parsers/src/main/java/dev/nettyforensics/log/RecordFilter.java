package dev.nettyforensics.log;

/**
 * Decides on raw bytes, before any {@code String} is made, whether a record is worth
 * materialising. The reader calls it once per line until it says yes for the record, so it must be
 * cheap (a literal pre-check, no regular expression): it runs on every line of the log.
 *
 * <p>Implementations must be thread safe if one instance is shared between readers.
 */
@FunctionalInterface
public interface RecordFilter {
    /** Materialises every record: tests and small inputs only. */
    RecordFilter ALL = (bytes, from, to) -> true;

    /**
     * @param bytes the buffer holding the line (ASCII-compatible encoding: UTF-8, GBK, GB18030, ISO-8859-1)
     * @param from  first byte of the line
     * @param to    end of the line, exclusive, without the line terminator
     * @return true to keep the record this line belongs to
     */
    boolean interesting(byte[] bytes, int from, int to);
}
