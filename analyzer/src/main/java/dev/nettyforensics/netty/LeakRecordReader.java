package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Netty's leak-detector objects ({@code DefaultResourceLeak} and its {@code Record}/{@code TraceRecord}
 * chain). Frames are read from {@code Throwable.stackTrace}, which the JVM fills only once Netty
 * formatted the record; the VM-private backtrace is not decoded. Not thread safe.
 */
final class LeakRecordReader {
    private static final int MAX_RECORDS = 1000;
    private static final int MAX_FRAMES = 64;
    private static final int CLOSE_MARK_POS = -2;

    private LeakRecordReader() {
    }

    static List<LeakRecordHint> read(InstanceScope scope) {
        ObjectGraph g = scope.graph;
        List<LeakRecordHint> out = new ArrayList<>();
        for (long cls : scope.subclassesOf("util.ResourceLeakDetector$DefaultResourceLeak")) {
            for (long leak : g.instancesOf(cls)) {
                out.add(readOne(g, leak));
            }
        }
        out.sort(java.util.Comparator.comparingLong(LeakRecordHint::objectId));
        return out;
    }

    private static LeakRecordHint readOne(ObjectGraph g, long leak) {
        long referent = g.ref(leak, "referent");
        long head = g.ref(leak, "head");
        boolean tracked = !g.hasUnreachableObjects() || g.isReachable(leak);
        List<String> hints = new ArrayList<>();
        List<String> frames = List.of();
        List<String> newest = List.of();
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
            rec = next;
        }
        boolean closed = closeMark || (head == 0 && referent == 0);
        return new LeakRecordHint(leak, referent, tracked, closed, records, hints, frames, newest);
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
