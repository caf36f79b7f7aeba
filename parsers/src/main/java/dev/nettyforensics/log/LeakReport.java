package dev.nettyforensics.log;

import java.util.List;
import java.util.Objects;

/**
 * One Netty {@code LEAK:} report, parsed (log-formats.md §4.1). Immutable.
 *
 * @param resourceType        the leaked type's simple name, e.g. {@code ByteBuf}; not null
 * @param era                 which of Netty's three report formats was printed, not null
 * @param kind                what the report says, not null
 * @param accessRecords       access records in printed order, which is most recent first in every era; not null
 * @param createdAt           the allocation stack ({@code Created at:}, or era A's throwable), not null, may be empty
 * @param declaredRecordCount era B's {@code Recent access records: N}, or -1
 * @param discardedDuplicates era C's "N leak records were discarded because they were duplicates", or 0
 * @param discardedOverLimit  records dropped over the record limit/target (era B WARNING or era C line), or 0
 * @param httpsUrl            true when the wiki URL was printed with https (Netty 4.1.38 and later)
 */
public record LeakReport(String resourceType, Era era, Kind kind, List<AccessRecord> accessRecords,
        List<StackFrame> createdAt, int declaredRecordCount, int discardedDuplicates, int discardedOverLimit,
        boolean httpsUrl) {
    public LeakReport {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(kind, "kind");
        accessRecords = List.copyOf(accessRecords);
        createdAt = List.copyOf(createdAt);
    }

    /** Netty's report format by version. */
    public enum Era {
        /** 4.0.0–4.0.13: "was GC'd before being released correctly" plus a throwable. */
        A,
        /** 4.0.14–4.0.52 and 4.1.0–4.1.16: "Recent access records: N", WARNING line before the records. */
        B,
        /** 4.0.53+, 4.1.17+ and 4.2: "Recent access records: " without a count, #1 newest. */
        C,
        /** Only the header was printed, so the era cannot be told. */
        UNKNOWN
    }

    /** What kind of report this is. */
    public enum Kind {
        /** Access records and/or the allocation stack were printed. */
        TRACED,
        /** "Enable advanced leak reporting to find out where the leak occurred": no stacks at all. */
        UNTRACED,
        /** "You are creating too many X instances": not a buffer leak, a misuse of a shared resource. */
        TOO_MANY_INSTANCES
    }

    /**
     * One {@code #N:} section.
     *
     * @param number the printed number
     * @param hint   the {@code Hint:} text, or null
     * @param frames frames, top first, not null
     */
    public record AccessRecord(int number, String hint, List<StackFrame> frames) {
        public AccessRecord {
            frames = List.copyOf(frames);
        }
    }

    /** The most recent access (the first printed record), or null when none was printed. */
    public AccessRecord lastTouch() {
        return accessRecords.isEmpty() ? null : accessRecords.get(0);
    }

    /** True for era C's default-level (SIMPLE) shape: allocation stack only, no access record. */
    public boolean allocationOnly() {
        return kind == Kind.TRACED && accessRecords.isEmpty() && !createdAt.isEmpty();
    }
}
