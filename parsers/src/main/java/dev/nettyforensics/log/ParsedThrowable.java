package dev.nettyforensics.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A throwable rebuilt from its printed form: type, message, frames (with {@code ... N more}
 * rebuilt), cause chain and suppressed throwables. Immutable.
 *
 * @param className    the exception's class as printed, not null
 * @param message      the message (may span lines), or null when none was printed
 * @param frames       printed and rebuilt frames, top first; not null
 * @param elidedFrames frames the layout left out and that cannot be rebuilt ({@code [N skipped]},
 *                     {@code ... suppressed N lines}, {@code ... N frames truncated})
 * @param cause        the cause, or null
 * @param suppressed   suppressed throwables, not null
 * @param circular     true for a {@code [CIRCULAR REFERENCE: …]} placeholder
 */
public record ParsedThrowable(String className, String message, List<StackFrame> frames, int elidedFrames,
        ParsedThrowable cause, List<ParsedThrowable> suppressed, boolean circular) {
    public ParsedThrowable {
        Objects.requireNonNull(className, "className");
        frames = List.copyOf(frames);
        suppressed = List.copyOf(suppressed);
    }

    /** The innermost cause (this throwable when it has none). */
    public ParsedThrowable rootCause() {
        ParsedThrowable t = this;
        int guard = 0;
        while (t.cause != null && guard++ < 1000) {
            t = t.cause;
        }
        return t;
    }

    /** This throwable and its causes, outermost first. */
    public List<ParsedThrowable> chain() {
        List<ParsedThrowable> chain = new ArrayList<>();
        for (ParsedThrowable t = this; t != null && chain.size() < 1000; t = t.cause) {
            chain.add(t);
        }
        return chain;
    }

    /** This throwable, its causes and every suppressed throwable below them, depth first. */
    public List<ParsedThrowable> all() {
        List<ParsedThrowable> all = new ArrayList<>();
        collect(this, all);
        return all;
    }

    private static void collect(ParsedThrowable t, List<ParsedThrowable> into) {
        if (t == null || into.size() > 10_000) {
            return;
        }
        into.add(t);
        for (ParsedThrowable s : t.suppressed) {
            collect(s, into);
        }
        collect(t.cause, into);
    }
}
