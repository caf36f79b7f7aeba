package dev.nettyforensics.netty;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adaptive chunks the allocator itself still holds: a magazine's current or next chunk, a
 * reuse queue (4.2.3 to 4.2.9) or a chunk cache (4.2.10 on: per-thread rings, shared queues,
 * skip lists). Such a chunk carries the pool's own reference on top of one per outstanding buffer;
 * a chunk held by nothing but buffers was retired, and its remaining references are buffers only.
 *
 * <p>Found by walking from every magazine, magazine group and allocator through whatever
 * containers the version uses, without entering buffers (a chunk a buffer points at is not held by
 * the pool), threads (a group's owner thread leads to the whole application) or chunks themselves.
 * Thread-local magazine groups live in thread-local maps, not in the allocator's fields, which is
 * why the walk starts at every group. Not thread safe; cost: the allocator's own objects.
 */
final class AdaptivePoolHold {
    /** Stops a walk that escaped into the application through a field this model does not know. */
    private static final int MAX_OBJECTS = 2_000_000;

    private AdaptivePoolHold() {}

    static Set<Long> chunksHeldByThePool(InstanceScope scope, List<ModelDiagnostic> diagnostics) {
        ObjectGraph g = scope.graph;
        Set<Long> chunkClasses = new HashSet<>(scope.subclassesOf("buffer.AdaptivePoolingAllocator$Chunk"));
        Set<Long> stopClasses = new HashSet<>(scope.subclassesOf("buffer.AbstractByteBuf"));
        Set<Long> held = new HashSet<>();
        if (chunkClasses.isEmpty()) {
            return held;
        }
        Map<Long, Boolean> threadClasses = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> pending = new ArrayDeque<>();
        for (String start : List.of("buffer.AdaptivePoolingAllocator", "buffer.AdaptivePoolingAllocator$MagazineGroup",
                "buffer.AdaptivePoolingAllocator$Magazine")) {
            for (long cls : scope.subclassesOf(start)) {
                for (long o : g.instancesOf(cls)) {
                    if ((!g.hasUnreachableObjects() || g.isReachable(o)) && seen.add(o)) {
                        pending.add(o);
                    }
                }
            }
        }
        while (!pending.isEmpty()) {
            if (seen.size() > MAX_OBJECTS) {
                diagnostics.add(ModelDiagnostic.warning("adaptive allocator of " + scope.prefix + ": more than "
                        + MAX_OBJECTS + " objects behind its magazines; chunks beyond them count as retired"));
                break;
            }
            long o = pending.poll();
            for (long t : g.outboundRefs(o)) {
                if (t == 0 || !seen.add(t) || g.isClassObject(t)) {
                    continue;
                }
                long cls = g.classOf(t);
                if (chunkClasses.contains(cls)) {
                    held.add(t);
                } else if (!stopClasses.contains(cls) && !threadClasses.computeIfAbsent(cls, c -> isThread(g, c))) {
                    pending.add(t);
                }
            }
        }
        return held;
    }

    private static boolean isThread(ObjectGraph g, long cls) {
        for (int depth = 0; cls != 0 && depth < 64; depth++, cls = g.superclassId(cls)) {
            if ("java.lang.Thread".equals(g.className(cls))) {
                return true;
            }
        }
        return false;
    }
}
