package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.Objects;

/**
 * A static field with the value the class dump recorded.
 *
 * @param name     field name, not null (HotSpot adds pseudo fields such as {@code <resolved_references>})
 * @param type     value type, not null
 * @param rawValue the value's bits: an object id for references (0 = null), sign-extended
 *                 integers, {@link Float#intBitsToFloat}/{@link Double#longBitsToDouble} bits
 */
public record HeapStaticField(String name, HprofType type, long rawValue) {
    public HeapStaticField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
