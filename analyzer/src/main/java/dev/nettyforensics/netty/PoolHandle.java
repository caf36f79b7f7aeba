package dev.nettyforensics.netty;

/**
 * Decodes the {@code long handle} of a pooled allocation. Two layouts exist:
 * <ul>
 *   <li><b>buddy tree</b> (Netty 4.1.51 and older): low 32 bits are the {@code memoryMap} node id;
 *       a subpage element has bit 62 set and its element index in bits 32..61
 *       ({@code PoolSubpage.toHandle} at 4.1.36);</li>
 *   <li><b>runs</b> (4.1.52 and newer): {@code runOffset(15) | pages(15) | isUsed(1) | isSubpage(1) |
 *       bitmapIdx(32)} from the top bit down ({@code PoolChunk.RUN_OFFSET_SHIFT} etc. at 4.1.128).</li>
 * </ul>
 * {@code -1} means released (the buffer shell sits in a Recycler); {@code 0} marks a huge (unpooled)
 * chunk's single allocation in the run layout. Static helpers only; thread safe.
 */
public final class PoolHandle {
    private PoolHandle() {
    }

    /** A handle of a buffer that still holds memory (not the released marker). */
    public static boolean isAllocated(long handle) {
        return handle >= 0;
    }

    // ---- buddy tree (<= 4.1.51) ----

    /** The {@code memoryMap} node id of a buddy-tree handle. */
    public static int buddyNodeId(long handle) {
        return (int) handle;
    }

    /** True when a buddy-tree handle points at an element inside a subpage. */
    public static boolean buddyIsSubpage(long handle) {
        return (int) (handle >>> 32) != 0;
    }

    /** The element index inside the subpage of a buddy-tree subpage handle. */
    public static int buddySubpageElement(long handle) {
        return (int) (handle >>> 32) & 0x3FFFFFFF;
    }

    // ---- runs (>= 4.1.52) ----

    /** Page index of the run inside its chunk. */
    public static int runOffset(long handle) {
        return (int) (handle >>> 49);
    }

    /** Length of the run in pages. */
    public static int runPages(long handle) {
        return (int) (handle >>> 34) & 0x7fff;
    }

    /** True when the run is marked in use. */
    public static boolean runIsUsed(long handle) {
        return ((handle >>> 33) & 1) == 1;
    }

    /** True when the handle points at an element of a subpage. */
    public static boolean runIsSubpage(long handle) {
        return ((handle >>> 32) & 1) == 1;
    }

    /** The element index inside the subpage. */
    public static int runBitmapIndex(long handle) {
        return (int) handle;
    }
}
