package dev.nettyforensics.netty;

import java.util.Objects;
import java.util.Optional;

/**
 * A class name split into the Netty copy it belongs to (its relocation prefix) and its name inside
 * Netty, e.g. {@code io.grpc.netty.shaded.io.netty.buffer.PoolChunk} is prefix
 * {@code io.grpc.netty.shaded.io.netty.} and local name {@code buffer.PoolChunk}.
 *
 * <p>Shading tools rewrite {@code io.netty.} either by prepending a package (grpc, Flink, HBase...)
 * or by replacing it (DataStax: {@code com.datastax.oss.driver.shaded.netty.}), so both the last
 * {@code io.netty.} and a trailing {@code .shaded.netty.} mark where Netty's own name starts.
 * Immutable and thread safe.
 *
 * @param prefix    the relocation prefix including its trailing dot, never null ({@code io.netty.} for plain Netty)
 * @param localName the name inside Netty, e.g. {@code buffer.PooledByteBuf}, never null
 */
public record NettyClassName(String prefix, String localName) {

    public NettyClassName {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(localName, "localName");
    }

    /** The prefix of unshaded Netty. */
    public static final String PLAIN_PREFIX = "io.netty.";

    /** Splits a JVM class name; empty when it does not look like a (possibly shaded) Netty class. Cheap. */
    public static Optional<NettyClassName> parse(String className) {
        if (className == null) {
            return Optional.empty();
        }
        int cut = -1;
        int io = className.lastIndexOf(PLAIN_PREFIX);
        if (io == 0 || (io > 0 && className.charAt(io - 1) == '.')) {
            cut = io + PLAIN_PREFIX.length();
        }
        int shaded = className.lastIndexOf(".shaded.netty.");
        if (cut < 0 && shaded > 0) {
            cut = shaded + ".shaded.netty.".length();
        }
        if (cut < 0 || cut >= className.length()) {
            return Optional.empty();
        }
        // Netty's own relocated JCTools keeps the outer prefix: io.netty.util.internal.shaded.org.jctools...
        return Optional.of(new NettyClassName(className.substring(0, cut), className.substring(cut)));
    }

    /** The full JVM class name again. */
    public String fullName() {
        return prefix + localName;
    }

    /** The simple name as a user reads it: the part after the last dot, nested classes kept with {@code $}. */
    public static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }
}
