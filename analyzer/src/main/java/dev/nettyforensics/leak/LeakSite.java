package dev.nettyforensics.leak;

import java.util.List;

/**
 * One site (DESIGN §4/§5): where retained or lost direct memory lives in the code. Immutable.
 *
 * @param rank               1-based position after ranking
 * @param fingerprint        12 hex digits hashed from kind, owner class and owner field (never from addresses)
 * @param kind               the site kind
 * @param leak               whether this site is a leak (with {@code reason} saying why or why not)
 * @param owner              fully qualified owner class, or null when the dump does not name it
 * @param path               owner field down to the buffer class, collections collapsed; null when none
 * @param frames             {@code class.method} frames from leak-detector records, newest access first
 * @param buffers            root buffers in the site (0 for orphaned memory whose buffers are gone)
 * @param retainedBytes      off-heap bytes the site retains (or lost, for orphaned)
 * @param channels           distinct channels whose buffers the site holds (0 for global sites)
 * @param bytesPerConnection retained bytes per channel; for global sites per open connection
 * @param perConnectionBasis {@code channels} or {@code open-connections}: what the division used
 * @param confidence         0..1
 * @param reason             one sentence: why it is (or is not) a leak
 * @param evidence           facts behind the claim, no heap strings except class and field names
 * @param nettyPrefix        the Netty copy the memory belongs to
 * @param channelIds         object ids of the channels (for per-channel reports), ascending
 */
public record LeakSite(int rank, String fingerprint, SiteKind kind, boolean leak, String owner, String path,
                       List<String> frames, long buffers, long retainedBytes, long channels,
                       long bytesPerConnection, String perConnectionBasis, double confidence, String reason,
                       List<String> evidence, String nettyPrefix, List<Long> channelIds) {
    public LeakSite {
        frames = List.copyOf(frames);
        evidence = List.copyOf(evidence);
        channelIds = List.copyOf(channelIds);
    }

    LeakSite withRank(int newRank) {
        return new LeakSite(newRank, fingerprint, kind, leak, owner, path, frames, buffers, retainedBytes, channels,
                bytesPerConnection, perConnectionBasis, confidence, reason, evidence, nettyPrefix, channelIds);
    }
}
