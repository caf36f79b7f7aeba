package dev.nettyforensics.leak;

import dev.nettyforensics.netty.BufferState;
import dev.nettyforensics.netty.ModelDiagnostic;
import dev.nettyforensics.netty.NettyBuffer;
import dev.nettyforensics.netty.NettyClassName;
import dev.nettyforensics.netty.NettyInstance;
import dev.nettyforensics.netty.NettyModel;
import dev.nettyforensics.netty.ObjectGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the Netty model into ranked sites (DESIGN §4 "Owner", "Site", "Kind", "Bytes per
 * connection"; §5 ranking). Never throws for heap content: what cannot be attributed is reported in
 * diagnostics. Stateless; thread safe if the graph is used by one thread. Cost: Σ over buffers holding
 * memory of their dominator-chain length.
 */
public final class LeakAnalyzer {
    /** Below this, orphaned bytes are treated as accounting noise (in-flight allocations, rounding). */
    static final long ORPHAN_NOISE_BYTES = 1L << 20;
    /** A partial frame this large waiting on an open channel means the peer stopped sending. */
    static final long CUMULATION_LEAK_BYTES = 32L << 10;
    private static final int MAX_VIEW_FALLBACKS = 100_000;

    private LeakAnalyzer() {
    }

    /** Ranks every site of the model. */
    public static LeakFindings analyze(ObjectGraph g, NettyModel model) {
        List<ModelDiagnostic> diagnostics = new ArrayList<>();
        ChannelIndex channelIndex = new ChannelIndex(g, model.channels());
        OwnerResolver resolver = new OwnerResolver(g, channelIndex);
        Map<Long, List<NettyBuffer>> views = viewsByTarget(model.buffers());
        Map<String, SiteAccumulator> sites = new LinkedHashMap<>();
        Map<String, Long> unreachableBuffers = new HashMap<>();
        long openConnections = Math.max(0, model.openConnections());
        int fallbacks = 0;
        long unattributed = 0;
        List<NettyBuffer> live = new ArrayList<>();
        List<NettyBuffer> unreachable = new ArrayList<>();
        for (NettyBuffer b : model.buffers()) {
            if (b.offHeapBytes() <= 0) {
                continue;
            }
            if (b.state() == BufferState.UNREACHABLE_LIVE) {
                unreachableBuffers.merge(prefixOf(b), 1L, Long::sum);
                unreachable.add(b);
            } else if (b.state() == BufferState.LIVE) {
                live.add(b);
            }
        }
        Map<String, Long> unreachableAttributed = new HashMap<>();
        try {
            attributeUnreachable(resolver, unreachable, sites, unreachableAttributed);
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("holders of unreachable buffers not searched: " + e));
        }
        Map<Long, BufferOwner> owners = Map.of();
        try {
            List<Long> ids = new ArrayList<>();
            live.forEach(b -> ids.add(b.objectId()));
            owners = resolver.resolveAll(ids);
        } catch (RuntimeException e) {
            diagnostics.add(ModelDiagnostic.warning("owners could not be resolved: " + e));
        }
        for (NettyBuffer b : live) {
            BufferOwner owner = owners.get(b.objectId());
            try {
                if ((owner == null || owner.kind() == OwnerKind.OTHER) && fallbacks < MAX_VIEW_FALLBACKS) {
                    // The root may be shared with a leak-detector referent; its views show who holds it.
                    fallbacks++;
                    BufferOwner viaView = ownerThroughViews(resolver, views, b.objectId(), 3);
                    owner = viaView != null ? viaView : owner;
                }
            } catch (RuntimeException e) {
                owner = null;
            }
            if (owner == null) {
                unattributed += b.offHeapBytes();
                continue;
            }
            SiteKind kind = kindOf(owner);
            String key = kind + "|" + owner.ownerClass() + "|" + owner.field();
            SiteAccumulator site = sites.get(key);
            if (site == null) {
                site = new SiteAccumulator(kind, owner.ownerClass(), owner.field(), prefixOf(b));
                sites.put(key, site);
            }
            site.add(b, owner);
        }
        if (unattributed > 0) {
            diagnostics.add(ModelDiagnostic.warning(unattributed + " bytes of live buffers could not be attributed"));
        }
        List<LeakSite> out = new ArrayList<>();
        for (SiteAccumulator s : sites.values()) {
            out.add(SiteRanking.toSite(s, openConnections));
        }
        for (NettyInstance instance : model.instances()) {
            out.addAll(ledgerSites(instance, unreachableBuffers.getOrDefault(instance.prefix(), 0L),
                    unreachableAttributed.getOrDefault(instance.prefix(), 0L), openConnections,
                    handlerClassByName(model)));
        }
        List<LeakSite> ranked = SiteRanking.rank(out);
        return new LeakFindings(ranked, SiteRanking.channelRetention(sites), diagnostics);
    }

    /** Handler name to class, the most frequent class per name over all channels (ties: alphabetical). */
    private static Map<String, String> handlerClassByName(NettyModel model) {
        Map<String, Map<String, Integer>> counts = new java.util.TreeMap<>();
        for (dev.nettyforensics.netty.NettyChannel c : model.channels()) {
            for (dev.nettyforensics.netty.NettyChannel.Handler h : c.pipeline()) {
                if (h.name() != null && h.className() != null) {
                    counts.computeIfAbsent(h.name(), k -> new java.util.TreeMap<>()).merge(h.className(), 1, Integer::sum);
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        counts.forEach((name, byClass) -> out.put(name, byClass.entrySet().stream()
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null)));
        return out;
    }

    private static String prefixOf(NettyBuffer b) {
        return NettyClassName.parse(b.className()).map(NettyClassName::prefix).orElse("");
    }

    private static BufferOwner ownerThroughViews(OwnerResolver resolver, Map<Long, List<NettyBuffer>> views,
                                                 long target, int depth) {
        if (depth == 0) {
            return null;
        }
        for (NettyBuffer v : views.getOrDefault(target, List.of())) {
            if (v.state() != BufferState.LIVE) {
                continue;
            }
            BufferOwner o = resolver.resolve(v.objectId());
            if (o.kind() != OwnerKind.OTHER) {
                return o;
            }
            BufferOwner deeper = ownerThroughViews(resolver, views, v.objectId(), depth - 1);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    private static Map<Long, List<NettyBuffer>> viewsByTarget(List<NettyBuffer> buffers) {
        Map<Long, List<NettyBuffer>> views = new HashMap<>();
        for (NettyBuffer b : buffers) {
            if (b.targetId() != 0) {
                views.computeIfAbsent(b.targetId(), k -> new ArrayList<>()).add(b);
            }
        }
        return views;
    }

    private static SiteKind kindOf(BufferOwner owner) {
        boolean closed = owner.channel() != null && owner.channel().closed();
        switch (owner.kind()) {
            case OUTBOUND:
                return closed ? SiteKind.CLOSED_CHANNEL_RETENTION : SiteKind.OUTBOUND_BACKLOG;
            case CUMULATION:
                return closed ? SiteKind.CLOSED_CHANNEL_RETENTION : SiteKind.DECODER_CUMULATION;
            case STATIC:
                return SiteKind.STATIC_RETENTION;
            case HANDLER:
            case ATTRIBUTE:
            case CHANNEL:
                return closed ? SiteKind.CLOSED_CHANNEL_RETENTION : SiteKind.HELD_BY_HANDLER;
            default:
                return SiteKind.HELD_BY_HANDLER;
        }
    }

    /** Orphaned, thread-cache and pool-baseline sites of one Netty copy, from its ledger. */
    /**
     * Bytes Netty's no-cleaner counter holds that no chunk or buffer in the heap accounts for: memory
     * of no-cleaner buffers (unpooled or huge) collected without release, gone with no trace but the
     * counter. Ignored below 1% of the counter (allocations in flight).
     */
    static long counterOnlyBytes(NettyInstance instance) {
        Long gap = instance.counterGapBytes();
        if (gap == null || !Boolean.TRUE.equals(instance.noCleaner())) {
            return 0;
        }
        return gap > Math.max(64L << 10, instance.counterBytes() / 100) ? gap : 0;
    }

    /** Unreachable-live buffers with a holder still in the (non-live) heap become unreachable-live sites. */
    private static void attributeUnreachable(OwnerResolver resolver, List<NettyBuffer> unreachable,
                                             Map<String, SiteAccumulator> sites, Map<String, Long> attributedBytes) {
        if (unreachable.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        unreachable.forEach(b -> ids.add(b.objectId()));
        Map<Long, BufferOwner> holders = resolver.unreachableHolders(ids);
        for (NettyBuffer b : unreachable) {
            BufferOwner holder = holders.get(b.objectId());
            if (holder == null) {
                continue;
            }
            String key = SiteKind.UNREACHABLE_LIVE + "|" + holder.ownerClass() + "|" + holder.field();
            SiteAccumulator site = sites.get(key);
            if (site == null) {
                site = new SiteAccumulator(SiteKind.UNREACHABLE_LIVE, holder.ownerClass(), holder.field(), prefixOf(b));
                sites.put(key, site);
            }
            site.add(b, holder);
            attributedBytes.merge(prefixOf(b), b.offHeapBytes(), Long::sum);
        }
    }

    private static List<LeakSite> ledgerSites(NettyInstance instance, long unreachableBuffers, long attributedBytes,
                                              long openConnections, Map<String, String> handlerClassByName) {
        List<LeakSite> out = new ArrayList<>();
        long perConnDivisor = Math.max(1, openConnections);
        // Unreachable buffers whose holder is known have their own site; the rest stays orphaned.
        long orphaned = Math.max(0, instance.ledger().orphanedBytes() - attributedBytes);
        long counterOnly = counterOnlyBytes(instance);
        if (orphaned + counterOnly > 0) {
            out.add(OrphanedSite.build(instance, orphaned, counterOnly, unreachableBuffers, perConnDivisor,
                    handlerClassByName));
        }
        long cached = instance.ledger().threadCacheBytes();
        if (cached > 0) {
            out.add(new LeakSite(0, SiteFingerprint.of("thread-cache", instance.prefix()), SiteKind.THREAD_CACHE, false,
                    instance.prefix() + "buffer.PoolThreadCache", null, List.of(), 0, cached, 0,
                    cached / perConnDivisor, "open-connections", 0.9,
                    "released buffers parked in per-thread caches for reuse: not a leak; bounded by the cache sizes",
                    List.of(cached + " bytes in thread-cache entries"), instance.prefix(), List.of()));
        }
        long free = instance.ledger().freeInChunksBytes();
        if (free > 0) {
            out.add(new LeakSite(0, SiteFingerprint.of("pool-baseline", instance.prefix()), SiteKind.POOL_BASELINE,
                    false, null, null, List.of(), 0, free, 0, free / perConnDivisor, "open-connections", 0.9,
                    "free space inside chunks the allocator keeps: not a leak; the pool's baseline",
                    List.of(free + " bytes free inside " + instance.allocatorType() + " chunks"), instance.prefix(),
                    List.of()));
        }
        return out;
    }

}
