package dev.nettyforensics.testing;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Dumps the test JVM's own heap (live objects only), as Shark's JvmTestHeapDumper does. */
public final class SelfDump {
    private SelfDump() {}

    /** Writes a live heap dump of this JVM to {@code file} (replacing it) and returns it. */
    public static Path dump(Path file) {
        try {
            Files.deleteIfExists(file);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
