package dev.nettyforensics.netty;

import java.util.List;

/**
 * A {@code ResourceLeakDetector$DefaultResourceLeak} found in the heap. Reachable with a cleared
 * referent, it is a confirmed leak Netty has not reported yet; so is one whose buffer is unreachable
 * in a non-live dump (dropped, not yet collected); unreachable itself (non-live dumps only), it was
 * already reported or closed. Immutable.
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
 * @param referentUnreachable the tracked buffer is still in the (non-live) dump but GC roots no longer reach it
 * @param creationClasses declaring classes of the creation record's frames, innermost first, for leaked buffers
 *                       (from {@code stackTrace}, else decoded from the JVM's backtrace); empty when unknown
 * @param lastUserClass  for leaked buffers: the application class (outside Netty and the JDK) of the newest
 *                       record that used the buffer directly, else of the newest record that names one; null when
 *                       no record names application code
 * @param lastUserDirect {@code lastUserClass} called the buffer (or the allocator) itself rather than only passing
 *                       the buffer along
 */
public record LeakRecordHint(long objectId, long referentId, boolean tracked, boolean closed, int records,
                             List<String> hints, List<String> creationFrames,
                             List<String> lastTouchFrames, boolean referentUnreachable,
                             List<String> creationClasses, String lastUserClass, boolean lastUserDirect) {
    public LeakRecordHint {
        hints = List.copyOf(hints);
        creationFrames = List.copyOf(creationFrames);
        lastTouchFrames = List.copyOf(lastTouchFrames);
        creationClasses = List.copyOf(creationClasses);
    }

    /** The tracked buffer was garbage-collected, or dropped (unreachable in a non-live dump), without release: a leak. */
    public boolean confirmedLeak() {
        return (referentId == 0 && !closed) || referentUnreachable;
    }
}
