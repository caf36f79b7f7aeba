package dev.nettyforensics.netty;

/**
 * How a Netty version stores {@code refCnt} in {@code AbstractReferenceCountedByteBuf} (and in the
 * adaptive allocator's {@code Chunk}). Thread safe (an enum).
 */
public enum RefCountEncoding {
    /** Up to 4.1.31: the raw value is the count; 0 means released. */
    PLAIN,
    /**
     * From 4.1.32 on: an even raw value means real count {@code raw >>> 1}; an odd one means released
     * (the final release writes 1). See {@code io.netty.util.internal.ReferenceCountUpdater.realRefCnt}.
     */
    EVEN_ODD;

    /**
     * The raw {@code refCnt} of a buffer or adaptive chunk, or null when it has none: an int field up
     * to 4.2.7 and in 4.1, a {@code io.netty.util.internal.RefCnt} object holding it in {@code value}
     * from 4.2.8 on (same even/odd encoding).
     */
    static Long readRaw(ObjectGraph g, long object) {
        Long raw = g.number(object, "refCnt");
        if (raw != null) {
            return raw;
        }
        long box = g.ref(object, "refCnt");
        return box == 0 ? null : g.number(box, "value");
    }

    /** The real reference count; 0 for a released object, never negative. */
    public int realCount(int raw) {
        if (this == PLAIN) {
            return Math.max(raw, 0);
        }
        return (raw & 1) != 0 ? 0 : raw >>> 1;
    }

    /** True when the object still holds its memory (real count above 0). */
    public boolean isLive(int raw) {
        return realCount(raw) > 0;
    }
}
