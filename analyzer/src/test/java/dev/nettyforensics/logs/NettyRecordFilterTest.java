package dev.nettyforensics.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NettyRecordFilterTest {
    private final NettyRecordFilter filter = new NettyRecordFilter();

    private boolean keeps(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return filter.interesting(b, 2, b.length - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ERROR [ResourceLeakDetector:337] LEAK: ByteBuf.release() was not called",
        "WARN An exceptionCaught() event was fired, and it reached at the tail of the pipeline.",
        "io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 1 byte(s)",
        "Caused by: java.lang.OutOfMemoryError: Cannot reserve 1048576 bytes of direct buffer memory",
        "\tSuppressed: java.lang.OutOfMemoryError: Direct buffer memory",
        "DEBUG Discarded inbound message PooledUnsafeDirectByteBuf(ridx: 0) that reached at the tail",
        "DEBUG -Dio.netty.leakDetection.level: simple",
        "INFO [id: 0x3be5ec44, L:/127.0.0.1:44263 - R:/127.0.0.1:42666] ACTIVE",
        "DEBUG [9f3c2a1b-1, L:/10.0.0.5:8443 - R:/10.1.7.9:52114] Handler is being applied",
        "INFO Starting GatewayApplication using Java 17.0.15 with PID 4242",
        "LEAK: at the very start, anchor in the first word",
    })
    void keepsEveryLineAnEventCanComeFrom(String line) {
        assertThat(keeps(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INFO [TelemetryHandler:47] Device meter-1007 sent 342 bytes, seq=1, rssi=-70 dBm",
        "\tat io.netty.util.internal.PlatformDependent.incrementMemoryCounter(PlatformDependent.java:880)",
        "\tio.netty.buffer.AdvancedLeakAwareByteBuf.readByte(AdvancedLeakAwareByteBuf.java:401)",
        "|00000000| 10 1e 00 04 4d 51 54 54 04 02 00 3c 00 12 6d 65 |....MQTT...<..me|",
        "DEBUG [main] Direction changed, MEMO: Stopping",
        "",
    })
    void skipsOrdinaryLines(String line) {
        assertThat(keeps(line)).isFalse();
    }

    @Test
    void literalsAreNotMatchedAcrossTheLineLimits() {
        byte[] b = "LEAK: x".getBytes(StandardCharsets.US_ASCII);
        assertThat(filter.interesting(b, 1, b.length)).isFalse();
        assertThat(filter.interesting(b, 0, 4)).isFalse();
    }
}
