package dev.nettyforensics.netty;

import java.util.List;

/** Reads {@code java.nio.Bits} statics: upper-case names on JDK 11+, lower-case on 8 (plain or atomic). */
final class JdkBitsReader {
    private JdkBitsReader() {
    }

    static JdkDirectMemory read(ObjectGraph g, List<ModelDiagnostic> diagnostics) {
        long[] ids = g.classIds("java.nio.Bits");
        if (ids.length == 0) {
            diagnostics.add(ModelDiagnostic.info("java.nio.Bits is not in the dump; JDK direct-memory figures unknown"));
            return JdkDirectMemory.UNKNOWN;
        }
        long bits = ids[0];
        return new JdkDirectMemory(
                read(g, bits, "COUNT", "count"),
                read(g, bits, "TOTAL_CAPACITY", "totalCapacity"),
                read(g, bits, "RESERVED_MEMORY", "reservedMemory"),
                read(g, bits, "MAX_MEMORY", "maxMemory"));
    }

    private static long read(ObjectGraph g, long bits, String upper, String lower) {
        for (String name : new String[] {upper, lower}) {
            Long primitive = g.staticNumber(bits, name);
            if (primitive != null) {
                return primitive;
            }
            Long counter = Counters.read(g, g.staticRef(bits, name));
            if (counter != null) {
                return counter;
            }
        }
        return -1;
    }
}
