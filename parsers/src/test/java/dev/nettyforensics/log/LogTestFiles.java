package dev.nettyforensics.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads test resources and collects every record of a file. */
final class LogTestFiles {
    private LogTestFiles() {}

    static Path resource(String name, Path dir) {
        try (InputStream in = LogTestFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = LogTestFiles.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Read(LogFileSummary summary, List<LogRecord> records) {}

    static Read readAll(Path file) throws IOException {
        return readAll(file, LogReadOptions.DEFAULTS);
    }

    static Read readAll(Path file, LogReadOptions options) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        LogFileSummary s = LogReader.read(file, options, RecordFilter.ALL, records::add);
        return new Read(s, records);
    }
}
