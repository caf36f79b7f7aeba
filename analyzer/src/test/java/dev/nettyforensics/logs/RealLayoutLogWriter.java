package dev.nettyforensics.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Log4J2LoggerFactory;
import io.netty.util.internal.logging.Slf4JLoggerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.logstash.logback.encoder.LogstashEncoder;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.slf4j.LoggerFactory;

/**
 * A small real gateway-like program, run in its own JVM by the layout tests: real Netty (PARANOID
 * leak detection, a 16 MiB direct-memory limit) logs through a real logging library configured
 * programmatically with one layout, and the program writes what it produced to a truth file.
 *
 * <p>Usage: {@code RealLayoutLogWriter <logback-pattern|log4j2-pattern|logstash-json> <log file> <truth file>}.
 * Leaks {@link #LEAKS} buffers, each touched with its own hint so Netty reports each one (it
 * de-duplicates identical record texts), allocates until {@code OutOfDirectMemoryError} and logs it
 * once, and fires one exception to the tail of a pipeline.
 */
public final class RealLayoutLogWriter {
    static final int LEAKS = 3;

    private RealLayoutLogWriter() {}

    public static void main(String[] args) throws Exception {
        String layout = args[0];
        Path log = Path.of(args[1]);
        Path truth = Path.of(args[2]);
        configure(layout, log);
        InternalLogger app = InternalLoggerFactory.getInstance("com.acme.gw.FrameDecoder");
        Properties facts = new Properties();

        PooledByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        leak(allocator);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (countLeakLines(log, layout) < LEAKS && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            allocator.directBuffer(16).release(); // leak reports are emitted when buffers are tracked
        }
        facts.setProperty("leaks", Integer.toString(countLeakLines(log, layout)));

        List<ByteBuf> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(allocator.directBuffer(1 << 20));
            }
        } catch (OutOfMemoryError e) {
            facts.setProperty("oomClass", e.getClass().getName());
            facts.setProperty("oomMessage", String.valueOf(e.getMessage()));
            app.error("allocation failed after " + hog.size() + " buffers", e);
        } finally {
            hog.forEach(ByteBuf::release);
        }

        // A registered channel with an empty pipeline: the exception reaches DefaultChannelPipeline's tail, which
        // logs Netty's warning (EmbeddedChannel would swallow it).
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            NioSocketChannel channel = new NioSocketChannel();
            group.register(channel).sync();
            channel.pipeline().fireExceptionCaught(new IllegalStateException("bad frame"));
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        facts.setProperty("tailWarnings", "1");
        try (var out = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
            facts.store(out, "what RealLayoutLogWriter logged");
        }
        if (layout.equals("log4j2-pattern")) {
            org.apache.logging.log4j.LogManager.shutdown();
        } else {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
    }

    /** Each buffer gets a distinct hint, so each report text differs and none is de-duplicated. */
    private static void leak(PooledByteBufAllocator allocator) {
        for (int i = 0; i < LEAKS; i++) {
            ByteBuf buf = allocator.directBuffer(256);
            buf.writeInt(i);
            buf.touch("decoded frame " + i);
            buf.readInt();
        }
    }

    private static int countLeakLines(Path log, String layout) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        int n = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains("LEAK: ByteBuf.release() was not called")) {
                n++;
            }
        }
        return n;
    }

    private static void configure(String layout, Path log) {
        switch (layout) {
            case "log4j2-pattern" -> {
                ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
                b.setStatusLevel(org.apache.logging.log4j.Level.WARN);
                b.add(b.newAppender("file", "File").addAttribute("fileName", log.toString())
                    .add(b.newLayout("PatternLayout").addAttribute("pattern",
                        "%d{yyyy-MM-dd HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n")));
                b.add(b.newRootLogger(org.apache.logging.log4j.Level.INFO).add(b.newAppenderRef("file")));
                b.add(b.newLogger("io.netty", org.apache.logging.log4j.Level.DEBUG).add(b.newAppenderRef("file"))
                    .addAttribute("additivity", false));
                Configurator.initialize(b.build());
                InternalLoggerFactory.setDefaultFactory(Log4J2LoggerFactory.INSTANCE);
            }
            case "logback-pattern", "logstash-json" -> {
                LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
                context.reset();
                Encoder<ILoggingEvent> encoder;
                if (layout.equals("logstash-json")) {
                    LogstashEncoder json = new LogstashEncoder();
                    json.setContext(context);
                    json.start();
                    encoder = json;
                } else {
                    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
                    pattern.setContext(context);
                    pattern.setPattern("%d %-5level [%thread] %logger{36} - %msg%n");
                    pattern.start();
                    encoder = pattern;
                }
                FileAppender<ILoggingEvent> file = new FileAppender<>();
                file.setContext(context);
                file.setFile(log.toString());
                file.setEncoder(encoder);
                file.start();
                ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                root.setLevel(Level.INFO);
                root.addAppender(file);
                context.getLogger("io.netty").setLevel(Level.DEBUG);
                InternalLoggerFactory.setDefaultFactory(Slf4JLoggerFactory.INSTANCE);
            }
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        }
    }
}
