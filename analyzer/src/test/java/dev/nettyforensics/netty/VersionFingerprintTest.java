package dev.nettyforensics.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionFingerprintTest {

    /** Shapes written down from the released jars (javap -p) of each version. */
    private record Shapes(Map<String, Set<String>> fields) implements ShapeFacts {
        @Override
        public boolean hasClass(String localName) {
            return fields.containsKey(localName);
        }

        @Override
        public Boolean hasField(String localName, String field) {
            Set<String> f = fields.get(localName);
            return f == null ? null : f.contains(field);
        }
    }

    @Test
    void a4136HeapIsPlacedInTheBuddyTreeBandWithEvenOddRefCounts() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("arena", "memory", "unpooled", "offset", "memoryMap", "depthMap",
                        "subpages", "chunkSize", "freeBytes", "cachedNioBuffers"),
                "buffer.PoolArena", Set.of("tinySubpagePools", "smallSubpagePools", "q050"),
                "channel.AbstractChannelHandlerContext", Set.of("next", "prev", "executionMask"),
                "util.Recycler$Stack", Set.of())));
        assertThat(range.contains("4.1.36.Final")).isTrue();
        assertThat(range.lowest()).isEqualTo(1035);
        assertThat(range.highest()).isEqualTo(1051);
        assertThat(range.chunkLayout()).isEqualTo(NettyVersionRange.ChunkLayout.BUDDY_TREE);
        assertThat(range.refCountEncoding()).isEqualTo(RefCountEncoding.EVEN_ODD);
    }

    @Test
    void a41137HeapIsPlacedInTheRunsBandAfter4_1_114() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("arena", "base", "memory", "runsAvailMap", "runsAvail", "pinnedBytes",
                        "maxPageIdx", "cachedNioBuffers", "freeBytes"),
                "buffer.PoolArena", Set.of("sizeClass", "smallSubpagePools"),
                "channel.nio.AbstractNioChannel", Set.of("ch", "selectionKey"),
                "util.Recycler$LocalPool", Set.of())));
        assertThat(range.contains("4.1.137.Final")).isTrue();
        assertThat(range.contains("4.1.113.Final")).isFalse();
        assertThat(range.chunkLayout()).isEqualTo(NettyVersionRange.ChunkLayout.RUNS);
        assertThat(range.describe()).isEqualTo("4.1.114 or a newer 4.1");
    }

    @Test
    void a427HeapIsRecognisedAs42ByTheCleanableField() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("cleanable", "base", "pinnedBytes", "maxPageIdx", "cachedNioBuffers"),
                "buffer.AdaptivePoolingAllocator$ChunkRegistry", Set.of("totalCapacity"))));
        assertThat(range.contains("4.2.7.Final")).isTrue();
        assertThat(range.describe()).isEqualTo("4.2.2 or newer");
    }

    @Test
    void a420HeapHasNoCleanableFieldYetButTheNewChannelRegistration() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("base", "pinnedBytes", "maxPageIdx", "cachedNioBuffers"),
                "channel.nio.AbstractNioChannel", Set.of("ch", "registration"))));
        assertThat(range.contradictory()).isFalse();
        assertThat(range.describe()).isEqualTo("4.2.0 to 4.2.1");
    }

    @Test
    void newer42HeapsAreRecognisedByTheRefCntObjectAndTheSplitFreeLists() {
        NettyVersionRange refCntObject = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("cleanable", "base", "pinnedBytes", "maxPageIdx", "cachedNioBuffers"),
                "util.internal.RefCnt", Set.of("value"))));
        assertThat(refCntObject.describe()).isEqualTo("4.2.8 or newer");
        NettyVersionRange splitLists = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.AdaptivePoolingAllocator$SizeClassedChunk", Set.of("segmentSize", "externalFreeList", "localFreeList"),
                "util.internal.RefCnt", Set.of("value"))));
        assertThat(splitLists.describe()).isEqualTo("4.2.10 or newer");
        NettyVersionRange oneList = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.AdaptivePoolingAllocator$SizeClassedChunk", Set.of("segmentSize", "freeList"),
                "util.internal.RefCnt", Set.of("value"))));
        assertThat(oneList.describe()).isEqualTo("4.2.8 to 4.2.9");
    }

    @Test
    void aHeapWithoutNettyShapesIsUnknownNotAnError() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of()));
        assertThat(range.describe()).isEqualTo("unknown");
        assertThat(range.evidence()).isEmpty();
    }

    @Test
    void contradictoryShapesAreReportedAsSuch() {
        NettyVersionRange range = VersionFingerprint.of(new Shapes(Map.of(
                "buffer.PoolChunk", Set.of("memoryMap", "cleanable"))));
        assertThat(range.contradictory()).isTrue();
        assertThat(range.describe()).startsWith("unknown");
    }
}
