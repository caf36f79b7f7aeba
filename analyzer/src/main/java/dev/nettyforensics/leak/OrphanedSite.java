package dev.nettyforensics.leak;

import dev.nettyforensics.netty.ChunkAccount;
import dev.nettyforensics.netty.LeakRecordHint;
import dev.nettyforensics.netty.NettyInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The orphaned-memory site of one Netty copy: bytes allocated that no reachable buffer nor cache
 * entry backs. Named as precisely as the heap allows: from leak-detector records (last access and
 * creation frames once Netty printed them, hint strings) and unreachable buffers in non-live dumps.
 */
final class OrphanedSite {
    private OrphanedSite() {
    }

    private static final java.util.regex.Pattern PIPELINE_HINT =
            java.util.regex.Pattern.compile("^'(.+)' will handle the message from this point\\.?$");

    /**
     * @param handlerClassByName pipeline handler names to their classes (from live channels), to read
     *                           Netty's own "'name' will handle the message from this point." hints
     */
    static LeakSite build(NettyInstance instance, long inChunks, long counterOnly, long unreachableBuffers,
                          long perConnDivisor, Map<String, String> handlerClassByName) {
        List<String> evidence = new ArrayList<>();
        long orphaned = inChunks + counterOnly;
        long pinnedChunks = 0;
        boolean pinnedKnown = false;
        for (ChunkAccount c : instance.chunks()) {
            if (c.direct() && c.orphanedBytes() > 0) {
                pinnedChunks++;
            }
            pinnedKnown |= c.pinnedBytes() >= 0;
        }
        if (inChunks > 0) {
            evidence.add(inChunks + " bytes allocated in " + pinnedChunks + " chunks with no reachable buffer "
                    + (pinnedKnown ? "(pinnedBytes minus reachable live buffers)"
                    : "(handed-out bytes minus live buffers and thread caches)"));
        }
        if (counterOnly > 0) {
            evidence.add(counterOnly + " bytes in Netty's DIRECT_MEMORY_COUNTER that no chunk or buffer in the heap "
                    + "accounts for: no-cleaner buffers garbage-collected without release()");
        }
        if (unreachableBuffers > 0) {
            evidence.add(unreachableBuffers + " buffers with a live reference count are unreachable in this "
                    + "non-live dump: dropped without release()");
        }
        long confirmed = 0;
        long reported = 0;
        Map<String, Integer> owners = new TreeMap<>();
        Map<String, List<String>> framesByOwner = new TreeMap<>();
        List<String> hints = new ArrayList<>();
        long customHints = 0;
        for (LeakRecordHint r : instance.leakRecords()) {
            if (r.confirmedLeak() && r.tracked()) {
                confirmed++;
            } else if (!r.tracked() && !r.closed()) {
                reported++;
            } else {
                continue;
            }
            for (String h : r.hints()) {
                // Only Netty's own pipeline hints are structural; application hints may carry data.
                if (PIPELINE_HINT.matcher(h).matches() && !hints.contains(h) && hints.size() < 5) {
                    hints.add(h);
                } else if (!PIPELINE_HINT.matcher(h).matches()) {
                    customHints++;
                }
            }
            List<String> frames = !r.lastTouchFrames().isEmpty() ? r.lastTouchFrames() : r.creationFrames();
            String frame = firstApplicationFrame(frames, instance.prefix());
            if (frame != null) {
                owners.merge(frame, 1, Integer::sum);
                framesByOwner.putIfAbsent(frame, frames);
            }
        }
        if (confirmed > 0) {
            evidence.add(confirmed + " leak-detector records whose buffer was garbage-collected without release() "
                    + "(not yet logged)");
        }
        if (reported > 0) {
            evidence.add(reported + " leak-detector records already reported (LEAK: lines in the log)");
        }
        for (String h : hints) {
            evidence.add("leak hint: " + h);
        }
        if (customHints > 0) {
            evidence.add(customHints + " application hints in leak records (not shown: they may carry data)");
        }
        String ownerFrame = null;
        int best = 0;
        for (Map.Entry<String, Integer> e : owners.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                ownerFrame = e.getKey();
            }
        }
        String owner = ownerFrame == null ? null : ownerFrame.substring(0, ownerFrame.lastIndexOf('.'));
        List<String> frames = ownerFrame == null ? List.of() : framesByOwner.get(ownerFrame);
        if (owner == null) {
            owner = ownerFromPipelineHints(instance, handlerClassByName, evidence);
        }
        if (owner == null) {
            evidence.add("the heap holds no record of which code dropped them; see LEAK: records in the logs");
        }
        boolean leak = orphaned >= LeakAnalyzer.ORPHAN_NOISE_BYTES || confirmed > 0 || reported > 0
                || unreachableBuffers > 0;
        String reason = leak ? "buffers were garbage-collected (or made unreachable) without release(): their "
                + "memory stays allocated for good"
                : "a few allocations in flight at dump time; below the noise threshold";
        double confidence = leak ? (owner != null || confirmed > 0 || pinnedKnown ? 0.9 : 0.7) : 0.3;
        return new LeakSite(0, SiteFingerprint.of("orphaned", instance.prefix(), owner), SiteKind.ORPHANED, leak,
                owner, null, frames, unreachableBuffers, orphaned, 0, orphaned / perConnDivisor, "open-connections",
                confidence, reason, evidence, instance.prefix(), List.of());
    }

    /**
     * Netty's pipeline touches buffers with the hint "'name' will handle the message from this point.";
     * the newest such hint of leaked buffers names the last handler that received them.
     */
    private static String ownerFromPipelineHints(NettyInstance instance, Map<String, String> handlerClassByName,
                                                 List<String> evidence) {
        Map<String, Integer> votes = new TreeMap<>();
        for (LeakRecordHint r : instance.leakRecords()) {
            if (r.closed() || (r.tracked() && !r.confirmedLeak())) {
                continue;
            }
            for (String h : r.hints()) {
                java.util.regex.Matcher m = PIPELINE_HINT.matcher(h);
                if (m.matches()) {
                    votes.merge(m.group(1), 1, Integer::sum);
                    break; // only the newest pipeline hint of each record
                }
            }
        }
        String best = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        String cls = best == null ? null : handlerClassByName.get(best);
        if (cls != null) {
            evidence.add(most + " leaked buffers were last handed to pipeline handler '" + best + "' (" + cls + ")");
        }
        return cls;
    }

    /** The first frame outside Netty and the JDK: the application code that touched the buffer last. */
    static String firstApplicationFrame(List<String> frames, String nettyPrefix) {
        for (String f : frames) {
            if (f.startsWith(nettyPrefix) || f.startsWith("java.") || f.startsWith("jdk.") || f.startsWith("sun.")
                    || f.startsWith("io.netty.") || f.lastIndexOf('.') <= 0) {
                continue;
            }
            return f;
        }
        return null;
    }
}
