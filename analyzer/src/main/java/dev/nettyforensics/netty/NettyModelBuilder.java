package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link NettyModel} from a heap (DESIGN §4, netty-internals.md §14). Each part is read
 * on its own and a failure in one becomes a diagnostic, never an exception: surprising heaps give
 * partial results. Stateless; thread safe if the graph is used by one thread. Cost: linear in
 * classes plus Netty objects (buffers, chunks, channels, cache entries) plus DirectByteBuffers.
 */
public final class NettyModelBuilder {
    private NettyModelBuilder() {
    }

    /** Builds the model; never throws for heap content (only for a null graph). */
    public static NettyModel build(ObjectGraph graph) {
        List<ModelDiagnostic> diagnostics = new ArrayList<>();
        List<NettyInstance> instances = new ArrayList<>();
        List<NettyBuffer> buffers = new ArrayList<>();
        List<NettyChannel> channels = new ArrayList<>();
        Set<Long> nettyMemory = new HashSet<>();
        List<InstanceScope> scopes;
        try {
            scopes = InstanceScope.findAll(graph);
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("could not list the heap's classes: " + describe(e)));
            scopes = List.of();
        }
        for (InstanceScope scope : scopes) {
            try {
                instances.add(buildInstance(scope, buffers, channels, nettyMemory, diagnostics));
            } catch (RuntimeException e) {
                diagnostics.add(ModelDiagnostic.warning("Netty copy " + scope.prefix + " could only be read in part: "
                        + describe(e)));
            }
        }
        JdkDirectMemory jdk = JdkDirectMemory.UNKNOWN;
        try {
            jdk = JdkBitsReader.read(graph, diagnostics);
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("java.nio.Bits not read: " + describe(e)));
        }
        long other = 0;
        try {
            other = OtherDirectBuffers.sum(graph, nettyMemory);
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("other direct buffers not counted: " + describe(e)));
        }
        if (!instances.isEmpty()) {
            NettyInstance first = instances.get(0);
            Ledger l = first.ledger();
            instances.set(0, withLedger(first, new Ledger(l.liveBytes(), l.threadCacheBytes(), l.orphanedBytes(),
                    l.freeInChunksBytes(), l.hugeBytes(), other)));
        }
        buffers.sort(java.util.Comparator.comparingLong(NettyBuffer::objectId));
        channels.sort(java.util.Comparator.comparingLong(NettyChannel::objectId));
        List<EventLoopThread> loops = List.of();
        try {
            loops = EventLoopThreads.find(graph.threads());
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("thread stacks not read: " + describe(e)));
        }
        boolean nonLive = false;
        try {
            nonLive = graph.hasUnreachableObjects();
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("reachability not computed: " + describe(e)));
        }
        return new NettyModel(instances, buffers, channels, jdk, other, nonLive, loops, diagnostics);
    }

    private static NettyInstance buildInstance(InstanceScope scope, List<NettyBuffer> allBuffers,
                                               List<NettyChannel> allChannels, Set<Long> nettyMemory,
                                               List<ModelDiagnostic> diagnostics) {
        ObjectGraph g = scope.graph;
        NettyVersionRange version = VersionFingerprint.of(scope);
        if (version.contradictory()) {
            diagnostics.add(ModelDiagnostic.warning("Netty copy " + scope.prefix + " has shapes of no known version: "
                    + String.join("; ", version.evidence())));
        }
        RefCountEncoding encoding = version.spansRefCountChange()
                ? RefCountEvidence.decide(scope, version, diagnostics) : version.refCountEncoding();

        long counterObj = scope.staticRef("util.internal.PlatformDependent", "DIRECT_MEMORY_COUNTER");
        Long counter = Counters.read(g, counterObj);
        Long limit = directMemoryLimit(scope);
        Boolean noCleaner = noCleaner(scope);
        String counterNote = counterNote(scope, counter, noCleaner);
        long defaultAllocator = scope.staticRef("buffer.ByteBufUtil", "DEFAULT_ALLOCATOR");

        PooledAllocatorReader pooled = new PooledAllocatorReader(scope, diagnostics);
        pooled.read(defaultAllocator);
        AdaptiveReader adaptive = new AdaptiveReader(scope, encoding, diagnostics);
        adaptive.readChunks(defaultAllocator);
        BufferScanner scanner = new BufferScanner(scope, encoding, pooled, adaptive.delegates);
        scanner.scan();
        pooled.readThreadCaches();
        adaptive.account(scanner.buffers);
        ChannelReader channelReader = new ChannelReader(scope);
        channelReader.read();

        List<AllocatorInfo> allocators = new ArrayList<>(pooled.allocators);
        allocators.addAll(adaptive.allocators);
        allocators.addAll(UnpooledAllocators.read(scope, defaultAllocator));
        allocators.sort((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()));

        List<ChunkAccount> chunks = new ArrayList<>();
        pooled.chunks.values().forEach(f -> chunks.add(f.toAccount()));
        adaptive.chunks.values().forEach(f -> chunks.add(f.toAccount()));
        rememberNettyMemory(g, pooled, adaptive, scanner.buffers, nettyMemory);
        // Only no-cleaner allocations make such buffers, and Netty counts them: without a counter or the no-cleaner
        // mode there is nothing to find, and the common JDK-mode heap skips the pass over every reference.
        long nativeBytes = counter != null || Boolean.TRUE.equals(noCleaner) ? NettyNativeBuffers.sum(scope, nettyMemory) : 0;
        if (nativeBytes > 0) {
            diagnostics.add(ModelDiagnostic.info("Netty copy " + scope.prefix + ": " + nativeBytes + " bytes of direct "
                    + "memory Netty allocated for itself without a cleaner (e.g. epoll event arrays) count as unpooled"));
        }
        Ledger ledger = LedgerArithmetic.ledger(chunks, scanner.buffers, pooled.activeBytesHugeDirect,
                adaptive.lostChunkBytes(), Boolean.TRUE.equals(noCleaner), nativeBytes);
        if (adaptive.adaptiveWithoutRegistry() && Boolean.TRUE.equals(noCleaner) && counter != null
                && counter > ledger.nettyTotalBytes()) {
            // No registry to count the adaptive chunks that were collected with their leaked buffers: Netty's
            // counter is the only book left, and no-cleaner memory it counts is never freed.
            long lost = counter - ledger.nettyTotalBytes();
            ledger = new Ledger(ledger.liveBytes(), ledger.threadCacheBytes(), ledger.orphanedBytes() + lost,
                    ledger.freeInChunksBytes(), ledger.hugeBytes(), ledger.otherDirectBytes());
            diagnostics.add(ModelDiagnostic.info("Netty copy " + scope.prefix + ": " + lost + " bytes Netty's counter "
                    + "holds beyond every chunk and buffer in the heap count as orphaned: this adaptive allocator keeps "
                    + "no chunk registry (before 4.2.5), so chunks collected with leaked buffers leave only the counter"));
        }

        if (counter != null && counter > 0) {
            long gap = counter - ledger.nettyTotalBytes();
            if (Math.abs(gap) > counter / 20) {
                diagnostics.add(ModelDiagnostic.warning("Netty copy " + scope.prefix + ": DIRECT_MEMORY_COUNTER is "
                        + counter + " bytes but chunks and buffers in the heap account for " + ledger.nettyTotalBytes()
                        + (gap > 0 ? " (memory lost without a trace in the heap, or a dump taken mid-allocation)"
                        : " (buffers the counter does not track, e.g. cleaner-backed chunks)")));
            }
        }
        allBuffers.addAll(scanner.buffers);
        allChannels.addAll(channelReader.channels);
        return new NettyInstance(scope.prefix, scope.loaderId, version, allocators, counter, limit, counterNote,
                noCleaner, leakLevel(scope), chunks, ledger, scanner.released, LeakRecordReader.read(scope));
    }

    /**
     * {@code DIRECT_MEMORY_LIMIT}; where it is unset (-1: 4.1.25 without io.netty.maxDirectMemory),
     * {@code MAX_DIRECT_MEMORY}, the JVM's limit as Netty read it. Null when neither is readable.
     */
    private static Long directMemoryLimit(InstanceScope scope) {
        Long limit = scope.staticNumber("util.internal.PlatformDependent", "DIRECT_MEMORY_LIMIT");
        if (limit != null && limit > 0) {
            return limit;
        }
        Long jvm = scope.staticNumber("util.internal.PlatformDependent", "MAX_DIRECT_MEMORY");
        return jvm != null && jvm > 0 ? jvm : limit;
    }

    /**
     * Whether Netty allocates direct memory without a JDK Cleaner: the {@code USE_DIRECT_BUFFER_NO_CLEANER}
     * flag, or, in newer 4.2 releases that dropped it, whether {@code CLEANER} is Netty's
     * {@code DirectCleaner}. Null when neither is readable.
     */
    private static Boolean noCleaner(InstanceScope scope) {
        Long flag = scope.staticNumber("util.internal.PlatformDependent", "USE_DIRECT_BUFFER_NO_CLEANER");
        if (flag != null) {
            return flag != 0;
        }
        long cleaner = scope.staticRef("util.internal.PlatformDependent", "CLEANER");
        String cleanerClass = cleaner == 0 ? null : scope.graph.classNameOf(cleaner);
        return cleanerClass == null ? null : cleanerClass.endsWith(".DirectCleaner");
    }

    private static String counterNote(InstanceScope scope, Long counter, Boolean noCleaner) {
        if (counter != null) {
            return "read from " + scope.prefix + "util.internal.PlatformDependent.DIRECT_MEMORY_COUNTER";
        }
        if (!scope.hasClass("util.internal.PlatformDependent")) {
            return "PlatformDependent is not loaded";
        }
        if (Boolean.FALSE.equals(noCleaner)) {
            return "null: Netty allocates through ByteBuffer.allocateDirect (no-cleaner off, e.g. JDK 9+ without "
                    + "-Dio.netty.tryReflectionSetAccessible=true), so java.nio.Bits counts its memory";
        }
        return "null: no limit known or io.netty.maxDirectMemory=0";
    }

    private static String leakLevel(InstanceScope scope) {
        long level = scope.staticRef("util.ResourceLeakDetector", "level");
        return level == 0 ? null : scope.graph.string(scope.graph.ref(level, "name"));
    }

    private static void rememberNettyMemory(ObjectGraph g, PooledAllocatorReader pooled, AdaptiveReader adaptive,
                                            List<NettyBuffer> buffers, Set<Long> nettyMemory) {
        for (long chunk : pooled.chunks.keySet()) {
            nettyMemory.add(g.ref(chunk, "memory"));
            nettyMemory.add(g.ref(chunk, "base"));
            nettyMemory.add(g.ref(g.ref(chunk, "cleanable"), "buffer"));
        }
        for (long delegate : adaptive.delegates) {
            nettyMemory.add(g.ref(delegate, "buffer"));
        }
        for (NettyBuffer b : buffers) {
            if (b.kind() == BufferKind.UNPOOLED) {
                nettyMemory.add(g.ref(b.objectId(), "buffer"));
            }
        }
        nettyMemory.remove(0L);
    }

    private static NettyInstance withLedger(NettyInstance i, Ledger ledger) {
        return new NettyInstance(i.prefix(), i.classLoaderId(), i.version(), i.allocators(), i.counterBytes(),
                i.limitBytes(), i.counterNote(), i.noCleaner(), i.leakDetectionLevel(), i.chunks(), ledger,
                i.releasedBuffers(), i.leakRecords());
    }

    static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
