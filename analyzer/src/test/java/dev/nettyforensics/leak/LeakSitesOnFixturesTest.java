package dev.nettyforensics.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.FixtureId;
import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.fixtures.Truth;
import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.netty.AllocatorInfo;
import dev.nettyforensics.netty.EventLoopThread;
import dev.nettyforensics.netty.NettyChannel;
import dev.nettyforensics.netty.NettyInstance;
import dev.nettyforensics.netty.NettyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model and the ranked sites against every fixture's truth.json: real gateways on real Netty
 * (4.1.36, 4.1.137, 4.2.7, the version sweep's 4.1.25 to 4.2.20, and the JDK sweep on JDK 25),
 * from the live and the non-live dump.
 */
class LeakSitesOnFixturesTest {

    static Stream<Arguments> dumps() {
        List<Arguments> out = new ArrayList<>();
        for (FixtureId id : Fixtures.all()) {
            out.add(Arguments.of(id, "live"));
            out.add(Arguments.of(id, "full"));
        }
        return out.stream();
    }

    private record Analysis(Truth truth, String which, NettyModel model, LeakFindings findings, LeakVerdict verdict) {
        NettyInstance instance() {
            return model.instances().get(0);
        }

        LeakSite top() {
            return findings.sites().get(0);
        }
    }

    /** Each dump is indexed once for all the assertions on it. */
    private static final java.util.Map<String, Analysis> ANALYSES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Analysis analyse(FixtureId id, String which) throws Exception {
        String key = id + " " + which;
        Analysis cached = ANALYSES.get(key);
        if (cached == null) {
            cached = analyseUncached(id, which);
            ANALYSES.put(key, cached);
        }
        return cached;
    }

    private static Analysis analyseUncached(FixtureId id, String which) throws Exception {
        Fixture f = Fixtures.scenario(id);
        Path dump = which.equals("live") ? f.liveDump() : f.fullDump();
        try (Heap heap = Heap.open(dump)) {
            LeakAnalysis a = LeakAnalysis.of(heap);
            return new Analysis(f.truth(), which, a.model(), a.findings(), a.verdict());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void theTrueSiteIsRankedFirstOrNoLeakIsClaimed(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        assertThat(a.model().instances()).as("Netty copies").hasSize(1);
        if (!t.leak()) {
            assertThat(a.findings().sites()).as("no leak is claimed").noneMatch(LeakSite::leak);
            if (t.expectedKind() != null) {
                assertThat(a.top().kind().label()).isEqualTo(t.expectedKind());
            }
            return;
        }
        LeakSite top = a.top();
        assertThat(top.leak()).as("top site is a leak: " + top).isTrue();
        assertThat(top.kind().label()).isEqualTo(t.expectedKind());
        if (top.kind() == SiteKind.ORPHANED) {
            assertThat(top.owner()).as("owner, when the dump names one").isIn(null, t.site().ownerClass());
        } else {
            assertThat(top.owner()).isEqualTo(t.site().ownerClass());
            assertThat(top.path()).startsWith(t.site().field() + " -> ");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void bytesPerConnectionAndOrphanedBytesMatchTheScenariosMeasurement(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        if (t.expectedKind() == null || !t.leak() && t.bytesPerConnection() == 0) {
            return; // nothing measured to compare with
        }
        LeakSite top = a.top();
        if (top.kind() == SiteKind.ORPHANED) {
            // What the dropped buffers really take from the allocator: whole chunks on the adaptive allocator.
            // The full dump also holds the buffers dropped after the live one.
            long expected = t.orphanedPinnedBytes() + fullDumpOnly(a, t.fullDumpOnlyOrphanedBytes());
            long orphaned = a.instance().ledger().orphanedBytes();
            assertThat((double) orphaned).isCloseTo(expected, within(expected * 0.10));
            assertThat((double) top.retainedBytes()).isCloseTo(expected, within(expected * 0.10));
        } else {
            assertThat((double) top.bytesPerConnection())
                    .isCloseTo(t.bytesPerConnection(), within(t.bytesPerConnection() * 0.10));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void theLedgerMatchesNettysCounterWhereTheCounterExists(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        NettyInstance i = a.instance();
        if (t.nettyCounterBytes() == null) {
            assertThat(i.counterBytes()).isNull();
            return;
        }
        assertThat(i.counterBytes()).isEqualTo(t.nettyCounterBytes());
        assertThat((double) i.ledger().nettyTotalBytes()).isCloseTo(t.nettyCounterBytes(),
                within(t.nettyCounterBytes() * 0.05));
    }

    /**
     * The whole ledger (Netty's buckets plus other direct) adds up to what the JVM's two books count:
     * Netty's counter (its no-cleaner memory, not in java.nio.Bits) plus java.nio.Bits (cleaner-backed
     * memory, Netty's own chunks among it when Netty runs without a counter). Other direct is only
     * JDK-allocated memory, so it never exceeds what Bits counts.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void theLedgerPartsAddUpToNettysCounterPlusWhatJavaNioBitsCounts(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        NettyInstance i = a.instance();
        long bits = a.model().jdk().totalCapacityBytes();
        assertThat(bits).as("java.nio.Bits is read").isNotNegative();
        assertThat(i.ledger().otherDirectBytes()).isLessThanOrEqualTo(bits);
        if (i.counterBytes() == null && !Boolean.FALSE.equals(i.noCleaner())) {
            return; // no-cleaner memory without a counter: no book holds it
        }
        long counted = i.counterBytes() == null ? 0 : i.counterBytes();
        if (Boolean.FALSE.equals(i.noCleaner()) && bits >= counted) {
            // Newer 4.2 (4.2.20) keeps its counter for cleaner-backed memory too; on JDK 17 that memory comes from
            // ByteBuffer.allocateDirect, so java.nio.Bits counts the same bytes. (On JDK 25 it is a MemorySegment
            // that Bits does not count: there the two books do not overlap.)
            counted = 0;
        }
        long expected = counted + bits;
        long parts = i.ledger().nettyTotalBytes() + i.ledger().otherDirectBytes();
        assertThat((double) parts).isCloseTo(expected, within(expected * 0.05));
    }

    private static long fullDumpOnly(Analysis a, Long value) {
        return a.which().equals("full") && value != null ? value : 0;
    }

    /**
     * Orphaned memory is named after the application class its leak-detector records show using the
     * buffers last (decoded from the JVM's backtrace when Netty never printed them), wherever the dump
     * still holds such records; where it holds none, the report says the owner is unknown and why.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void orphanedMemoryIsNamedFromLeakRecordsOrHonestlyLeftUnnamed(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        if (!t.leak() || !"orphaned".equals(t.expectedKind())) {
            return;
        }
        LeakSite top = a.top();
        boolean recordsNameCode = a.instance().leakRecords().stream()
                .anyMatch(r -> (r.confirmedLeak() || !r.tracked() && !r.closed()) && r.lastUserClass() != null);
        if (fullDumpOnly(a, t.fullDumpOnlyOrphanedBuffers()) > 0) {
            // the buffers dropped right before the non-live dump are still tracked by the leak detector
            assertThat(recordsNameCode).as("leak records of the buffers dropped before full.hprof").isTrue();
        }
        if (recordsNameCode) {
            assertThat(top.owner()).isEqualTo(t.site().ownerClass());
            assertThat(top.evidence()).anyMatch(e -> e.contains("last used by " + t.site().ownerClass()));
        } else {
            assertThat(top.owner()).isNull();
            assertThat(top.evidence()).anyMatch(e -> e.startsWith("owner unknown: ")
                    && e.contains("correlate with the LEAK: lines in the logs"));
        }
        if (t.allocator().equals("adaptive")) {
            // bump-allocated chunks up to 4.2.9; size-classed segments and buddies reused one by one from 4.2.10
            String pinning = a.instance().version().lowest() >= 2010 ? "pins its own segment or buddy" : "pins the whole chunk";
            assertThat(top.evidence()).as("what a leaked adaptive buffer pins").anyMatch(e -> e.contains(pinning));
        }
    }

    /**
     * Buffers with a live reference count that GC roots no longer reach exist only in a non-live
     * dump taken before a GC: exactly the ones the gateway dropped between the histogram and full.hprof.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void unreachableLiveBuffersAreExactlyTheOnesDroppedBeforeTheNonLiveDump(FixtureId id, String which)
            throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        long buffers = 0;
        long bytes = 0;
        for (dev.nettyforensics.netty.NettyBuffer b : a.model().buffers()) {
            if (b.state() == dev.nettyforensics.netty.BufferState.UNREACHABLE_LIVE && b.offHeapBytes() > 0) {
                buffers++;
                bytes += b.offHeapBytes();
            }
        }
        assertThat(buffers).isEqualTo(fullDumpOnly(a, t.fullDumpOnlyOrphanedBuffers()));
        assertThat(bytes).isEqualTo(fullDumpOnly(a, t.fullDumpOnlyOrphanedBytes()));
        if (buffers > 0) {
            assertThat(a.top().kind()).isEqualTo(SiteKind.ORPHANED);
            assertThat(a.top().buffers()).isEqualTo(buffers);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void configurationVersionAndChannelsAreReadFromTheDump(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        NettyInstance i = a.instance();
        assertThat(i.version().contains(t.nettyVersion())).as(i.version().describe()).isTrue();
        assertThat(i.leakDetectionLevel()).isEqualTo(t.leakDetectionLevel());
        assertThat(i.noCleaner()).isEqualTo(t.noCleaner());
        assertThat(i.limitBytes()).isEqualTo(t.nettyLimitBytes());
        assertThat(i.allocatorType()).isEqualTo(t.defaultAllocatorClass().startsWith("Pooled") ? "pooled"
                : t.defaultAllocatorClass().startsWith("Adaptive") ? "adaptive" : "unpooled");
        if (t.chunkSize() != null) {
            assertThat(i.allocators().get(0).chunkSize()).isEqualTo(t.chunkSize().longValue());
            assertThat(i.allocators().get(0).directArenas()).isEqualTo(t.directArenas());
        }
        assertThat(a.model().openConnections()).isEqualTo(t.connections());
        if (t.blockedEventLoops() == null) {
            assertThat(a.model().eventLoops()).as("event loops, idle in select after quiesce").isNotEmpty()
                    .noneMatch(EventLoopThread::blocked);
        }
        List<String> ids = a.model().channels().stream().map(NettyChannel::id).collect(Collectors.toList());
        for (Truth.ChannelTruth c : t.channels()) {
            assertThat(ids).contains("0x" + c.id());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void theVerdictIsTheScenariosVerdict(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        // The report's verdict set (DESIGN §5) has no pool-baseline: memory kept by the pool is no problem.
        String expected = a.truth().verdict().equals("pool-baseline") ? "no-problem" : a.truth().verdict();
        assertThat(a.verdict().kind()).as(a.verdict().summary()).isEqualTo(expected);
        if (a.truth().verdict().equals("pool-baseline")
                && a.instance().ledger().freeInChunksBytes() >= VerdictBuilder.POOL_BASELINE_NOTABLE_BYTES) {
            assertThat(a.verdict().summary()).contains("pool baseline");
        }
        assertThat(a.verdict().hypotheses()).extracting(Hypothesis::name).containsExactly("unreleased buffers",
                "unclosed connections", "blocked event loops", "backpressure", "undersized limit");
        assertThat(a.verdict().hypotheses()).filteredOn(h -> h.name().equals("blocked event loops"))
                .extracting(Hypothesis::finding)
                .containsExactly(a.truth().blockedEventLoops() == null ? "refuted" : "confirmed");
    }

    static Stream<Arguments> blockedLoggingDumps() {
        return dumps().filter(args -> ((FixtureId) args.get()[0]).scenario().equals(Fixtures.BLOCKED_LOGGING));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockedLoggingDumps")
    void eventLoopsStuckInALoggingAppenderAreClassifiedBlockedInLogging(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        List<String> stuck = a.truth().blockedEventLoops();
        assertThat(stuck).as("measured in the gateway").isNotEmpty();
        assertThat(a.model().eventLoops()).filteredOn(EventLoopThread::blocked)
                .extracting(EventLoopThread::name).containsExactlyInAnyOrderElementsOf(stuck);
        assertThat(a.model().eventLoops()).filteredOn(l -> stuck.contains(l.name())).allSatisfy(l -> {
            assertThat(l.activity()).isEqualTo("blocked-in-logging");
            assertThat(l.loggingFrame()).startsWith("ch.qos.logback.core.OutputStreamAppender.");
        });
        // One loop writes to the stalled pipe holding the appender's lock, the others wait for that lock.
        assertThat(a.model().eventLoops()).filteredOn(l -> stuck.contains(l.name()))
                .filteredOn(l -> !l.waiting()).hasSize(1);
        assertThat(a.model().eventLoops()).filteredOn(l -> !stuck.contains(l.name()))
                .as("the boss loop is idle").isNotEmpty().allMatch(l -> l.activity().equals("selecting"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockedLoggingDumps")
    void theVerdictConfirmsBlockedEventLoopsNamingThemAndLoggingWithoutClaimingALeak(FixtureId id, String which)
            throws Exception {
        Analysis a = analyse(id, which);
        List<String> stuck = a.truth().blockedEventLoops();
        Hypothesis blocked = a.verdict().hypotheses().stream().filter(h -> h.name().equals("blocked event loops"))
                .findFirst().orElseThrow();
        assertThat(blocked.finding()).isEqualTo("confirmed");
        // The first evidence line is the one the terminal shows: every blocked loop and the cause.
        assertThat(blocked.evidence().get(0)).contains("blocked in logging").contains(stuck);
        assertThat(blocked.evidence()).hasSize(1 + stuck.size());
        assertThat(a.verdict().summary()).contains("blocked in logging").contains(stuck)
                .startsWith("no direct-memory problem");
        assertThat(a.verdict().recommendations()).anyMatch(r -> r.contains("asynchronous appender"));
        assertThat(a.findings().sites()).as("no leak is claimed").noneMatch(LeakSite::leak);
        assertThat(a.verdict().hypotheses()).filteredOn(h -> h.name().equals("unreleased buffers"))
                .extracting(Hypothesis::finding).containsExactly("refuted");
        // Quiet channels are no sign of vanished peers when their loop is stuck.
        assertThat(a.verdict().hypotheses()).filteredOn(h -> h.name().equals("unclosed connections"))
                .singleElement().satisfies(h -> assertThat(h.evidence().get(0)).contains("blocked event loops"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void eachChannelRetainsWhatTheScenarioMeasuredForIt(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        java.util.Map<String, Long> retainedById = new java.util.HashMap<>();
        for (LeakFindings.ChannelRetention r : a.findings().channels()) {
            a.model().channels().stream().filter(c -> c.objectId() == r.channelObjectId()).findFirst()
                    .ifPresent(c -> retainedById.put(c.id(), r.retainedBytes()));
        }
        for (Truth.ChannelTruth c : a.truth().channels()) {
            long expected = c.heldBytes();
            if (expected == 0) {
                continue;
            }
            assertThat((double) retainedById.getOrDefault("0x" + c.id(), 0L)).as("channel 0x" + c.id())
                    .isCloseTo(expected, within(expected * 0.10));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dumps")
    void allocatorMetricAndJdkFiguresMatchWhatTheGatewayMeasured(FixtureId id, String which) throws Exception {
        Analysis a = analyse(id, which);
        Truth t = a.truth();
        AllocatorInfo allocator = a.instance().allocators().get(0);
        if (allocator.usedDirectBytes() == -1 && allocator.type().equals("adaptive")) {
            // no ChunkRegistry before 4.2.5: the heap holds no total to read, and the report says unknown
            assertThat(a.instance().version().highest()).isLessThan(2005);
        } else {
            assertThat(allocator.usedDirectBytes()).isEqualTo(t.allocatorUsedDirectBytes());
        }
        assertThat(a.model().jdk().count()).isEqualTo(t.bitsDirectCount());
        assertThat(a.model().jdk().totalCapacityBytes()).isEqualTo(t.bitsDirectTotalCapacityBytes());
    }
}
