package dev.nettyforensics.leak;

import dev.nettyforensics.netty.NettyClassName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns gathered sites into {@link LeakSite}s (leak or not, with the reason) and ranks them as
 * DESIGN §5 says: leaks by retained bytes, then non-leak kinds. Stateless.
 */
final class SiteRanking {
    private SiteRanking() {
    }

    static LeakSite toSite(SiteAccumulator s, long openConnections) {
        long channels = s.channels.size();
        boolean global = channels == 0;
        long perConnection = global ? s.bytes / Math.max(1, openConnections) : s.bytes / channels;
        List<String> evidence = new ArrayList<>();
        evidence.add(s.buffers + " buffers retain " + s.bytes + " bytes off-heap");
        evidence.add(global ? "no channel's structures hold them; divided by " + openConnections + " open connections"
                : "held for " + channels + " channels");
        boolean leak = s.kind.leakKind();
        String reason;
        double confidence = 0.9;
        OwnerKind ownerKind = s.mainOwnerKind();
        switch (s.kind) {
            case OUTBOUND_BACKLOG:
                reason = s.anyOverHighWaterMark
                        ? "writes pending on channels that are unwritable (pending bytes above the high-water mark): "
                        + "backpressure ignored, not a leak; the memory returns when the peers read"
                        : "writes in flight, not a leak";
                break;
            case DECODER_CUMULATION:
                leak = perConnection >= LeakAnalyzer.CUMULATION_LEAK_BYTES;
                reason = leak ? "partial frames of " + perConnection + " bytes per connection wait in the decoder of "
                        + "open channels whose peers stopped sending (zombie connections: no idle timeout)"
                        : "small partial frames in progress, normal";
                confidence = leak ? 0.8 : 0.5;
                break;
            case STATIC_RETENTION:
                reason = "a static field keeps buffers for the life of the process";
                break;
            case CLOSED_CHANNEL_RETENTION:
                reason = "channels are closed but their structures still hold buffers";
                break;
            case UNREACHABLE_LIVE:
                reason = "the holder became garbage without releasing its buffers: unreachable in this non-live "
                        + "dump but never released, so their memory is lost";
                break;
            default:
                if (ownerKind == OwnerKind.THREAD) {
                    leak = false;
                    reason = "held on a thread's stack: in flight at dump time";
                    confidence = 0.5;
                } else if (ownerKind == OwnerKind.OTHER && isInfrastructure(s.ownerClass)) {
                    leak = false;
                    reason = "held by Netty or JDK internals, not by application code";
                    confidence = 0.4;
                } else {
                    reason = "a handler keeps buffers it never releases";
                }
        }
        String owner = s.ownerClass;
        String fingerprint = SiteFingerprint.of(s.kind.label(), owner, s.field);
        return new LeakSite(0, fingerprint, s.kind, leak, owner, s.mainPath(), List.of(), s.buffers, s.bytes, channels,
                perConnection, global ? "open-connections" : "channels", confidence, reason, evidence, s.prefix,
                new ArrayList<>(s.channels));
    }

    static boolean isInfrastructure(String cls) {
        return cls == null || cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || NettyClassName.parse(cls).isPresent();
    }

    static List<LeakSite> rank(List<LeakSite> sites) {
        List<LeakSite> sorted = new ArrayList<>(sites);
        sorted.sort(Comparator.comparing((LeakSite s) -> !s.leak())
                .thenComparingInt(s -> s.leak() ? 0 : nonLeakOrder(s.kind()))
                .thenComparing(Comparator.comparingLong(LeakSite::retainedBytes).reversed())
                .thenComparing(LeakSite::fingerprint));
        List<LeakSite> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            ranked.add(sorted.get(i).withRank(i + 1));
        }
        return ranked;
    }

    /** Among non-leaks, the kinds that explain memory pressure come first. */
    static int nonLeakOrder(SiteKind kind) {
        switch (kind) {
            case OUTBOUND_BACKLOG:
                return 0;
            case THREAD_CACHE:
                return 1;
            case POOL_BASELINE:
                return 3;
            default:
                return 2;
        }
    }

    static List<LeakFindings.ChannelRetention> channelRetention(Map<String, SiteAccumulator> sites) {
        Map<Long, Long> total = new HashMap<>();
        Map<Long, String> top = new HashMap<>();
        Map<Long, Long> topBytes = new HashMap<>();
        for (SiteAccumulator s : sites.values()) {
            String fp = SiteFingerprint.of(s.kind.label(), s.ownerClass, s.field);
            s.bytesByChannel.forEach((ch, bytes) -> {
                total.merge(ch, bytes, Long::sum);
                if (bytes > topBytes.getOrDefault(ch, -1L)) {
                    topBytes.put(ch, bytes);
                    top.put(ch, fp);
                }
            });
        }
        List<LeakFindings.ChannelRetention> out = new ArrayList<>();
        total.forEach((ch, bytes) -> out.add(new LeakFindings.ChannelRetention(ch, bytes, top.get(ch))));
        out.sort(Comparator.comparingLong(LeakFindings.ChannelRetention::retainedBytes).reversed()
                .thenComparingLong(LeakFindings.ChannelRetention::channelObjectId));
        return out;
    }
}
