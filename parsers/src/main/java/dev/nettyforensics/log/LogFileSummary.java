package dev.nettyforensics.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading one log file found, besides its records. Immutable.
 *
 * @param file           the file, not null
 * @param sizeBytes      its size on disk
 * @param gzip           whether its content is gzip-compressed (judged by magic bytes)
 * @param truncated      true when gzip content ended early or reading stopped at a limit
 * @param charset        the charset used (forced or detected), not null
 * @param envelope       {@code "docker-json"}, {@code "cri"} or {@code "none"}, not null
 * @param headerShapes   how many records started with each header shape, by {@link HeaderShape#label()}, not null
 * @param layoutChanges  line numbers where the header shape changed from the one before (restarts with another
 *                       layout), not null
 * @param contentBytes   content bytes read (after decompression)
 * @param lines          physical lines read
 * @param records        records split
 * @param materialised   records handed to the sink
 * @param first          earliest header timestamp, or null
 * @param last           latest header timestamp, or null
 * @param diagnostics    what was skipped, capped or guessed, not null
 */
public record LogFileSummary(Path file, long sizeBytes, boolean gzip, boolean truncated, String charset,
        String envelope, Map<String, Long> headerShapes, List<Long> layoutChanges, long contentBytes, long lines,
        long records, long materialised, LogTimestamp first, LogTimestamp last, List<LogDiagnostic> diagnostics) {
    public LogFileSummary {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(envelope, "envelope");
        headerShapes = Map.copyOf(headerShapes);
        layoutChanges = List.copyOf(layoutChanges);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The header shape most timestamped records started with, or {@code "no header"} when none had one. */
    public String dominantLayout() {
        return headerShapes.entrySet().stream()
            .filter(e -> !e.getKey().equals(HeaderShape.NONE.label()))
            .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey).orElse(HeaderShape.NONE.label());
    }
}
