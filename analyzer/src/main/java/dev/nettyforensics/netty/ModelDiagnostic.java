package dev.nettyforensics.netty;

/**
 * Something the model could not read or found surprising; the analysis goes on with partial
 * results. Never contains heap strings or buffer contents. Immutable.
 *
 * @param severity {@code info}, {@code warning} or {@code error}
 * @param message  one sentence
 */
public record ModelDiagnostic(String severity, String message) {
    public static ModelDiagnostic info(String message) {
        return new ModelDiagnostic("info", message);
    }

    public static ModelDiagnostic warning(String message) {
        return new ModelDiagnostic("warning", message);
    }
}
