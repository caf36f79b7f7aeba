package dev.nettyforensics.leak;

import java.util.Locale;

/** DESIGN §4 "Kind" of a site. The last three are not leaks by themselves. */
public enum SiteKind {
    HELD_BY_HANDLER(true),
    ORPHANED(true),
    UNREACHABLE_LIVE(true),
    STATIC_RETENTION(true),
    CLOSED_CHANNEL_RETENTION(true),
    DECODER_CUMULATION(true),
    OUTBOUND_BACKLOG(false),
    THREAD_CACHE(false),
    POOL_BASELINE(false);

    private final boolean leakKind;

    SiteKind(boolean leakKind) {
        this.leakKind = leakKind;
    }

    /** True for kinds that are leaks unless the site's evidence says otherwise. */
    public boolean leakKind() {
        return leakKind;
    }

    /** The report label, e.g. {@code held-by-handler}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
