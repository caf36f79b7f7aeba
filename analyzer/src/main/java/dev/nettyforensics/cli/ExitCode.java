package dev.nettyforensics.cli;

/** Process exit codes, as listed in {@code --help} and DESIGN.md §2. */
public enum ExitCode {
    /** Analysis finished; see the report. */
    OK(0),
    /** A bug: stack trace printed with a "please report" hint. */
    INTERNAL_ERROR(1),
    /** Bad options: message plus usage on stderr. */
    USAGE(2),
    /** Unreadable or malformed input: one line naming the file and what is wrong. */
    BAD_INPUT(3),
    /** Leaks found, only with {@code --fail-on-leak}. */
    LEAKS_FOUND(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
