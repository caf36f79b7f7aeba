package dev.nettyforensics.hprof;

import java.io.IOException;

/**
 * The bytes of a dump do not follow the HPROF format. The message starts lower-case and ends with
 * the offset, so a caller can prefix the file name and print one line.
 */
public final class HprofFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public HprofFormatException(String message, long offset) {
        super(message + " at offset 0x" + Long.toHexString(offset) + " (" + offset + ")");
        this.offset = offset;
    }

    /** Offset in the (decompressed) dump where the problem was found. */
    public long offset() {
        return offset;
    }
}
