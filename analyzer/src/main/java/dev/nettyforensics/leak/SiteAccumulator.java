package dev.nettyforensics.leak;

import dev.nettyforensics.netty.NettyBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Gathers the buffers of one site while the analysis walks them. Not thread safe. */
final class SiteAccumulator {
    final SiteKind kind;
    final String ownerClass;
    final String field;
    final String prefix;
    long buffers;
    long bytes;
    final TreeSet<Long> channels = new TreeSet<>();
    final Map<Long, Long> bytesByChannel = new HashMap<>();
    final Map<String, Long> bytesByPath = new TreeMap<>();
    final Map<OwnerKind, Long> bytesByOwnerKind = new TreeMap<>();
    boolean anyOverHighWaterMark;
    boolean anyClosed;

    SiteAccumulator(SiteKind kind, String ownerClass, String field, String prefix) {
        this.kind = kind;
        this.ownerClass = ownerClass;
        this.field = field;
        this.prefix = prefix;
    }

    void add(NettyBuffer b, BufferOwner owner) {
        buffers++;
        bytes += b.offHeapBytes();
        bytesByPath.merge(owner.path(), b.offHeapBytes(), Long::sum);
        bytesByOwnerKind.merge(owner.kind(), b.offHeapBytes(), Long::sum);
        if (owner.channel() != null) {
            channels.add(owner.channel().objectId());
            bytesByChannel.merge(owner.channel().objectId(), b.offHeapBytes(), Long::sum);
            anyOverHighWaterMark |= owner.channel().overHighWaterMark() || owner.channel().unwritable();
            anyClosed |= owner.channel().closed();
        }
    }

    /** The path carrying most bytes (ties: alphabetical). */
    String mainPath() {
        String best = null;
        long most = -1;
        for (Map.Entry<String, Long> e : bytesByPath.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    OwnerKind mainOwnerKind() {
        OwnerKind best = OwnerKind.OTHER;
        long most = -1;
        for (Map.Entry<OwnerKind, Long> e : bytesByOwnerKind.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }
}
