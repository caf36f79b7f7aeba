package dev.nettyforensics.netty;

import java.util.List;

/**
 * The Netty versions a heap is consistent with, as found from class and field shapes (a dump holds
 * no version string). Versions are ordered 4.1.0 &lt; ... &lt; 4.1.x &lt; 4.2.0 &lt; ...; each bound is
 * encoded as {@code minor * 1000 + patch} with major 4 implied, e.g. 4.1.36 is 1036, 4.2.7 is 2007.
 * Immutable and thread safe.
 *
 * @param lowest   lowest consistent version code (inclusive)
 * @param highest  highest consistent version code (inclusive); {@link #OPEN} when unbounded
 * @param evidence the observations that set the bounds, in a stable order; never null
 */
public record NettyVersionRange(int lowest, int highest, List<String> evidence) {
    /** Upper bound when nothing limits it. */
    public static final int OPEN = 9999;
    /** The oldest version the rules know: 4.1.0. */
    public static final int OLDEST = 1000;

    public NettyVersionRange {
        evidence = List.copyOf(evidence);
    }

    /** Encodes "4.1.36" or "4.1.36.Final" into 1036; -1 when not a 4.x.y version. */
    public static int code(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 3 || !parts[0].equals("4")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]) * 1000 + Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Prints a code as "4.1.36". */
    public static String name(int code) {
        return "4." + (code / 1000) + "." + (code % 1000);
    }

    /** True when the bounds contradict each other (a shape we do not know, or a patched Netty). */
    public boolean contradictory() {
        return lowest > highest;
    }

    /** True when {@code version} (e.g. "4.1.36.Final") lies inside the range. */
    public boolean contains(String version) {
        int c = code(version);
        return c >= lowest && c <= highest;
    }

    /** How pooled chunks track their pages in this range; {@code null} when it spans both or is contradictory. */
    public ChunkLayout chunkLayout() {
        if (contradictory()) {
            return null;
        }
        if (highest <= 1051) {
            return ChunkLayout.BUDDY_TREE;
        }
        if (lowest >= 1052) {
            return ChunkLayout.RUNS;
        }
        return null;
    }

    /** The refCnt encoding; even/odd unless the range lies entirely before 4.1.32 (and is consistent). */
    public RefCountEncoding refCountEncoding() {
        return highest <= 1031 && !contradictory() ? RefCountEncoding.PLAIN : RefCountEncoding.EVEN_ODD;
    }

    /** True when the range holds versions on both sides of 4.1.32's refCnt encoding change, so shapes cannot tell it. */
    public boolean spansRefCountChange() {
        return !contradictory() && lowest <= 1031 && highest >= 1032;
    }

    /** Human-readable, e.g. "4.1.35 to 4.1.51", "4.2.5 or newer", "unknown". */
    public String describe() {
        if (contradictory()) {
            return "unknown (contradictory shapes)";
        }
        if (lowest == highest) {
            return name(lowest);
        }
        if (highest == 1999 && lowest >= OLDEST) {
            return name(lowest) + " or a newer 4.1";
        }
        if (highest >= OPEN) {
            return lowest <= OLDEST ? "unknown" : name(lowest) + " or newer";
        }
        return name(Math.max(lowest, OLDEST)) + " to " + name(highest);
    }

    /** Pool chunk page tracking. */
    public enum ChunkLayout {
        /** memoryMap/depthMap buddy tree, 4.1.51 and older. */
        BUDDY_TREE,
        /** runsAvail/handle-encoded runs, 4.1.52 and newer. */
        RUNS
    }
}
