package dev.nettyforensics.netty;

/**
 * {@code java.nio.Bits} figures: what the JDK counts for {@code ByteBuffer.allocateDirect}
 * (and what {@code BufferPoolMXBean "direct"} reports). Netty's no-cleaner memory is not in here.
 * Any figure is -1 when the dump does not hold it. Immutable.
 *
 * @param count              live cleaner-backed direct buffers
 * @param totalCapacityBytes Σ their capacities (checked against the limit)
 * @param reservedBytes      bytes reserved (page-aligned when that flag is on)
 * @param maxBytes           the JVM's direct-memory limit
 */
public record JdkDirectMemory(long count, long totalCapacityBytes, long reservedBytes, long maxBytes) {
    public static final JdkDirectMemory UNKNOWN = new JdkDirectMemory(-1, -1, -1, -1);
}
