package dev.nettyforensics.log;

import java.util.Objects;

/**
 * Something the reader skipped, capped or guessed, reported instead of thrown (DESIGN §7).
 *
 * @param severity {@code "info"}, {@code "warning"} or {@code "error"}, not null
 * @param message  one sentence naming the file and the line or offset, not null
 */
public record LogDiagnostic(String severity, String message) {
    public LogDiagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static LogDiagnostic info(String message) {
        return new LogDiagnostic("info", message);
    }

    public static LogDiagnostic warning(String message) {
        return new LogDiagnostic("warning", message);
    }
}
