package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The declaring class of each frame of a {@code Throwable}, decoded from HotSpot's VM-private
 * {@code Throwable.backtrace}. The JVM fills the backtrace when the throwable is created; the public
 * {@code stackTrace} stays the empty sentinel until someone calls {@code getStackTrace()}, so for
 * Netty's leak records that were never printed the backtrace is the only trace in the heap.
 *
 * <p>The backtrace is a chain of {@code Object[]} chunks of 32 frames each (HotSpot
 * {@code javaClasses.hpp}, {@code java_lang_Throwable::trace_*_offset}):
 * <ul>
 *   <li>JDK 8u: {@code [methods short[], bcis int[], mirrors Object[], cprefs short[], next]};</li>
 *   <li>JDK 9 to 14 (read at 11u): {@code [methods, bcis, mirrors, names (Symbol* as long[]/int[]), next]};</li>
 *   <li>JDK 15 to 20 (seen in 17 dumps): {@code [methods, bcis, mirrors, names, next, hidden]};</li>
 *   <li>JDK 21 and later (read at 21u): {@code [methods, bcis, mirrors, names, conts Object[32], next, hidden]}.</li>
 * </ul>
 * The mirrors ({@code java.lang.Class} objects, innermost frame first, null after the last frame)
 * are always at index 2. Method ids and name symbols point into metaspace, which a heap dump does
 * not hold, so frames decode to classes only. The next chunk is found by shape (an {@code Object[]}
 * as long as this chunk whose first slot is a {@code short[]}), not by index, so all layouts read
 * alike; anything else (another VM, a damaged dump) decodes to an empty list. Stateless; cost:
 * O(frames).
 */
final class ThrowableBacktrace {
    static final int MAX_FRAMES = 64;
    private static final int MIRRORS = 2;
    private static final int MAX_CHUNKS = 16;

    private ThrowableBacktrace() {
    }

    /** Declaring classes of the throwable's frames, innermost first, at most {@link #MAX_FRAMES}; empty when none. */
    static List<String> declaringClasses(ObjectGraph g, long throwable) {
        List<String> classes = new ArrayList<>();
        long chunk = g.ref(throwable, "backtrace");
        Set<Long> seen = new HashSet<>();
        while (chunk != 0 && seen.add(chunk) && seen.size() <= MAX_CHUNKS && classes.size() < MAX_FRAMES) {
            long[] slots = g.objectArray(chunk);
            if (!isChunk(g, slots)) {
                break;
            }
            for (long mirror : g.objectArray(slots[MIRRORS])) {
                if (mirror == 0 || classes.size() >= MAX_FRAMES) {
                    return classes; // null ends the frames
                }
                String name = g.mirroredClassName(mirror);
                if (name == null) {
                    return classes;
                }
                classes.add(name);
            }
            chunk = nextChunk(g, slots);
        }
        return classes;
    }

    /** Method ids ({@code short[]}), bcis ({@code int[]}) and mirrors ({@code Object[]}) in the first three slots. */
    private static boolean isChunk(ObjectGraph g, long[] slots) {
        return slots.length > MIRRORS + 1 && isPrimitiveArray(g, slots[0]) && g.intArray(slots[1]) != null
                && "[Ljava.lang.Object;".equals(g.classNameOf(slots[MIRRORS]));
    }

    /** Dumps name primitive array classes ({@code [S}) or leave them unnamed; object arrays are always named. */
    private static boolean isPrimitiveArray(ObjectGraph g, long id) {
        String name = g.classNameOf(id);
        return g.arrayLength(id) >= 0 && (name == null || name.length() == 2 && name.charAt(0) == '[');
    }

    private static long nextChunk(ObjectGraph g, long[] slots) {
        for (int i = MIRRORS + 1; i < slots.length; i++) {
            long candidate = slots[i];
            if (candidate != 0 && g.arrayLength(candidate) == slots.length
                    && "[Ljava.lang.Object;".equals(g.classNameOf(candidate))
                    && isChunk(g, g.objectArray(candidate))) {
                return candidate;
            }
        }
        return 0;
    }
}
