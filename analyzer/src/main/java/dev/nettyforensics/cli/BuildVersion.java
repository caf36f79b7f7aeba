package dev.nettyforensics.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The tool version from a Maven-filtered resource (works from an IDE too, unlike the manifest),
 * plus the Java runtime that runs it: the first thing to ask for in a bug report.
 */
public final class BuildVersion implements IVersionProvider {
    public static final String TOOL_NAME = "netty-forensics";

    /** The tool version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from unfiltered classes. */
    public static String toolVersion() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            TOOL_NAME + " " + toolVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")",
            "Java home: " + System.getProperty("java.home"),
        };
    }
}
