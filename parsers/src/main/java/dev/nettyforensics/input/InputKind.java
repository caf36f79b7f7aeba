package dev.nettyforensics.input;

/** What an input file is, judged by its content (never by its name). */
public enum InputKind {
    /** Starts with an HPROF header ({@code JAVA PROFILE 1.0.x}), plain or inside gzip. */
    HEAP_DUMP,
    /** Readable as text: a log, plain or gzipped, in any charset. */
    LOG,
    /** Neither: binary data of another kind, or nothing at all. */
    UNRECOGNISED
}
