package dev.nettyforensics.hprof;

import java.util.Objects;

/**
 * Something odd found in a dump and skipped (default mode) rather than failing the run.
 *
 * @param offset  where in the (decompressed) dump, or -1 when not tied to a place
 * @param message lower-case, one line, never includes heap content, not null
 */
public record HprofDiagnostic(long offset, String message) {
    public HprofDiagnostic {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return offset < 0 ? message : message + " at offset 0x" + Long.toHexString(offset);
    }
}
