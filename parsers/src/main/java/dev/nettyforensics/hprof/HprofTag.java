package dev.nettyforensics.hprof;

/**
 * Top-level record tags. Records with tags not listed here are skipped by their length and
 * reported through {@link HprofVisitor#onUnknownRecord}.
 */
public enum HprofTag {
    UTF8(0x01),
    LOAD_CLASS(0x02),
    UNLOAD_CLASS(0x03),
    STACK_FRAME(0x04),
    STACK_TRACE(0x05),
    ALLOC_SITES(0x06),
    HEAP_SUMMARY(0x07),
    START_THREAD(0x0A),
    END_THREAD(0x0B),
    /** Format 1.0.1: the whole heap in one record. Parsed like a segment. */
    HEAP_DUMP(0x0C),
    CPU_SAMPLES(0x0D),
    CONTROL_SETTINGS(0x0E),
    /** Format 1.0.2: the heap split into segments, since one record's u4 length caps at 4 GiB. */
    HEAP_DUMP_SEGMENT(0x1C),
    HEAP_DUMP_END(0x2C);

    private static final HprofTag[] BY_CODE = new HprofTag[256];

    static {
        for (HprofTag t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    HprofTag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The tag for a u1 code, or null when unknown. */
    public static HprofTag ofCode(int code) {
        return BY_CODE[code & 0xff];
    }
}
