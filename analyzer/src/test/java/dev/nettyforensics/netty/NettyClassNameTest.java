package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NettyClassNameTest {

    @Test
    void plainNettyClassesSplitAfterIoNetty() {
        assertThat(NettyClassName.parse("io.netty.buffer.PoolChunk"))
                .contains(new NettyClassName("io.netty.", "buffer.PoolChunk"));
    }

    @Test
    void grpcShadedCopyKeepsItsWholePrefix() {
        assertThat(NettyClassName.parse("io.grpc.netty.shaded.io.netty.buffer.PoolArena$DirectArena"))
                .contains(new NettyClassName("io.grpc.netty.shaded.io.netty.", "buffer.PoolArena$DirectArena"));
    }

    @Test
    void datastaxRelocationThatReplacesIoNettyIsRecognised() {
        assertThat(NettyClassName.parse("com.datastax.oss.driver.shaded.netty.buffer.PoolChunk"))
                .contains(new NettyClassName("com.datastax.oss.driver.shaded.netty.", "buffer.PoolChunk"));
    }

    @Test
    void nettysOwnShadedJctoolsBelongsToPlainNetty() {
        assertThat(NettyClassName.parse("io.netty.util.internal.shaded.org.jctools.queues.MpscArrayQueue"))
                .map(NettyClassName::prefix).contains("io.netty.");
    }

    @Test
    void grpcsOwnNettyIntegrationIsNotNetty() {
        assertThat(NettyClassName.parse("io.grpc.netty.NettyServer")).isEmpty();
        assertThat(NettyClassName.parse("java.lang.String")).isEmpty();
        assertThat(NettyClassName.parse("com.example.myio.netty.Foo")).isEmpty();
    }
}
