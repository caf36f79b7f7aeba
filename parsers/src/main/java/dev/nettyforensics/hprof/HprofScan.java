package dev.nettyforensics.hprof;

import java.util.List;

/**
 * What one pass over a dump saw.
 *
 * @param bytesRead   offset just after the last complete record (the header included)
 * @param truncated   the file ends inside a record (salvaged up to {@code truncatedAt})
 * @param truncatedAt offset where usable data ends, or -1 when not truncated
 * @param diagnostics what was skipped (default mode), in file order, not null, immutable
 */
public record HprofScan(long bytesRead, boolean truncated, long truncatedAt, List<HprofDiagnostic> diagnostics) {
    public HprofScan {
        diagnostics = List.copyOf(diagnostics);
    }
}
