package dev.nettyforensics.netty;

/**
 * What the version fingerprint may ask about one Netty copy's classes, by local name (e.g.
 * {@code buffer.PoolChunk}, nested classes with {@code $}). Implementations answer from the heap's
 * class records; a class the JVM never loaded is absent, so absence is weak evidence.
 */
public interface ShapeFacts {
    /** True when the class was loaded. */
    boolean hasClass(String localName);

    /**
     * Whether the class declares or inherits an instance field of that name; {@code null} when the
     * class itself is absent (unknown).
     */
    Boolean hasField(String localName, String field);
}
