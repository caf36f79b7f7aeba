package dev.nettyforensics.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders log files (a rotated set, or logs of several restarts) by the first timestamp each
 * holds, not by name: {@code gateway.log.1} is older than {@code gateway.log}, while
 * {@code app-2019-01-21.0.log.gz} sorts the other way. Files without any timestamp go last, by
 * modification time. Reads at most the first MiB of each file. Stateless and thread safe.
 */
public final class LogFileSet {
    private LogFileSet() {}

    /**
     * @param files   log files, not null
     * @param options how to read them (the charset override matters), not null
     * @return the same files, oldest first
     */
    public static List<Path> inTimeOrder(List<Path> files, LogReadOptions options) {
        record Keyed(Path file, LogTimestamp first, long modified, int index) {}
        List<Keyed> keyed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            long modified;
            try {
                modified = Files.getLastModifiedTime(f).toMillis();
            } catch (IOException e) {
                modified = Long.MAX_VALUE;
            }
            keyed.add(new Keyed(f, LogReader.peekFirstTimestamp(f, options), modified, i));
        }
        keyed.sort(Comparator.<Keyed, Boolean>comparing(k -> k.first() == null)
            .thenComparing(k -> k.first() == null ? 0L : k.first().wallMillis())
            .thenComparingLong(Keyed::modified)
            .thenComparingInt(Keyed::index));
        return keyed.stream().map(Keyed::file).toList();
    }
}
