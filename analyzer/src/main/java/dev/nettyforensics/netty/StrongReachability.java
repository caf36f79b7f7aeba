package dev.nettyforensics.netty;

/**
 * Strong reachability on top of the heap's reachability, which follows every reference including
 * {@code java.lang.ref.Reference.referent}. An object whose dominator chain enters it through a
 * {@code referent} field is only weakly (or softly) reachable: the JVM would collect it, so a
 * buffer held that way is as lost as an unreachable one (typical: a dropped buffer still tracked by
 * {@code ResourceLeakDetector$DefaultResourceLeak}). Stateless; cost: the dominator chain length.
 */
final class StrongReachability {
    private static final int MAX_CHAIN = 64;

    private StrongReachability() {
    }

    /** True when a GC root reaches the object without passing a Reference's referent. */
    static boolean isStronglyReachable(ObjectGraph g, long objectId) {
        if (!g.hasUnreachableObjects()) {
            return true; // a live dump: the JVM already collected what was not strongly reachable
        }
        if (!g.isReachable(objectId)) {
            return false;
        }
        long child = objectId;
        for (int i = 0; i < MAX_CHAIN; i++) {
            long parent = g.immediateDominator(child);
            if (parent == 0) {
                return true;
            }
            if ("referent".equals(g.referenceName(parent, child))) {
                return false;
            }
            child = parent;
        }
        return true;
    }
}
