package dev.nettyforensics.leak;

import dev.nettyforensics.netty.ChunkAccount;
import dev.nettyforensics.netty.FrameClasses;
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
        long inHeapChunkBytes = 0;
        boolean pinnedKnown = false;
        for (ChunkAccount c : instance.chunks()) {
            if (c.direct() && c.orphanedBytes() > 0) {
                pinnedChunks++;
                inHeapChunkBytes += c.orphanedBytes();
            }
            pinnedKnown |= c.pinnedBytes() >= 0;
        }
        boolean adaptive = instance.allocators().stream().anyMatch(a -> "adaptive".equals(a.type()));
        if (inChunks > 0 && adaptive) {
            // 4.2.10 carves size-classed segments and buddies that are reused one by one; before, chunks were
            // bump-allocated and one leaked buffer kept the whole chunk from being reused
            evidence.add(instance.version().lowest() >= 2010 ? ADAPTIVE_PINS_PIECES : ADAPTIVE_PINS);
            long goneChunkBytes = Math.max(0, inChunks - inHeapChunkBytes);
            if (inHeapChunkBytes > 0) {
                evidence.add(Math.min(inChunks, inHeapChunkBytes) + " bytes in " + pinnedChunks + " chunks still in the "
                        + "heap that no reachable buffer explains (chunk reference counts minus reachable buffers)");
            }
            boolean registry = instance.allocators().stream()
                    .anyMatch(a -> "adaptive".equals(a.type()) && a.usedDirectBytes() >= 0);
            if (goneChunkBytes > 0) {
                evidence.add(goneChunkBytes + " bytes in adaptive chunks no longer in the heap: "
                        + (registry ? "the allocator's chunk registry still counts them"
                        : "Netty's counter still counts them (this version keeps no chunk registry)")
                        + ", but only buffers garbage-collected without release() pointed at them, so nothing will "
                        + "ever free them");
            }
        } else if (inChunks > 0) {
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
        Map<String, Integer> directUsers = new TreeMap<>();
        Map<String, Integer> indirectUsers = new TreeMap<>();
        Map<String, Integer> allocators = new TreeMap<>();
        Map<String, List<String>> framesByOwner = new TreeMap<>();
        boolean classesOnly = false;
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
            if (r.lastUserClass() != null) {
                (r.lastUserDirect() ? directUsers : indirectUsers).merge(r.lastUserClass(), 1, Integer::sum);
                List<String> frames = !r.lastTouchFrames().isEmpty() ? r.lastTouchFrames() : r.creationFrames();
                if (!frames.isEmpty()) {
                    framesByOwner.putIfAbsent(r.lastUserClass(), frames);
                } else {
                    classesOnly = true;
                }
            }
            String allocatedIn = FrameClasses.allocatingClass(r.creationClasses(), instance.prefix());
            if (allocatedIn != null) {
                allocators.merge(allocatedIn, 1, Integer::sum);
            }
        }
        if (confirmed > 0) {
            evidence.add(confirmed + " leak-detector records whose buffer was garbage-collected or dropped without "
                    + "release() (not yet logged)");
        }
        if (reported > 0) {
            evidence.add(reported + " leak-detector records already reported (LEAK: lines in the log)");
        }
        // A class that called the buffer itself beats Netty's pipeline hint, which beats a class that only passed
        // the buffer along (a forwarding handler, or code around the event loop).
        String owner = mostVoted(directUsers);
        boolean direct = owner != null;
        if (owner == null) {
            owner = ownerFromPipelineHints(instance, handlerClassByName, evidence);
        }
        if (owner == null) {
            owner = mostVoted(indirectUsers);
        }
        List<String> frames = owner == null ? List.of() : framesByOwner.getOrDefault(owner, List.of());
        Integer votes = owner == null ? null : (direct ? directUsers : indirectUsers).get(owner);
        if (votes != null) {
            evidence.add(votes + " leaked buffers were last " + (direct ? "used by " : "passed along by ")
                    + owner + " according to their leak-detector records"
                    + (frames.isEmpty() && classesOnly
                    ? " (classes decoded from the JVM's backtrace; heap dumps hold no method names)" : ""));
        }
        String allocator = mostVoted(allocators);
        if (allocator != null) {
            evidence.add(allocators.get(allocator) + " leaked buffers were allocated in " + allocator
                    + (FrameClasses.isFramework(allocator, instance.prefix()) ? " (Netty or JDK code, e.g. the read loop)" : ""));
        }
        if (owner == null) {
            evidence.add(ownerUnknown(instance, confirmed + reported));
        }
        // Hints last: the lines above are what an on-call engineer reads first.
        for (String h : hints) {
            evidence.add("leak hint: " + h);
        }
        if (customHints > 0) {
            evidence.add(customHints + " application hints in leak records (not shown: they may carry data)");
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

    private static final String ADAPTIVE_PINS = "adaptive allocator: one leaked buffer, however small, pins the whole "
            + "chunk it was carved from (up to 8 MiB); a chunk is reused only once every buffer carved from it is "
            + "released, so the memory lost is whole chunks, not the leaked buffers' own bytes";
    private static final String ADAPTIVE_PINS_PIECES = "adaptive allocator (4.2.10 or newer): a leaked buffer pins its own "
            + "segment or buddy, which the chunk cannot reuse, and keeps the chunk from being freed until every piece "
            + "carved from it is released";

    /** The key with the most votes (ties: alphabetical), null when none. */
    private static String mostVoted(Map<String, Integer> votes) {
        String best = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** Why the heap cannot name the code that dropped the buffers, and what would. */
    private static String ownerUnknown(NettyInstance instance, long records) {
        String level = instance.leakDetectionLevel();
        String why;
        if (records > 0) {
            why = "the leak-detector records of these buffers name no application class";
        } else if ("ADVANCED".equals(level) || "PARANOID".equals(level)) {
            why = "no leak-detector records of these buffers in the heap (leak detection is " + level
                    + ": Netty logged them as LEAK: and dropped its records, or they predate it)";
        } else {
            why = "no leak-detector records in the heap (leak detection is " + (level == null ? "unknown" : level)
                    + "); run with -D" + instance.prefix() + "leakDetection.level=advanced to record where buffers are used";
        }
        return "owner unknown: " + why + "; correlate with the LEAK: lines in the logs";
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
}
