package dev.nettyforensics.netty;

import static dev.nettyforensics.netty.SyntheticNettyHeaps.P;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.hprof.HprofType;
import dev.nettyforensics.netty.SyntheticNettyHeaps.Band;
import dev.nettyforensics.testing.TestDump;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model on small synthetic dumps, one per allocator layout and refCnt encoding. */
class NettyModelOnSyntheticHeapsTest {
    private static final int PAGE = 8192;

    @TempDir
    Path dir;

    private NettyModel model(Consumer<TestDump> spec) throws Exception {
        Path file = TestDump.write(dir.resolve("synthetic.hprof"), spec);
        try (Heap heap = Heap.open(file)) {
            return NettyModelBuilder.build(new HeapObjectGraph(heap));
        }
    }

    /**
     * One 16 MiB buddy-tree chunk with four pages handed out: a reachable live buffer, an unreachable
     * live buffer, a thread-cache entry and one page whose buffer is gone.
     */
    private static void buddyTreeChunk(TestDump d, Band band, int liveRawRefCnt) {
        buddyTreeChunk(d, band, liveRawRefCnt, 0);
    }

    /** As above, with Netty's counter raised by {@code lostBytes} that nothing in the heap accounts for. */
    private static void buddyTreeChunk(TestDump d, Band band, int liveRawRefCnt, long lostBytes) {
        SyntheticNettyHeaps.declareCommon(d, band);
        int chunkSize = PAGE << 11;
        long chunk = d.instance(P + "buffer.PoolChunk", "chunkSize", chunkSize, "freeBytes", chunkSize - 4 * PAGE,
                "maxOrder", 11);
        SyntheticNettyHeaps.pooledAllocator(d, band, chunkSize, chunk);
        SyntheticNettyHeaps.platformDependent(d, chunkSize + lostBytes, 64L << 20);
        long live = SyntheticNettyHeaps.pooledBuffer(d, chunk, 2048, PAGE, liveRawRefCnt);
        SyntheticNettyHeaps.pooledBuffer(d, chunk, 2049, PAGE, liveRawRefCnt); // nobody references it
        long released = SyntheticNettyHeaps.releasedShell(d, band == Band.BUDDY_4_1_31 ? 0 : 1);
        long entry = d.instance(P + "buffer.PoolThreadCache$MemoryRegionCache$Entry", "chunk", chunk, "handle", 2050L);
        SyntheticNettyHeaps.rootedHolder(d, live, released, entry);
    }

    @Test
    void aBuddyTreeChunkSplitsIntoLiveCachedOrphanedAndFree() throws Exception {
        NettyModel m = model(d -> buddyTreeChunk(d, Band.BUDDY_4_1_36, 2));
        NettyInstance i = m.instances().get(0);
        assertThat(i.version().chunkLayout()).isEqualTo(NettyVersionRange.ChunkLayout.BUDDY_TREE);
        assertThat(i.ledger().liveBytes()).isEqualTo(PAGE);
        assertThat(i.ledger().threadCacheBytes()).as("entry size from the node depth").isEqualTo(PAGE);
        assertThat(i.ledger().orphanedBytes()).as("the gone page and the unreachable buffer").isEqualTo(2 * PAGE);
        assertThat(i.ledger().freeInChunksBytes()).isEqualTo((PAGE << 11) - 4 * PAGE);
        assertThat(i.ledger().nettyTotalBytes()).isEqualTo(i.counterBytes());
        assertThat(i.releasedBuffers()).isEqualTo(1);
        assertThat(m.buffers()).extracting(NettyBuffer::state)
                .containsExactlyInAnyOrder(BufferState.LIVE, BufferState.UNREACHABLE_LIVE);
    }

    @Test
    void anEvenRawRefCntIsTwiceTheRealCountSince4132() throws Exception {
        NettyModel m = model(d -> buddyTreeChunk(d, Band.BUDDY_4_1_36, 6));
        assertThat(m.buffers()).extracting(NettyBuffer::refCount).containsOnly(3);
    }

    @Test
    void aRawRefCntOfOneIsLiveBefore4132() throws Exception {
        NettyModel m = model(d -> buddyTreeChunk(d, Band.BUDDY_4_1_31, 1));
        NettyInstance i = m.instances().get(0);
        assertThat(i.version().refCountEncoding()).isEqualTo(RefCountEncoding.PLAIN);
        assertThat(m.buffers()).extracting(NettyBuffer::refCount).containsOnly(1);
        assertThat(i.ledger().liveBytes()).isEqualTo(PAGE);
        assertThat(i.releasedBuffers()).as("raw 0 is released before 4.1.32").isEqualTo(1);
    }

    @Test
    void shapesOnBothSidesOf4132LetTheBuffersDecideTheEncoding() throws Exception {
        NettyModel plain = model(d -> buddyTreeChunk(d, Band.BUDDY_UNDATED, 1));
        NettyInstance i = plain.instances().get(0);
        assertThat(i.version().spansRefCountChange()).isTrue();
        assertThat(plain.buffers()).as("an odd raw count on a buffer holding memory is a plain count")
                .extracting(NettyBuffer::refCount).containsOnly(1);
        assertThat(i.ledger().liveBytes()).isEqualTo(PAGE);
        assertThat(plain.diagnostics()).anyMatch(d -> d.message().contains("counts are read as plain"));

        NettyModel evenOdd = model(d -> buddyTreeChunk(d, Band.BUDDY_UNDATED, 2));
        assertThat(evenOdd.buffers()).extracting(NettyBuffer::refCount).containsOnly(1);
        assertThat(evenOdd.instances().get(0).ledger().liveBytes()).isEqualTo(PAGE);
    }

    /**
     * 4.2.10 and newer: counts in RefCnt objects; a size-classed chunk with free segments on the owner's
     * stack and in the external queue, held by a thread-local chunk cache; an idle bump chunk in the
     * cache (the pool's own reference, not a leak, whatever its stale allocatedBytes says); and a chunk
     * retired from the pool that a leaked buffer still pins.
     */
    @Test
    void newer42ChunksInCachesAreThePoolsAndOnlyMissingSegmentsAreOrphaned() throws Exception {
        int segment = 4096;
        int sized = 16 * segment;
        int bump = 128 << 10;
        NettyModel m = model(d -> {
            SyntheticNettyHeaps.declareCommon(d, Band.ADAPTIVE_4_2_10);
            String apa = P + "buffer.AdaptivePoolingAllocator";
            d.clazz(P + "buffer.UnpooledDirectByteBuf", P + "buffer.AbstractReferenceCountedByteBuf",
                    "buffer", HprofType.OBJECT, "capacity", HprofType.INT);
            d.clazz(P + "buffer.UnpooledUnsafeDirectByteBuf", P + "buffer.UnpooledDirectByteBuf");
            d.clazz(apa, null, "chunkRegistry", HprofType.OBJECT);
            d.clazz(apa + "$ChunkRegistry", null, "totalCapacity", HprofType.OBJECT);
            d.clazz(apa + "$MagazineGroup", null, "chunkCache", HprofType.OBJECT, "ownerThread", HprofType.OBJECT);
            d.clazz(apa + "$ThreadLocalSizeClassedChunkCache", null, "chunks", HprofType.OBJECT);
            d.clazz(apa + "$Magazine", null, "current", HprofType.OBJECT, "nextInLine", HprofType.OBJECT);
            d.clazz(apa + "$Chunk", null, "delegate", HprofType.OBJECT, "magazine", HprofType.OBJECT,
                    "refCnt", HprofType.OBJECT, "capacity", HprofType.INT, "allocatedBytes", HprofType.INT);
            d.clazz(apa + "$SizeClassedChunk", apa + "$Chunk", "state", HprofType.INT, "segments", HprofType.INT,
                    "segmentSize", HprofType.INT, "externalFreeList", HprofType.OBJECT, "localFreeList", HprofType.OBJECT);
            d.clazz(apa + "$IntStack", null, "stack", HprofType.OBJECT, "top", HprofType.INT);
            d.clazz(P + "util.concurrent.MpscIntQueue$MpscAtomicIntegerArrayQueue", null, "producerIndex",
                    HprofType.LONG, "consumerIndex", HprofType.LONG);
            d.clazz(apa + "$AdaptiveByteBuf", P + "buffer.AbstractReferenceCountedByteBuf",
                    "chunk", HprofType.OBJECT, "length", HprofType.INT, "maxFastCapacity", HprofType.INT);
            d.clazz(P + "buffer.AdaptiveByteBufAllocator", null, "direct", HprofType.OBJECT);
            d.clazz("java.nio.DirectByteBuffer", null, "capacity", HprofType.INT, "att", HprofType.OBJECT);
            long totalBytes = sized + 2L * bump;
            long total = d.instance("java.util.concurrent.atomic.LongAdder", "base", totalBytes);
            long registry = d.instance(apa + "$ChunkRegistry", "totalCapacity", total);
            long pooling = d.instance(apa, "chunkRegistry", registry);
            long alloc = d.instance(P + "buffer.AdaptiveByteBufAllocator", "direct", pooling);
            d.staticField(P + "buffer.ByteBufUtil", "DEFAULT_ALLOCATOR", HprofType.OBJECT, alloc);
            d.root(HprofRootKind.STICKY_CLASS, d.classId(P + "buffer.ByteBufUtil"));
            SyntheticNettyHeaps.platformDependent(d, totalBytes, 64L << 20);
            long[] chunks = new long[3];
            int[] capacities = {sized, bump, bump};
            for (int k = 0; k < 3; k++) {
                long nio = d.instance("java.nio.DirectByteBuffer", "capacity", capacities[k]);
                long memory = d.instance(P + "buffer.UnpooledUnsafeDirectByteBuf",
                        "refCnt", d.instance(P + "util.internal.RefCnt", "value", 2), "buffer", nio, "capacity", capacities[k]);
                long external = d.instance(P + "util.concurrent.MpscIntQueue$MpscAtomicIntegerArrayQueue",
                        "producerIndex", 10L, "consumerIndex", 0L);
                long local = d.instance(apa + "$IntStack", "top", 3);
                long refCnt = d.instance(P + "util.internal.RefCnt", "value", 2);
                chunks[k] = k == 0
                        ? d.instance(apa + "$SizeClassedChunk", "delegate", memory, "refCnt", refCnt, "capacity", sized,
                                "allocatedBytes", 2 * segment, "state", -1, "segments", 16, "segmentSize", segment,
                                "externalFreeList", external, "localFreeList", local)
                        : d.instance(apa + "$Chunk", "delegate", memory, "refCnt", refCnt, "capacity", bump,
                                "allocatedBytes", 8192);
            }
            long cached = d.objectArray("[L" + apa + "$SizeClassedChunk;", chunks[0], chunks[1]);
            long cache = d.instance(apa + "$ThreadLocalSizeClassedChunkCache", "chunks", cached);
            long group = d.instance(apa + "$MagazineGroup", "chunkCache", cache);
            long buf = d.instance(apa + "$AdaptiveByteBuf", "refCnt", d.instance(P + "util.internal.RefCnt", "value", 2),
                    "chunk", chunks[0], "length", 4000, "maxFastCapacity", segment);
            // chunks[2] is retired: only the application's reference to it is left, as a leaked buffer's would be
            SyntheticNettyHeaps.rootedHolder(d, group, buf, chunks[2]);
        });
        NettyInstance i = m.instances().get(0);
        assertThat(i.version().lowest()).isGreaterThanOrEqualTo(2008);
        assertThat(m.buffers()).extracting(NettyBuffer::refCount).containsOnly(1);
        assertThat(i.ledger().liveBytes()).isEqualTo(segment);
        assertThat(i.ledger().orphanedBytes()).as("the one segment out of both free lists, and the retired chunk")
                .isEqualTo(segment + bump);
        assertThat(i.ledger().freeInChunksBytes()).as("the rest of the size-classed chunk and the idle cached chunk")
                .isEqualTo(sized - 2L * segment + bump);
        assertThat(i.ledger().nettyTotalBytes()).isEqualTo(i.counterBytes());
    }

    @Test
    void runBasedChunksUsePinnedBytesForOrphans() throws Exception {
        NettyModel m = model(d -> {
            SyntheticNettyHeaps.declareCommon(d, Band.RUNS_4_1_137);
            int chunkSize = 4 << 20;
            long cell = d.instance("java.util.concurrent.atomic.Striped64$Cell", "value", 2L * PAGE);
            long cells = d.objectArray("[Ljava.util.concurrent.atomic.Striped64$Cell;", cell);
            long pinned = d.instance("java.util.concurrent.atomic.LongAdder", "base", (long) PAGE, "cells", cells);
            long chunk = d.instance(P + "buffer.PoolChunk", "chunkSize", chunkSize, "freeBytes", chunkSize - 4 * PAGE,
                    "pinnedBytes", pinned);
            SyntheticNettyHeaps.pooledAllocator(d, Band.RUNS_4_1_137, chunkSize, chunk);
            SyntheticNettyHeaps.platformDependent(d, -1, 64L << 20);
            long runHandle = 1L << 34 | 1L << 33; // page 0, one page, used
            long live = SyntheticNettyHeaps.pooledBuffer(d, chunk, runHandle, PAGE, 2);
            long entry = d.instance(P + "buffer.PoolThreadCache$MemoryRegionCache$Entry", "chunk", chunk,
                    "handle", 3L << 49 | 1L << 34, "normCapacity", PAGE);
            SyntheticNettyHeaps.rootedHolder(d, live, entry);
        });
        NettyInstance i = m.instances().get(0);
        assertThat(i.version().chunkLayout()).as(i.version().evidence().toString()).isEqualTo(NettyVersionRange.ChunkLayout.RUNS);
        assertThat(i.chunks().get(0).pinnedBytes()).as("LongAdder base + cells").isEqualTo(3 * PAGE);
        assertThat(i.ledger().orphanedBytes()).isEqualTo(2 * PAGE);
        assertThat(i.ledger().threadCacheBytes()).isEqualTo(PAGE);
        assertThat(i.counterBytes()).isNull();
        assertThat(i.counterNote()).contains("allocateDirect");
    }

    @Test
    void aLeakedAdaptiveBufferPinsItsWholeRetiredChunk() throws Exception {
        int capacity = 128 << 10;
        NettyModel m = model(d -> {
            SyntheticNettyHeaps.declareCommon(d, Band.ADAPTIVE_4_2_7);
            d.clazz(P + "buffer.UnpooledDirectByteBuf", P + "buffer.AbstractReferenceCountedByteBuf",
                    "buffer", HprofType.OBJECT, "capacity", HprofType.INT);
            d.clazz(P + "buffer.UnpooledUnsafeDirectByteBuf", P + "buffer.UnpooledDirectByteBuf");
            d.clazz(P + "buffer.AdaptivePoolingAllocator", null, "chunkRegistry", HprofType.OBJECT);
            d.clazz(P + "buffer.AdaptivePoolingAllocator$ChunkRegistry", null, "totalCapacity", HprofType.OBJECT);
            d.clazz(P + "buffer.AdaptivePoolingAllocator$Magazine", null, "current", HprofType.OBJECT,
                    "nextInLine", HprofType.OBJECT);
            d.clazz(P + "buffer.AdaptivePoolingAllocator$Chunk", null, "delegate", HprofType.OBJECT,
                    "magazine", HprofType.OBJECT, "capacity", HprofType.INT, "allocatedBytes", HprofType.INT,
                    "refCnt", HprofType.INT);
            d.clazz(P + "buffer.AdaptivePoolingAllocator$AdaptiveByteBuf", P + "buffer.AbstractReferenceCountedByteBuf",
                    "chunk", HprofType.OBJECT, "length", HprofType.INT, "maxFastCapacity", HprofType.INT);
            d.clazz(P + "buffer.AdaptiveByteBufAllocator", null, "direct", HprofType.OBJECT);
            d.clazz("java.nio.DirectByteBuffer", null, "capacity", HprofType.INT, "att", HprofType.OBJECT);
            long total = d.instance("java.util.concurrent.atomic.LongAdder", "base", 3L * capacity);
            long registry = d.instance(P + "buffer.AdaptivePoolingAllocator$ChunkRegistry", "totalCapacity", total);
            long pooling = d.instance(P + "buffer.AdaptivePoolingAllocator", "chunkRegistry", registry);
            long alloc = d.instance(P + "buffer.AdaptiveByteBufAllocator", "direct", pooling);
            d.staticField(P + "buffer.ByteBufUtil", "DEFAULT_ALLOCATOR", HprofType.OBJECT, alloc);
            d.root(HprofRootKind.STICKY_CLASS, d.classId(P + "buffer.ByteBufUtil"));
            SyntheticNettyHeaps.platformDependent(d, 3L * capacity, 64L << 20);
            long nioA = d.instance("java.nio.DirectByteBuffer", "capacity", capacity);
            long nioB = d.instance("java.nio.DirectByteBuffer", "capacity", capacity);
            long memA = d.instance(P + "buffer.UnpooledUnsafeDirectByteBuf", "refCnt", 2, "buffer", nioA,
                    "capacity", capacity);
            long memB = d.instance(P + "buffer.UnpooledUnsafeDirectByteBuf", "refCnt", 2, "buffer", nioB,
                    "capacity", capacity);
            long magazine = d.instance(P + "buffer.AdaptivePoolingAllocator$Magazine");
            long current = d.instance(P + "buffer.AdaptivePoolingAllocator$Chunk", "delegate", memA,
                    "magazine", magazine, "capacity", capacity, "allocatedBytes", 4096, "refCnt", 4);
            long retired = d.instance(P + "buffer.AdaptivePoolingAllocator$Chunk", "delegate", memB,
                    "capacity", capacity, "allocatedBytes", 8192, "refCnt", 2);
            long buf = d.instance(P + "buffer.AdaptivePoolingAllocator$AdaptiveByteBuf", "refCnt", 2,
                    "chunk", current, "length", 4000, "maxFastCapacity", 4096);
            SyntheticNettyHeaps.rootedHolder(d, magazine, current, retired, buf);
        });
        NettyInstance i = m.instances().get(0);
        assertThat(i.allocatorType()).isEqualTo("adaptive");
        assertThat(i.ledger().liveBytes()).isEqualTo(4096);
        assertThat(i.ledger().hugeBytes()).as("chunk memory is not an unpooled buffer").isZero();
        assertThat(i.ledger().orphanedBytes()).as("the retired chunk and the chunk gone from the heap")
                .isEqualTo(2L * capacity);
        assertThat(i.ledger().nettyTotalBytes()).isEqualTo(i.counterBytes());
        assertThat(m.otherDirectBytes()).as("chunk memory is Netty's").isZero();
    }

    @Test
    void counterBytesNoChunkOrBufferExplainsBecomeAnOrphanedSite() throws Exception {
        Path file = TestDump.write(dir.resolve("lost.hprof"), d -> {
            buddyTreeChunk(d, Band.BUDDY_4_1_36, 2, 2L << 20); // 2 MiB of lost no-cleaner unpooled buffers
        });
        try (Heap heap = Heap.open(file)) {
            dev.nettyforensics.leak.LeakAnalysis a = dev.nettyforensics.leak.LeakAnalysis.of(heap);
            NettyInstance i = a.model().instances().get(0);
            assertThat(i.counterGapBytes()).isEqualTo(2L << 20);
            assertThat(a.findings().sites().get(0).kind()).isEqualTo(dev.nettyforensics.leak.SiteKind.ORPHANED);
            assertThat(a.findings().sites().get(0).retainedBytes()).isEqualTo((2L << 20) + 2 * PAGE);
        }
    }

    /**
     * JNI's NewDirectByteBuffer (e.g. the JDK's mapped lib/modules image) makes a root without a
     * cleaner, as Netty's no-cleaner allocations do: neither is memory java.nio.Bits reserved.
     */
    @Test
    void onlyCleanerBackedRootBuffersAreOtherDirectMemory() throws Exception {
        NettyModel m = model(d -> {
            d.clazz("jdk.internal.ref.Cleaner", null, "next", HprofType.OBJECT);
            d.clazz("java.nio.DirectByteBuffer", null, "capacity", HprofType.INT, "att", HprofType.OBJECT,
                    "cleaner", HprofType.OBJECT);
            long allocated = d.instance("java.nio.DirectByteBuffer", "capacity", 8192,
                    "cleaner", d.instance("jdk.internal.ref.Cleaner"));
            long wrapped = d.instance("java.nio.DirectByteBuffer", "capacity", 128 << 20);
            SyntheticNettyHeaps.rootedHolder(d, allocated, wrapped);
        });
        assertThat(m.otherDirectBytes()).isEqualTo(8192);
    }

    /**
     * A no-cleaner root buffer that a Netty object holds (the epoll transport's event array) is Netty's
     * own counted memory, unpooled; one that no Netty object holds (the JDK's mapped runtime image) is
     * nobody's direct memory.
     */
    @Test
    void noCleanerBuffersNettyHoldsForItselfAreItsUnpooledMemory() throws Exception {
        int events = 48 << 10;
        NettyModel m = model(d -> {
            SyntheticNettyHeaps.declareCommon(d, Band.RUNS_4_1_137);
            SyntheticNettyHeaps.pooledAllocator(d, Band.RUNS_4_1_137, 4 << 20);
            SyntheticNettyHeaps.platformDependent(d, events, 64L << 20);
            d.clazz("java.nio.DirectByteBuffer", null, "capacity", HprofType.INT, "att", HprofType.OBJECT,
                    "cleaner", HprofType.OBJECT);
            d.clazz(P + "channel.epoll.EpollEventArray", null, "memory", HprofType.OBJECT);
            d.clazz("jdk.internal.jimage.BasicImageReader", null, "memoryMap", HprofType.OBJECT);
            long array = d.instance(P + "channel.epoll.EpollEventArray", "memory",
                    d.instance("java.nio.DirectByteBuffer", "capacity", events));
            long image = d.instance("jdk.internal.jimage.BasicImageReader", "memoryMap",
                    d.instance("java.nio.DirectByteBuffer", "capacity", 128 << 20));
            SyntheticNettyHeaps.rootedHolder(d, array, image);
        });
        NettyInstance i = m.instances().get(0);
        assertThat(i.ledger().hugeBytes()).isEqualTo(events);
        assertThat(i.ledger().orphanedBytes()).isZero();
        assertThat(i.ledger().nettyTotalBytes()).isEqualTo(i.counterBytes());
        assertThat(m.otherDirectBytes()).isZero();
    }

    @Test
    void aHeapWithoutNettyGivesAnEmptyModel() throws Exception {
        NettyModel m = model(d -> {
            d.clazz("com.example.Plain", null, "x", HprofType.INT);
            d.root(HprofRootKind.JNI_GLOBAL, d.instance("com.example.Plain", "x", 1));
        });
        assertThat(m.noNetty()).isTrue();
        assertThat(m.buffers()).isEmpty();
    }

    @Test
    void nettyClassesMissingTheirFieldsDegradeWithoutAnException() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz(P + "buffer.PooledByteBuf", P + "buffer.AbstractByteBuf");
            d.clazz(P + "buffer.PoolChunk", null, "memoryMap", HprofType.OBJECT, "cleanable", HprofType.OBJECT);
            d.clazz(P + "buffer.PooledByteBufAllocator", null, "directArenas", HprofType.INT);
            d.clazz(P + "util.internal.PlatformDependent", null);
            d.staticField(P + "util.internal.PlatformDependent", "DIRECT_MEMORY_COUNTER", HprofType.INT, 7);
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PooledByteBuf"));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PooledByteBufAllocator", "directArenas", 3));
            d.root(HprofRootKind.JNI_GLOBAL, d.instance(P + "buffer.PoolChunk"));
        });
        NettyInstance i = m.instances().get(0);
        assertThat(i.version().contradictory()).isTrue();
        assertThat(i.counterBytes()).isNull();
        assertThat(m.diagnostics()).anyMatch(x -> x.message().contains("no known version"));
    }

    @Test
    void anEventLoopParkedInsideALogbackAppenderIsBlockedInLogging() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz("java.lang.Thread", null, "name", HprofType.OBJECT, "threadStatus", HprofType.INT);
            long blocked = d.instance("java.lang.Thread", "name", d.javaString("nioEventLoopGroup-3-1"),
                    "threadStatus", 0x291);
            d.thread(blocked, "jdk.internal.misc.Unsafe.park:0",
                    "java.util.concurrent.locks.ReentrantLock.lock:322",
                    "ch.qos.logback.core.OutputStreamAppender.subAppend:228",
                    "org.slf4j.Logger.info:1",
                    "io.netty.channel.nio.NioEventLoop.run:509");
            long idle = d.instance("java.lang.Thread", "name", d.javaString("nioEventLoopGroup-3-2"),
                    "threadStatus", 0x5);
            d.thread(idle, "sun.nio.ch.EPoll.wait:0", "sun.nio.ch.EPollSelectorImpl.doSelect:129",
                    "io.netty.channel.nio.NioEventLoop.select:810", "io.netty.channel.nio.NioEventLoop.run:457");
            long other = d.instance("java.lang.Thread", "name", d.javaString("main"));
            d.thread(other, "com.example.Main.main:10");
        });
        assertThat(m.eventLoops()).extracting(EventLoopThread::name, EventLoopThread::activity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("nioEventLoopGroup-3-1", "blocked-in-logging"),
                org.assertj.core.groups.Tuple.tuple("nioEventLoopGroup-3-2", "selecting"));
        assertThat(m.eventLoops().get(0).waiting()).isTrue();
        assertThat(m.eventLoops().get(0).loggingFrame()).isEqualTo("ch.qos.logback.core.OutputStreamAppender.subAppend");
    }

    @Test
    void anEventLoopWritingInsideALogbackAppenderIsBlockedInLoggingButNotParked() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz("java.lang.Thread", null, "name", HprofType.OBJECT, "threadStatus", HprofType.INT);
            long writing = d.instance("java.lang.Thread", "name", d.javaString("nioEventLoopGroup-3-2"),
                    "threadStatus", 0x5);
            d.thread(writing, "sun.nio.ch.FileDispatcherImpl.write0:0", "sun.nio.ch.IOUtil.write:1",
                    "java.nio.channels.Channels.writeFully:1",
                    "ch.qos.logback.core.OutputStreamAppender.writeByteArrayToOutputStreamWithPossibleFlush:1",
                    "ch.qos.logback.core.OutputStreamAppender.writeBytes:1",
                    "org.slf4j.Logger.info:1",
                    "io.netty.channel.nio.NioEventLoop.run:509");
        });
        assertThat(m.eventLoops()).singleElement().satisfies(t -> {
            assertThat(t.activity()).isEqualTo("blocked-in-logging");
            assertThat(t.waiting()).isFalse();
            assertThat(t.loggingFrame())
                    .isEqualTo("ch.qos.logback.core.OutputStreamAppender.writeByteArrayToOutputStreamWithPossibleFlush");
        });
    }

    @Test
    void anEventLoopCaughtFormattingALogLineIsRunningInLoggingNotBlocked() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz("java.lang.Thread", null, "name", HprofType.OBJECT, "threadStatus", HprofType.INT);
            long busy = d.instance("java.lang.Thread", "name", d.javaString("nioEventLoopGroup-3-4"),
                    "threadStatus", 0x5);
            d.thread(busy, "java.lang.StringBuilder.append:1",
                    "ch.qos.logback.classic.pattern.MessageConverter.convert:1",
                    "ch.qos.logback.core.pattern.PatternLayoutBase.writeLoopOnConverters:1",
                    "ch.qos.logback.core.OutputStreamAppender.subAppend:1",
                    "org.slf4j.Logger.info:1",
                    "io.netty.channel.nio.NioEventLoop.run:509");
        });
        assertThat(m.eventLoops()).singleElement().satisfies(t -> {
            assertThat(t.activity()).isEqualTo("running-in-logging");
            assertThat(t.blocked()).isFalse();
            assertThat(t.loggingFrame()).isEqualTo("ch.qos.logback.classic.pattern.MessageConverter.convert");
        });
    }

    @Test
    void anEventLoopBlockedOnTheMonitorOfASynchronizedAppenderWaitsInLogging() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz("java.lang.Thread", null, "name", HprofType.OBJECT, "threadStatus", HprofType.INT);
            // Logback before 1.3: AppenderBase.doAppend is synchronized, so the others block entering its monitor.
            long blocked = d.instance("java.lang.Thread", "name", d.javaString("nioEventLoopGroup-3-1"),
                    "threadStatus", 0x401);
            d.thread(blocked, "ch.qos.logback.core.AppenderBase.doAppend:63",
                    "ch.qos.logback.core.spi.AppenderAttachableImpl.appendLoopOnAppenders:51",
                    "org.slf4j.Logger.info:1",
                    "io.netty.channel.nio.NioEventLoop.run:509");
        });
        assertThat(m.eventLoops()).singleElement().satisfies(t -> {
            assertThat(t.activity()).isEqualTo("blocked-in-logging");
            assertThat(t.waiting()).isTrue();
            assertThat(t.loggingFrame()).isEqualTo("ch.qos.logback.core.AppenderBase.doAppend");
        });
    }

    @Test
    void aShadedCopyIsASecondInstance() throws Exception {
        NettyModel m = model(d -> {
            d.clazz(P + "buffer.AbstractByteBuf", null);
            d.clazz("io.grpc.netty.shaded.io.netty.buffer.AbstractByteBuf", null);
        });
        assertThat(m.instances()).extracting(NettyInstance::prefix)
                .containsExactly("io.grpc.netty.shaded.io.netty.", "io.netty.");
    }
}
