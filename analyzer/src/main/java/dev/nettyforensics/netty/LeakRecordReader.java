package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Netty's leak-detector objects ({@code DefaultResourceLeak} and its {@code Record}/{@code TraceRecord}
 * chain). A record's frames come from {@code Throwable.stackTrace} when the JVM filled it (Netty formatted the
 * record), else from the VM-private backtrace ({@link ThrowableBacktrace}: declaring classes only). Backtraces are
 * decoded only for records of leaked buffers (referent collected, or unreachable in a non-live dump): at PARANOID
 * level every live buffer is tracked, and their records say nothing about a leak. Not thread safe.
 */
final class LeakRecordReader {
    private static final int MAX_RECORDS = 1000;
    private static final int MAX_FRAMES = 64;
    /** Backtraces decoded per heap at most (each up to 64 frames): bounds the cost when thousands of leaks remain. */
    private static final int MAX_DECODED_RECORDS = 20_000;
    private static final int CLOSE_MARK_POS = -2;

    private LeakRecordReader() {
    }

    static List<LeakRecordHint> read(InstanceScope scope) {
        ObjectGraph g = scope.graph;
        List<LeakRecordHint> out = new ArrayList<>();
        int[] budget = {MAX_DECODED_RECORDS};
        for (long cls : scope.subclassesOf("util.ResourceLeakDetector$DefaultResourceLeak")) {
            for (long leak : g.instancesOf(cls)) {
                out.add(readOne(g, scope.prefix, leak, budget));
            }
        }
        out.sort(java.util.Comparator.comparingLong(LeakRecordHint::objectId));
        return out;
    }

    private static LeakRecordHint readOne(ObjectGraph g, String prefix, long leak, int[] budget) {
        long referent = g.ref(leak, "referent");
        long head = g.ref(leak, "head");
        boolean tracked = !g.hasUnreachableObjects() || g.isReachable(leak);
        boolean referentUnreachable = referent != 0 && g.hasUnreachableObjects() && !g.isReachable(referent);
        boolean decode = referent == 0 || referentUnreachable;
        List<String> hints = new ArrayList<>();
        List<String> frames = List.of();
        List<String> newest = List.of();
        List<String> creationClasses = List.of();
        FrameClasses.User direct = null;
        FrameClasses.User indirect = null;
        int records = 0;
        boolean closeMark = false;
        long rec = head;
        while (rec != 0 && records < MAX_RECORDS) {
            Long pos = g.number(rec, "pos");
            long next = g.ref(rec, "next");
            if (pos != null && pos == CLOSE_MARK_POS) {
                closeMark = true;
            }
            if (next == 0 && pos != null && pos == -1) {
                break; // BOTTOM sentinel
            }
            records++;
            String hint = g.string(g.ref(rec, "hintString"));
            if (hint != null) {
                hints.add(hint);
            }
            List<String> f = frames(g, rec);
            if (!f.isEmpty()) {
                frames = f; // the last one read is the oldest: the creation record
                if (newest.isEmpty()) {
                    newest = f;
                }
            }
            if (decode && budget[0] > 0) {
                budget[0]--;
                List<String> classes = f.isEmpty() ? ThrowableBacktrace.declaringClasses(g, rec)
                        : FrameClasses.ofFrames(f);
                if (!classes.isEmpty()) {
                    creationClasses = classes;
                    FrameClasses.User user = FrameClasses.applicationUser(classes, prefix);
                    if (user != null && user.direct() && direct == null) {
                        direct = user; // records run newest first
                    } else if (user != null && indirect == null) {
                        indirect = user;
                    }
                }
            }
            rec = next;
        }
        boolean closed = closeMark || (head == 0 && referent == 0);
        FrameClasses.User user = direct != null ? direct : indirect;
        return new LeakRecordHint(leak, referent, tracked, closed, records, hints, frames, newest,
                referentUnreachable, creationClasses, user == null ? null : user.className(),
                user != null && user.direct());
    }

    private static List<String> frames(ObjectGraph g, long throwable) {
        long trace = g.ref(throwable, "stackTrace");
        List<String> frames = new ArrayList<>();
        if (trace == 0) {
            return frames;
        }
        for (long element : g.objectArray(trace)) {
            if (element == 0 || frames.size() >= MAX_FRAMES) {
                break;
            }
            String cls = g.string(g.ref(element, "declaringClass"));
            String method = g.string(g.ref(element, "methodName"));
            if (cls != null && method != null) {
                frames.add(cls + "." + method);
            }
        }
        return frames;
    }
}
