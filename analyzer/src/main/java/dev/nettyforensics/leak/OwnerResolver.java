package dev.nettyforensics.leak;

import dev.nettyforensics.netty.NettyChannel;
import dev.nettyforensics.netty.NettyClassName;
import dev.nettyforensics.netty.ObjectGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a buffer's owner by walking up its dominator chain (DESIGN §4 "Owner"): the first handler,
 * outbound buffer, channel attribute, channel, class (static field) or thread. Not thread safe.
 * Cost per buffer: the chain length (capped) times a field scan per step.
 */
final class OwnerResolver {
    private static final int MAX_CHAIN = 512;
    private static final int MAX_LEVELS = 8;
    private static final int MAX_CLOSURE = 2_000_000;
    private static final int MAX_WALK = 10_000_000;
    private final Map<Long, Boolean> explainingMemo = new HashMap<>();
    private final Map<Long, Above> aboveMemo = new HashMap<>();
    private final Map<Long, NettyChannel> channelAboveMemo = new HashMap<>();
    private final ObjectGraph g;
    private final ChannelIndex channels;

    OwnerResolver(ObjectGraph g, ChannelIndex channels) {
        this.g = g;
        this.channels = channels;
    }

    /** The owner, or one of kind OTHER (owner = the top of the chain) when nothing explains it. */
    BufferOwner resolve(long buffer) {
        List<Long> chain = dominatorChain(buffer);
        return explain(chain, chain.size() - 1);
    }

    /**
     * Owners of many buffers. Where the dominator chain ends without an explaining object (the
     * buffer is also referenced from elsewhere, e.g. a debugging list or a leak detector's weak
     * referent), the nearest explaining object is searched upwards through referrers, level by
     * level (one pass over all references per level, at most {@code MAX_LEVELS}); the owner found is
     * then a holder, not a dominator, and the site says so.
     */
    Map<Long, BufferOwner> resolveAll(List<Long> buffers) {
        Map<Long, BufferOwner> out = new HashMap<>();
        Map<Long, List<Long>> pendingChains = new LinkedHashMap<>();
        for (long b : buffers) {
            BufferOwner o = resolveMemoized(b);
            if (o != null) {
                out.put(b, o);
                continue;
            }
            List<Long> chain = dominatorChain(b);
            o = explain(chain, chain.size() - 1);
            if (o.kind() == OwnerKind.OTHER) {
                pendingChains.put(b, chain);
            } else {
                out.put(b, o);
            }
        }
        if (pendingChains.isEmpty()) {
            return out;
        }
        java.util.function.BiPredicate<Long, Long> explains = (o, child) -> classify(o, child) != null;
        Map<Long, List<Long>> up = upwardClosure(pendingChains.values(), explains);
        for (Map.Entry<Long, List<Long>> e : pendingChains.entrySet()) {
            List<Long> chain = e.getValue();
            List<Long> extended = searchUp(chain, up, explains);
            out.put(e.getKey(), extended == null ? explain(chain, chain.size() - 1)
                    : explain(extended, extended.size() - 1));
        }
        return out;
    }

    /**
     * What lies between an owner and one object it dominates: the owner, the owner's field towards the
     * object, the collapsed labels down to and including the object. Shared by every buffer below it,
     * so long linked structures (an outbound buffer with 100 000 entries) cost linear time overall.
     */
    private record Above(long owner, String field, List<String> labels) {
    }

    /** The owner on the dominator chain using memoized segments; null when the chain reaches the top without one. */
    private BufferOwner resolveMemoized(long buffer) {
        List<Long> walked = new ArrayList<>();
        long cur = buffer;
        Above base = null;
        long below = buffer;
        for (int steps = 0; steps < MAX_WALK; steps++) {
            long d = g.immediateDominator(cur);
            if (d == 0) {
                return null;
            }
            Above known = aboveMemo.get(d);
            if (known != null) {
                base = new Above(known.owner(), known.field(), known.labels());
                break;
            }
            if (explaining(d)) {
                base = new Above(d, null, List.of());
                below = cur;
                break;
            }
            walked.add(d);
            cur = d;
        }
        if (base == null) {
            return null;
        }
        long owner = base.owner();
        String field = base.field();
        List<String> labels = base.labels();
        for (int i = walked.size() - 1; i >= 0; i--) {
            long w = walked.get(i);
            if (field == null) {
                field = fieldOf(owner, w);
            }
            labels = withLabel(labels, label(w));
            aboveMemo.put(w, new Above(owner, field, labels));
        }
        if (field == null) {
            field = fieldOf(owner, below); // the buffer sits right under its owner
        }
        OwnerKind kind = classify(owner, 0);
        if (kind == OwnerKind.HANDLER && ("cumulation".equals(field) || "currentMessage".equals(field))) {
            kind = OwnerKind.CUMULATION;
        }
        NettyChannel channel = channels.channelOf(buffer);
        for (int i = 0; i < walked.size() && channel == null; i++) {
            channel = channels.channelOf(walked.get(i));
        }
        if (channel == null) {
            channel = channels.channelOf(owner);
        }
        if (channel == null) {
            channel = channelAbove(owner);
        }
        List<String> parts = new ArrayList<>();
        parts.add(field == null ? "?" : field);
        parts.addAll(labels);
        parts.add(NettyClassName.simpleName(String.valueOf(g.classNameOf(buffer))));
        String ownerClass = kind == OwnerKind.STATIC ? g.mirroredClassName(owner) : g.classNameOf(owner);
        return new BufferOwner(owner, ownerClass, kind, field, String.join(" -> ", parts), channel);
    }

    private String fieldOf(long owner, long child) {
        String field = g.referenceName(owner, child);
        if (field != null && classify(owner, 0) == OwnerKind.OUTBOUND && field.endsWith("Entry")) {
            return "flushedEntry"; // flushed, unflushed and tail all point into the same entry list
        }
        return field;
    }

    private static List<String> withLabel(List<String> labels, String label) {
        if (label == null || (!labels.isEmpty() && labels.get(labels.size() - 1).equals(label))) {
            return labels;
        }
        List<String> out = new ArrayList<>(labels);
        out.add(label);
        return List.copyOf(out);
    }

    /** The dominator chain from the buffer up to and including the first explaining object (or the top). */
    private List<Long> dominatorChain(long buffer) {
        List<Long> chain = new ArrayList<>();
        chain.add(buffer);
        long cur = buffer;
        while (chain.size() < MAX_CHAIN) {
            long d = g.immediateDominator(cur);
            if (d == 0) {
                break;
            }
            chain.add(d);
            cur = d;
            if (explaining(d)) {
                break; // many buffers share what lies above their owner: see channelAbove
            }
        }
        return chain;
    }

    private boolean explaining(long o) {
        Boolean known = explainingMemo.get(o);
        if (known == null) {
            known = classify(o, 0) != null;
            explainingMemo.put(o, known);
        }
        return known;
    }

    /** The channel on the dominator chain above an owner, memoized per owner; null when none. */
    private NettyChannel channelAbove(long owner) {
        if (channelAboveMemo.containsKey(owner)) {
            return channelAboveMemo.get(owner);
        }
        NettyChannel found = null;
        long cur = owner;
        for (int i = 0; i < MAX_CHAIN && cur != 0 && found == null; i++) {
            cur = g.immediateDominator(cur);
            found = cur == 0 ? null : channels.channelOf(cur);
        }
        channelAboveMemo.put(owner, found);
        return found;
    }

    /** The first explaining object on {@code chain[1..last]}, else an OTHER owner at {@code last}. */
    private BufferOwner explain(List<Long> chain, int last) {
        NettyChannel channel = null;
        for (long o : chain) {
            channel = channels.channelOf(o);
            if (channel != null) {
                break;
            }
        }
        long top = chain.get(chain.size() - 1);
        if (channel == null && chain.size() > 1 && explaining(top)) {
            channel = channelAbove(top);
        }
        for (int i = 1; i <= last; i++) {
            OwnerKind kind = classify(chain.get(i), chain.get(i - 1));
            if (kind != null) {
                return owner(chain, i, kind, channel);
            }
        }
        return owner(chain, last, OwnerKind.OTHER, channel);
    }

    /**
     * Holders of buffers no GC root reaches (non-live dumps): the nearest referrer, through other
     * unreachable objects, that is application code or a Netty handler, codec or channel. Buffers
     * without such a holder are left out. Same level-by-level search as {@link #resolveAll}.
     */
    Map<Long, BufferOwner> unreachableHolders(List<Long> buffers) {
        Map<Long, BufferOwner> out = new HashMap<>();
        if (buffers.isEmpty()) {
            return out;
        }
        List<List<Long>> chains = new ArrayList<>();
        for (long b : buffers) {
            chains.add(List.of(b));
        }
        java.util.function.BiPredicate<Long, Long> holds = (o, child) -> isHolder(o);
        Map<Long, List<Long>> up = upwardClosure(chains, holds);
        for (List<Long> chain : chains) {
            List<Long> extended = searchUp(chain, up, holds);
            if (extended != null) {
                int last = extended.size() - 1;
                out.put(chain.get(0), owner(extended, last, OwnerKind.HANDLER, channels.channelOf(extended.get(last))));
            }
        }
        return out;
    }

    private boolean isHolder(long o) {
        if (g.isClassObject(o)) {
            return true;
        }
        String cls = g.classNameOf(o);
        if (cls == null || cls.startsWith("[") || cls.startsWith("java.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.")) {
            return false;
        }
        if (NettyClassName.parse(cls).isEmpty()) {
            return true;
        }
        String simple = NettyClassName.simpleName(cls);
        return simple.endsWith("Handler") || simple.endsWith("Decoder") || simple.endsWith("Encoder")
                || simple.endsWith("Codec") || simple.endsWith("Aggregator") || simple.endsWith("Channel")
                || simple.endsWith("ChannelOutboundBuffer");
    }

    private Map<Long, List<Long>> upwardClosure(java.util.Collection<List<Long>> pendingChains,
                                                java.util.function.BiPredicate<Long, Long> stop) {
        Map<Long, List<Long>> up = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        Set<Long> frontier = new LinkedHashSet<>();
        for (List<Long> chain : pendingChains) {
            long top = chain.get(chain.size() - 1);
            if (seen.add(top)) {
                frontier.add(top);
            }
        }
        for (int level = 0; level < MAX_LEVELS && !frontier.isEmpty() && seen.size() < MAX_CLOSURE; level++) {
            Map<Long, long[]> refs = g.referrersOf(frontier);
            Set<Long> next = new LinkedHashSet<>();
            for (long t : frontier) {
                for (long r : refs.getOrDefault(t, new long[0])) {
                    if ("referent".equals(g.referenceName(r, t))) {
                        continue; // weak: does not keep the buffer alive
                    }
                    up.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
                    if (seen.add(r) && !stop.test(r, t) && !g.isClassObject(r)) {
                        next.add(r);
                    }
                }
            }
            frontier = next;
        }
        return up;
    }

    /** The chain extended from its top to the nearest explaining referrer, or null when none. */
    private List<Long> searchUp(List<Long> chain, Map<Long, List<Long>> up,
                                java.util.function.BiPredicate<Long, Long> stop) {
        long top = chain.get(chain.size() - 1);
        Map<Long, Long> childOf = new HashMap<>();
        java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
        queue.add(top);
        childOf.put(top, 0L);
        while (!queue.isEmpty()) {
            long t = queue.poll();
            for (long r : up.getOrDefault(t, List.of())) {
                if (childOf.containsKey(r)) {
                    continue;
                }
                childOf.put(r, t);
                if (stop.test(r, t)) {
                    List<Long> extension = new ArrayList<>();
                    for (long o = r; o != top; o = childOf.get(o)) {
                        extension.add(0, o);
                    }
                    List<Long> extended = new ArrayList<>(chain);
                    extended.addAll(extension);
                    return extended;
                }
                queue.add(r);
            }
        }
        return null;
    }

    private OwnerKind classify(long o, long child) {
        if (g.isClassObject(o)) {
            return OwnerKind.STATIC;
        }
        if (channels.handlers.contains(o)) {
            String field = g.referenceName(o, child);
            return "cumulation".equals(field) || "currentMessage".equals(field) ? OwnerKind.CUMULATION : OwnerKind.HANDLER;
        }
        if (channels.channelObjects.contains(o)) {
            return OwnerKind.CHANNEL;
        }
        String cls = g.classNameOf(o);
        if (cls == null) {
            return null;
        }
        String local = NettyClassName.parse(cls).map(NettyClassName::localName).orElse("");
        if (local.equals("channel.ChannelOutboundBuffer")) {
            return OwnerKind.OUTBOUND;
        }
        if (local.startsWith("util.DefaultAttributeMap$DefaultAttribute")) {
            return OwnerKind.ATTRIBUTE;
        }
        if (cls.equals("java.lang.Thread") || local.equals("util.concurrent.FastThreadLocalThread")
                || g.number(o, "threadStatus") != null && g.number(o, "tid") != null) {
            return OwnerKind.THREAD;
        }
        return null;
    }

    private BufferOwner owner(List<Long> chain, int ownerPos, OwnerKind kind, NettyChannel channel) {
        long owner = chain.get(ownerPos);
        String ownerClass = kind == OwnerKind.STATIC ? g.mirroredClassName(owner) : g.classNameOf(owner);
        String field = ownerPos == 0 ? null : g.referenceName(owner, chain.get(ownerPos - 1));
        if (kind == OwnerKind.OUTBOUND && field != null && field.endsWith("Entry")) {
            field = "flushedEntry"; // flushed, unflushed and tail all point into the same entry list
        }
        List<String> parts = new ArrayList<>();
        parts.add(field == null ? "?" : field);
        String previous = null;
        for (int j = ownerPos - 1; j >= 1; j--) {
            String label = label(chain.get(j));
            if (label != null && !label.equals(previous)) {
                parts.add(label);
                previous = label;
            }
        }
        parts.add(NettyClassName.simpleName(String.valueOf(g.classNameOf(chain.get(0)))));
        return new BufferOwner(owner, ownerClass, kind, field, String.join(" -> ", parts), channel);
    }

    /** How an object between owner and buffer shows in a path; null to leave it out. */
    private String label(long o) {
        String cls = g.classNameOf(o);
        if (cls == null || cls.endsWith("[]") || cls.startsWith("[")) {
            return null; // arrays are collapsed into their collection
        }
        String simple = NettyClassName.simpleName(cls);
        if (simple.contains("LeakAware")) {
            return null; // sampled wrappers: present on 1 in 128 buffers, so not part of a stable path
        }
        if ((cls.startsWith("java.") || cls.startsWith("jdk.")) && simple.contains("$")) {
            return null; // collection internals (HashMap$Node, ConcurrentHashMap$Node...)
        }
        if (NettyClassName.parse(cls).map(n -> n.localName().startsWith("buffer.") && simple.contains("$")
                && !simple.startsWith("AdaptivePoolingAllocator$AdaptiveByteBuf")).orElse(false)) {
            return null; // CompositeByteBuf$Component and other buffer internals
        }
        return simple;
    }
}
