package dev.nettyforensics.cli;

import java.nio.file.Path;

/**
 * An input the user named cannot be used at all. Reported as one line and exit code 3, never as a
 * stack trace. The message starts lower-case so it reads well after the path.
 */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String input;

    public BadInputException(String input, String message) {
        super(message);
        this.input = input;
    }

    public BadInputException(Path input, String message) {
        this(input.toString(), message);
    }

    /** The input as the user wrote it (or the file found under it), not null. */
    public String input() {
        return input;
    }

    /** The one line printed to stderr. */
    public String oneLine() {
        return input + ": " + getMessage();
    }
}
