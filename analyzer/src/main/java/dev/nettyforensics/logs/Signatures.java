package dev.nettyforensics.logs;

import dev.nettyforensics.log.LeakReport;
import dev.nettyforensics.log.ParsedThrowable;
import dev.nettyforensics.log.StackFrame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stable signatures (log-formats.md §7.8): a short SHA-1 of a canonical string built from
 * normalised frames and exception types only, never messages, line numbers or addresses, so the
 * same bug groups together across runs and redeploys. Thread safe.
 */
final class Signatures {
    private static final int TOP_FRAMES = 8;

    private Signatures() {}

    static String hash(String canonical) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
    }

    /** Up to {@code max} normalised frames, consecutive repeats (recursion) collapsed. */
    static List<String> keys(List<StackFrame> frames, int max) {
        List<String> keys = new ArrayList<>();
        String previous = null;
        for (StackFrame f : frames) {
            String k = FrameClassifier.key(f);
            if (k.equals(previous)) {
                continue;
            }
            keys.add(k);
            previous = k;
            if (keys.size() >= max) {
                break;
            }
        }
        return keys;
    }

    /** Frames from the allocation site on (allocator internals dropped). */
    static List<StackFrame> afterInternals(List<StackFrame> frames) {
        int i = 0;
        while (i < frames.size() && AllocationPath.internal(FrameClassifier.normaliseClass(frames.get(i).className()))) {
            i++;
        }
        return frames.subList(i, frames.size());
    }

    static String oom(LogEvent.Oom oom, AllocationPath path) {
        List<String> top = oom.throwable() == null ? List.of() : keys(afterInternals(oom.throwable().frames()), TOP_FRAMES);
        return hash("oom|" + oom.kind().label() + "|" + path.category() + "|" + path.site() + "|" + path.firstAppFrame()
            + "|" + String.join(",", top));
    }

    static String leak(LeakReport r, String createdAtSite, String createdAtApp, String lastTouchApp, String hint) {
        return hash("leak|" + FrameClassifier.normaliseClass(r.resourceType()) + "|" + r.kind() + "|" + createdAtSite
            + "|" + createdAtApp + "|" + lastTouchApp + "|" + hint);
    }

    static String exception(ParsedThrowable t, String firstAppFrame) {
        if (t == null) {
            return hash("tail|no-exception");
        }
        StringBuilder chain = new StringBuilder();
        for (ParsedThrowable c : t.chain()) {
            chain.append(FrameClassifier.normaliseClass(c.className())).append('>');
        }
        return hash("tail|" + chain + "|" + firstAppFrame + "|" + String.join(",", keys(t.rootCause().frames(), 5)));
    }
}
