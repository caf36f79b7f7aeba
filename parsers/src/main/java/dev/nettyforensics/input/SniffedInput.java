package dev.nettyforensics.input;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The verdict of {@link InputSniffer} on one file.
 *
 * @param path    the file, not null
 * @param kind    what its content is, not null
 * @param gzipped whether the content sits inside gzip
 * @param reason  why the file was not recognised (empty for recognised inputs), not null
 */
public record SniffedInput(Path path, InputKind kind, boolean gzipped, String reason) {
    public SniffedInput {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean recognised() {
        return kind != InputKind.UNRECOGNISED;
    }
}
