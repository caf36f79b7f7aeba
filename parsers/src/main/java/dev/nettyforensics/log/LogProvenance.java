package dev.nettyforensics.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a record starts, so every finding can point back at the evidence.
 *
 * @param file       the log file, not null
 * @param line       1-based line number of the record's first line
 * @param byteOffset offset of that line in the file's (decompressed) content
 */
public record LogProvenance(Path file, long line, long byteOffset) {
    public LogProvenance {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
