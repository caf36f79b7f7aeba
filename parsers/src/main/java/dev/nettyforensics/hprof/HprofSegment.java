package dev.nettyforensics.hprof;

/**
 * One HEAP DUMP or HEAP DUMP SEGMENT record, located but not yet decoded.
 *
 * @param recordOffset where the record (its tag) starts
 * @param bodyOffset   where its sub-records start
 * @param endOffset    where its body ends (the file's end when {@code cut})
 * @param cut          the record runs past the end of the file (a truncated dump)
 */
public record HprofSegment(long recordOffset, long bodyOffset, long endOffset, boolean cut) {
    /** Body length in bytes. */
    public long length() {
        return endOffset - bodyOffset;
    }
}
