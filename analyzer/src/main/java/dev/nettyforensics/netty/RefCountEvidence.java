package dev.nettyforensics.netty;

import java.util.List;

/**
 * Decides the refCnt encoding from the buffers themselves when the class shapes fit versions on
 * both sides of the change in 4.1.32 (plain counts before, even/odd after). A pooled buffer that
 * still holds memory ({@code handle >= 0}) has an even raw count from 4.1.32 on, since odd means
 * released and a released pooled buffer gives its handle back; an odd raw count there can only be
 * a plain count. Stateless; cost: one pass over the pooled buffers.
 */
final class RefCountEvidence {
    private RefCountEvidence() {}

    static RefCountEncoding decide(InstanceScope scope, NettyVersionRange version, List<ModelDiagnostic> diagnostics) {
        ObjectGraph g = scope.graph;
        int odd = 0;
        int even = 0;
        for (long cls : scope.subclassesOf("buffer.PooledByteBuf")) {
            for (long buf : g.instancesOf(cls)) {
                Long raw = RefCountEncoding.readRaw(g, buf);
                Long handle = g.number(buf, "handle");
                if (raw == null || handle == null || handle < 0 || g.ref(buf, "chunk") == 0) {
                    continue;
                }
                if ((raw & 1) != 0) {
                    odd++;
                } else {
                    even++;
                }
            }
        }
        RefCountEncoding encoding = odd > 0 ? RefCountEncoding.PLAIN : version.refCountEncoding();
        diagnostics.add(ModelDiagnostic.info("Netty copy " + scope.prefix + ": the class shapes fit "
                + version.describe() + ", on both sides of the refCnt encoding change in 4.1.32; " + odd
                + " in-use pooled buffer(s) hold an odd raw count and " + even + " an even one, so counts are read as "
                + (encoding == RefCountEncoding.PLAIN ? "plain (4.1.31 or older)" : "even/odd (4.1.32 or newer)")));
        return encoding;
    }
}
