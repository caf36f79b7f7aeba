package dev.nettyforensics.netty;

import java.util.List;

/**
 * A {@code ResourceLeakDetector$DefaultResourceLeak} found in the heap. Reachable with a cleared
 * referent, it is a confirmed leak Netty has not reported yet; unreachable (non-live dumps only),
 * it was already reported or closed. Immutable.
 *
 * @param objectId       heap id of the DefaultResourceLeak
 * @param referentId     heap id of the tracked buffer, 0 when garbage-collected or closed
 * @param tracked        still in the detector's {@code allLeaks} (reachable)
 * @param closed         closed properly (head cleared, or the 4.2.5+ close marker)
 * @param records        TraceRecords in its chain (creation record included)
 * @param hints          hint strings recorded with {@code touch(hint)}, newest first. Heap strings: only Netty's
 *                       own pipeline hints ("'name' will handle the message from this point.") are structural;
 *                       application hints may carry data and must not be printed in reports
 * @param creationFrames {@code class.method} frames of the creation record when the heap holds them
 *                       (only after Netty printed the record), else empty
 * @param lastTouchFrames frames of the newest record that has frames (the last access), else empty
 */
public record LeakRecordHint(long objectId, long referentId, boolean tracked, boolean closed, int records,
                             List<String> hints, List<String> creationFrames,
                             List<String> lastTouchFrames) {
    public LeakRecordHint {
        hints = List.copyOf(hints);
        creationFrames = List.copyOf(creationFrames);
        lastTouchFrames = List.copyOf(lastTouchFrames);
    }

    /** The tracked buffer was garbage-collected without release: a leak. */
    public boolean confirmedLeak() {
        return referentId == 0 && !closed;
    }
}
