package dev.nettyforensics.netty;

import static dev.nettyforensics.hprof.HprofType.BOOLEAN;
import static dev.nettyforensics.hprof.HprofType.INT;
import static dev.nettyforensics.hprof.HprofType.LONG;
import static dev.nettyforensics.hprof.HprofType.OBJECT;

import dev.nettyforensics.hprof.HprofRootKind;
import dev.nettyforensics.testing.TestDump;

/**
 * Declares Netty classes in a {@link TestDump} with the field shapes of one version band, as read
 * from the released jars with {@code javap -p}. Only the fields the model reads are declared.
 */
final class SyntheticNettyHeaps {
    static final String P = "io.netty.";

    /** Version bands this helper can shape. */
    /**
     * Shapes of a Netty version band. BUDDY_UNDATED fits 4.1.0 to 4.1.32, on both sides of the refCnt
     * encoding change; ADAPTIVE_4_2_10 keeps counts in {@code RefCnt} objects.
     */
    enum Band { BUDDY_4_1_31, BUDDY_UNDATED, BUDDY_4_1_36, RUNS_4_1_137, ADAPTIVE_4_2_7, ADAPTIVE_4_2_10 }

    private SyntheticNettyHeaps() {
    }

    static void declareCommon(TestDump d, Band band) {
        d.clazz(P + "buffer.AbstractByteBuf", null, "readerIndex", INT, "writerIndex", INT);
        d.clazz(P + "buffer.AbstractReferenceCountedByteBuf", P + "buffer.AbstractByteBuf", "refCnt",
                band == Band.ADAPTIVE_4_2_10 ? OBJECT : INT);
        if (band == Band.ADAPTIVE_4_2_10) {
            d.clazz(P + "util.internal.RefCnt", null, "value", INT);
        }
        d.clazz(P + "buffer.PooledByteBuf", P + "buffer.AbstractReferenceCountedByteBuf", "chunk", OBJECT,
                "handle", LONG, "memory", OBJECT, "offset", INT, "length", INT, "maxLength", INT, "cache", OBJECT);
        d.clazz(P + "buffer.PooledUnsafeDirectByteBuf", P + "buffer.PooledByteBuf");
        d.clazz("java.util.concurrent.atomic.AtomicLong", null, "value", LONG);
        d.clazz("java.util.concurrent.atomic.LongAdder", null, "base", LONG, "cells", OBJECT);
        d.clazz("java.util.concurrent.atomic.Striped64$Cell", null, "value", LONG);
        d.clazz(P + "util.internal.PlatformDependent", null);
        d.clazz(P + "buffer.ByteBufUtil", null);
        d.clazz(P + "buffer.PoolChunkList", null, "head", OBJECT);
        d.clazz(P + "buffer.PooledByteBufAllocator", null, "directArenas", OBJECT, "heapArenas", OBJECT,
                "chunkSize", INT, "smallCacheSize", INT, "normalCacheSize", INT);
        switch (band) {
            case BUDDY_4_1_31:
            case BUDDY_UNDATED:
            case BUDDY_4_1_36:
                d.clazz(P + "buffer.PoolChunk", null, "arena", OBJECT, "memory", OBJECT, "unpooled", BOOLEAN,
                        "offset", INT, "memoryMap", OBJECT, "depthMap", OBJECT, "subpages", OBJECT, "maxOrder", INT,
                        "chunkSize", INT, "freeBytes", INT, "next", OBJECT,
                        band == Band.BUDDY_4_1_36 ? "cachedNioBuffers" : "unused", OBJECT);
                d.clazz(P + "buffer.PoolArena", null, "parent", OBJECT, "tinySubpagePools", OBJECT, "pageSize", INT,
                        "qInit", OBJECT, "q000", OBJECT, "q025", OBJECT, "q050", OBJECT, "q075", OBJECT, "q100", OBJECT,
                        "activeBytesHuge", OBJECT);
                d.clazz(P + "buffer.PoolThreadCache$MemoryRegionCache$Entry", null, "chunk", OBJECT, "handle", LONG);
                if (band == Band.BUDDY_4_1_31) {
                    d.clazz(P + "buffer.CompositeByteBuf$ComponentList", null);
                }
                break;
            default:
                d.clazz(P + "buffer.PoolChunk", null, "arena", OBJECT, "base", OBJECT, "memory", OBJECT,
                        "unpooled", BOOLEAN, "subpages", OBJECT, "pinnedBytes", OBJECT, "chunkSize", INT,
                        "maxPageIdx", INT, "freeBytes", INT, "next", OBJECT, "cachedNioBuffers", OBJECT);
                d.clazz(P + "buffer.SizeClasses", null, "pageSize", INT);
                d.clazz(P + "buffer.PoolArena", null, "parent", OBJECT, "sizeClass", OBJECT,
                        "qInit", OBJECT, "q000", OBJECT, "q025", OBJECT, "q050", OBJECT, "q075", OBJECT, "q100", OBJECT,
                        "activeBytesHuge", OBJECT);
                d.clazz(P + "buffer.PoolThreadCache$MemoryRegionCache$Entry", null, "chunk", OBJECT, "handle", LONG,
                        "normCapacity", INT);
                d.clazz(P + "util.Recycler$LocalPool", null);
        }
        d.clazz(P + "buffer.PoolArena$DirectArena", P + "buffer.PoolArena");
    }

    /** {@code PlatformDependent} statics: the counter (null when {@code counter < 0}), limit and no-cleaner flag. */
    static void platformDependent(TestDump d, long counter, long limit) {
        String pd = P + "util.internal.PlatformDependent";
        long counterObj = counter < 0 ? 0 : d.instance("java.util.concurrent.atomic.AtomicLong", "value", counter);
        d.staticField(pd, "DIRECT_MEMORY_COUNTER", OBJECT, counterObj);
        d.staticField(pd, "DIRECT_MEMORY_LIMIT", LONG, limit);
        d.staticField(pd, "USE_DIRECT_BUFFER_NO_CLEANER", BOOLEAN, counter < 0 ? 0 : 1);
        d.root(HprofRootKind.STICKY_CLASS, d.classId(pd));
    }

    /** A pooled allocator with one direct arena whose q000 list starts at {@code chunks[0]} (callers link "next"). */
    static long pooledAllocator(TestDump d, Band band, int chunkSize, long... chunks) {
        long list = d.instance(P + "buffer.PoolChunkList", "head", chunks.length == 0 ? 0L : chunks[0]);
        long empty = d.instance(P + "buffer.PoolChunkList");
        long arena;
        if (band == Band.BUDDY_4_1_31 || band == Band.BUDDY_UNDATED || band == Band.BUDDY_4_1_36) {
            arena = d.instance(P + "buffer.PoolArena$DirectArena", "pageSize", 8192, "qInit", empty, "q000", list,
                    "q025", empty, "q050", empty, "q075", empty, "q100", empty);
        } else {
            long sizeClass = d.instance(P + "buffer.SizeClasses", "pageSize", 8192);
            arena = d.instance(P + "buffer.PoolArena$DirectArena", "sizeClass", sizeClass, "qInit", empty,
                    "q000", list, "q025", empty, "q050", empty, "q075", empty, "q100", empty);
        }
        long arenas = d.objectArray("[L" + P + "buffer.PoolArena;", arena);
        long alloc = d.instance(P + "buffer.PooledByteBufAllocator", "directArenas", arenas, "chunkSize", chunkSize,
                "smallCacheSize", 256, "normalCacheSize", 64);
        d.staticField(P + "buffer.ByteBufUtil", "DEFAULT_ALLOCATOR", OBJECT, alloc);
        d.root(HprofRootKind.STICKY_CLASS, d.classId(P + "buffer.ByteBufUtil"));
        return arena;
    }

    /** A pooled direct buffer on {@code chunk}. */
    static long pooledBuffer(TestDump d, long chunk, long handle, int maxLength, int rawRefCnt) {
        return d.instance(P + "buffer.PooledUnsafeDirectByteBuf", "refCnt", rawRefCnt, "chunk", chunk,
                "handle", handle, "length", maxLength, "maxLength", maxLength);
    }

    /** A released pooled shell, as it sits in a Recycler. */
    static long releasedShell(TestDump d, int rawRefCnt) {
        return d.instance(P + "buffer.PooledUnsafeDirectByteBuf", "refCnt", rawRefCnt, "handle", -1L);
    }

    /** A holder object kept alive by a JNI global root, referencing {@code ids} through an Object[]. */
    static long rootedHolder(TestDump d, long... ids) {
        if (!d.declares("com.example.Holder")) {
            d.clazz("com.example.Holder", null, "items", OBJECT);
        }
        long array = d.objectArray("[Ljava.lang.Object;", ids);
        long holder = d.instance("com.example.Holder", "items", array);
        d.root(HprofRootKind.JNI_GLOBAL, holder);
        return holder;
    }
}
