package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofType;
import java.util.Objects;

/**
 * An instance field as laid out in INSTANCE DUMP values.
 *
 * @param name           field name, not null
 * @param type           value type, not null
 * @param offset         position of the value within an instance's values (the declaring
 *                       class's fields come first, then its superclass's, and so on)
 * @param declaringClass name of the class that declares it, not null
 */
public record HeapField(String name, HprofType type, int offset, String declaringClass) {
    public HeapField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(declaringClass, "declaringClass");
    }
}
