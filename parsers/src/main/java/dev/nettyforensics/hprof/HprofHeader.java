package dev.nettyforensics.hprof;

import java.time.Instant;
import java.util.Objects;

/**
 * The fixed header of a dump: {@code "JAVA PROFILE 1.0.x\0"}, u4 identifier size, u8 milliseconds.
 *
 * @param version    the format version, e.g. {@code "1.0.2"}, not null
 * @param idSize     size of object identifiers in bytes: 4 or 8
 * @param timestamp  when the dump was taken, not null
 * @param length     number of header bytes; the first record starts there
 */
public record HprofHeader(String version, int idSize, Instant timestamp, int length) {
    public HprofHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
