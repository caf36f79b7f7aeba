package dev.nettyforensics.leak;

import dev.nettyforensics.netty.ModelDiagnostic;
import java.util.List;

/**
 * The ranked sites of one heap and what each channel retains. Immutable; thread safe.
 *
 * @param sites       ranked: leaks by retained bytes, then non-leak kinds (DESIGN §5)
 * @param channels    per channel holding off-heap bytes, by retained bytes descending
 * @param diagnostics what limited the analysis
 */
public record LeakFindings(List<LeakSite> sites, List<ChannelRetention> channels, List<ModelDiagnostic> diagnostics) {
    public LeakFindings {
        sites = List.copyOf(sites);
        channels = List.copyOf(channels);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The top-ranked leak site, or null when no leak is claimed. */
    public LeakSite topLeak() {
        return sites.isEmpty() || !sites.get(0).leak() ? null : sites.get(0);
    }

    /**
     * Off-heap bytes a channel's structures retain.
     *
     * @param channelObjectId heap id of the channel (see {@code NettyChannel#objectId})
     * @param retainedBytes   Σ off-heap weight of buffers whose owner chain passes this channel
     * @param topSite         fingerprint of the site holding most of them
     */
    public record ChannelRetention(long channelObjectId, long retainedBytes, String topSite) {
    }
}
