package dev.nettyforensics.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.testing.SelfDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holds a known, Netty-like object graph in the test JVM, dumps it, and finds it exactly. */
class HeapSelfDumpTest {
    /** Stand-ins for Netty types: parsers has no Netty on its test classpath. */
    static final class FakeChunk {
        final byte[] memory;
        int freeBytes;

        FakeChunk(int size) {
            memory = new byte[size];
            freeBytes = size;
        }
    }

    static class FakeByteBuf {
        final FakeChunk chunk;
        final int offset;
        final int maxLength;
        volatile int refCnt = 2; // Netty's even/odd encoding: 2 means one live reference

        FakeByteBuf(FakeChunk chunk, int offset, int maxLength) {
            this.chunk = chunk;
            this.offset = offset;
            this.maxLength = maxLength;
        }
    }

    static final class FakeUnpooledBuf extends FakeByteBuf {
        final byte[] own;
        final long capacity;

        FakeUnpooledBuf(int capacity) {
            super(null, 0, capacity);
            this.own = new byte[capacity];
            this.capacity = capacity;
        }
    }

    static final class FakeHandler {
        final List<FakeByteBuf> pending = new ArrayList<>();
        final String name;

        FakeHandler(String name) {
            this.name = name;
        }
    }

    static final FakeHandler HANDLER = new FakeHandler("telemetry");
    static final FakeChunk CHUNK = new FakeChunk(1 << 16);

    @TempDir
    Path dir;

    @Test
    void findsAHeldGraphExactlyWithFieldsDominatorsAndTheFrameThatHoldsALocal() throws IOException {
        HANDLER.pending.clear();
        for (int i = 0; i < 5; i++) {
            HANDLER.pending.add(new FakeByteBuf(CHUNK, i * 1024, 1024));
        }
        FakeUnpooledBuf unpooled = new FakeUnpooledBuf(3000);
        HANDLER.pending.add(unpooled);
        unpooled = null; // else this frame's local would be a second path to it
        FakeByteBuf heldByLocal = new FakeByteBuf(CHUNK, 60_000, 512);
        Path file = SelfDump.dump(dir.resolve("self.hprof"));
        int keepLocalAlive = heldByLocal.maxLength;

        try (Heap heap = Heap.open(file)) {
            assertThat(heap.truncated()).isFalse();
            String prefix = HeapSelfDumpTest.class.getName() + "$";
            HeapClass bufClass = heap.findClass(prefix + "FakeByteBuf");
            assertThat(heap.instancesOf(bufClass)).hasSize(6);
            assertThat(heap.instancesOf(prefix + "FakeByteBuf", true)).hasSize(7);

            HeapClass testClass = heap.findClass(HeapSelfDumpTest.class.getName());
            HeapObject handler = heap.findObject(testClass.staticField("HANDLER").rawValue());
            assertThat(handler.readObject("name").readString(100)).isEqualTo("telemetry");
            HeapObject list = handler.readObject("pending");
            assertThat(list.readInt("size")).isEqualTo(6);
            HeapObject elements = list.readObject("elementData");
            HeapObject chunk = heap.findObject(testClass.staticField("CHUNK").rawValue());
            assertThat(chunk.readInt("freeBytes")).isEqualTo(1 << 16);
            assertThat(chunk.readObject("memory").length()).isEqualTo(1 << 16);

            HeapDominators dom = heap.dominators();
            for (int i = 0; i < 5; i++) {
                HeapObject buf = elements.readElement(i);
                assertThat(buf.readInt("offset")).isEqualTo(i * 1024);
                assertThat(buf.readInt("maxLength")).isEqualTo(1024);
                assertThat(buf.readInt("refCnt")).isEqualTo(2);
                assertThat(buf.readObject("chunk")).isEqualTo(chunk);
                assertThat(dom.immediateDominator(buf.index())).isEqualTo(elements.index());
                assertThat(dom.retainedSize(buf.index())).isEqualTo(buf.shallowSize());
            }
            HeapObject big = elements.readElement(5);
            assertThat(big.className()).isEqualTo(prefix + "FakeUnpooledBuf");
            assertThat(big.readLong("capacity")).isEqualTo(3000);
            assertThat(big.readObject("chunk")).isNull();
            HeapObject own = big.readObject("own");
            assertThat(own.shallowSize()).isEqualTo(16 + 3000);
            assertThat(dom.immediateDominator(own.index())).isEqualTo(big.index());
            assertThat(dom.retainedSize(big.index())).isEqualTo(big.shallowSize() + own.shallowSize());
            // the list dominates its array, which dominates the buffers; the handler retains all of it
            assertThat(dom.dominates(handler.index(), big.index())).isTrue();
            // the name is an interned literal, shared with the constant pool: not retained
            assertThat(dom.retainedSize(handler.index())).isEqualTo(handler.shallowSize() + dom.retainedSize(list.index()));
            assertThat(dom.retainedSize(list.index())).isGreaterThan(3000 + 5 * bufClass.instanceSize());

            int local = -1;
            for (int i : heap.instancesOf(bufClass)) {
                if (heap.object(i).readInt("maxLength") == 512) {
                    local = i;
                }
            }
            int heldIndex = local;
            assertThat(heldIndex).isNotNegative();
            HeapFrame frame = heap.threads().stream().flatMap(t -> t.frames().stream())
                    .filter(f -> f.methodName().equals("findsAHeldGraphExactlyWithFieldsDominatorsAndTheFrameThatHoldsALocal"))
                    .findFirst().orElseThrow();
            assertThat(frame.className()).isEqualTo(HeapSelfDumpTest.class.getName());
            assertThat(frame.localObjects()).contains(heldIndex);
        }
        assertThat(keepLocalAlive).isEqualTo(512);
    }
}
