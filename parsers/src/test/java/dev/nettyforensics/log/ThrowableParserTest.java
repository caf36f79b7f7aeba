package dev.nettyforensics.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrowableParserTest {
    @TempDir
    Path dir;

    @Test
    void causesSuppressedAndCommonFramesAreRebuiltFromTheEnclosingTrace() throws IOException {
        List<LogRecord> records = LogTestFiles.readAll(LogTestFiles.resource("throwables.log", dir)).records();
        assertThat(records).hasSize(2);
        ParsedThrowable t = ThrowableParser.parseFirst(records.get(0).lines(), 0);
        assertThat(t.className()).isEqualTo("java.lang.RuntimeException");
        assertThat(t.message()).isEqualTo("wrapped");
        assertThat(t.frames()).extracting(StackFrame::qualifiedMethod)
            .containsExactly("com.acme.gw.Fmt.level2", "com.acme.gw.Fmt.main");
        assertThat(t.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.className()).isEqualTo("java.io.IOException");
            assertThat(s.frames()).hasSize(2);
        });
        ParsedThrowable cause = t.cause();
        assertThat(cause.className()).isEqualTo("java.lang.IllegalStateException");
        // JDK module prefix and packaging data are gone; "... 2 common frames omitted" became real frames.
        assertThat(cause.frames()).extracting(StackFrame::qualifiedMethod)
            .containsExactly("java.nio.Bits.reserveMemory", "com.acme.gw.Fmt.level3", "com.acme.gw.Fmt.level2",
                "com.acme.gw.Fmt.main");
        assertThat(cause.frames().get(1).fileName()).isEqualTo("Fmt.java");
        assertThat(cause.frames().get(1).lineNumber()).isEqualTo(3);
        assertThat(cause.frames().get(2).inferred()).isTrue();
        assertThat(cause.cause().circular()).isTrue();
        assertThat(t.rootCause().className()).isEqualTo("java.lang.Exception");
    }

    @Test
    void logbackRootCauseFirstIsTurnedBackIntoAnOutermostFirstChain() throws IOException {
        List<LogRecord> records = LogTestFiles.readAll(LogTestFiles.resource("throwables.log", dir)).records();
        ParsedThrowable t = ThrowableParser.parseFirst(records.get(1).lines(), 0);
        assertThat(t.className()).isEqualTo("java.lang.RuntimeException");
        assertThat(t.rootCause().className()).isEqualTo("io.netty.util.internal.OutOfDirectMemoryError");
        assertThat(t.rootCause().frames()).hasSize(2);
    }

    @Test
    void frameTextWithLoaderModuleAndGeneratedSourcesParses() {
        StackFrame f = StackFrame.parse("\tat loader/module@1.2/com.acme.Foo$$Lambda$12/0x0000000800c0b000.run(Unknown Source)");
        assertThat(f.className()).isEqualTo("com.acme.Foo$$Lambda$12/0x0000000800c0b000");
        assertThat(f.methodName()).isEqualTo("run");
        assertThat(f.fileName()).isNull();
        assertThat(StackFrame.parse("\tio.netty.buffer.PooledByteBufAllocator.newDirectBuffer(PooledByteBufAllocator.java:410)"))
            .isEqualTo(new StackFrame("io.netty.buffer.PooledByteBufAllocator", "newDirectBuffer",
                "PooledByteBufAllocator.java", 410, false));
        assertThat(StackFrame.parse("at java.base/jdk.internal.misc.Unsafe.park(Native Method)").fileName()).isNull();
        assertThat(StackFrame.parse("Recent access records: ")).isNull();
    }

    @Test
    void throwableStartNeedsADottedNameEndingInExceptionOrError() {
        assertThat(ThrowableParser.startsThrowable("java.lang.IllegalStateException: x")).isTrue();
        assertThat(ThrowableParser.startsThrowable("io.netty.util.internal.OutOfDirectMemoryError")).isTrue();
        assertThat(ThrowableParser.startsThrowable("Exception in thread \"main\" java.lang.Error")).isTrue();
        assertThat(ThrowableParser.startsThrowable("Caused by: java.lang.Error")).isFalse();
        assertThat(ThrowableParser.startsThrowable("com.acme.Service: started")).isFalse();
        assertThat(ThrowableParser.startsThrowable("Created at:")).isFalse();
    }
}
