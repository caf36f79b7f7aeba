package dev.nettyforensics.netty;

/** DESIGN §4 "Buffer state". */
public enum BufferState {
    /** Real refCnt above 0 and reachable from GC roots. */
    LIVE,
    /** Real refCnt 0 (e.g. a shell waiting in a Recycler); holds no memory. */
    RELEASED,
    /** Real refCnt above 0 but unreachable: only in non-live dumps; a proven leak. */
    UNREACHABLE_LIVE;

    /** The lower-case name used in reports, e.g. {@code unreachable-live}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
