package dev.nettyforensics.leak;

import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.netty.HeapObjectGraph;
import dev.nettyforensics.netty.NettyModel;
import dev.nettyforensics.netty.NettyModelBuilder;
import java.nio.file.Path;

/**
 * Times the Netty model and the sites on one dump, after the heap's own index and dominators
 * (which {@code bin/bench} measures). Not a test: run by hand on a bench dump, e.g.
 * {@code java -Xmx2g -cp <test classpath> dev.nettyforensics.leak.LeakAnalysisBench fixtures/target/bench/service-1g.hprof}.
 * Numbers go to docs/benchmarks.md.
 */
public final class LeakAnalysisBench {
    private LeakAnalysisBench() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            long t1 = System.nanoTime();
            heap.dominators();
            long t2 = System.nanoTime();
            HeapObjectGraph graph = new HeapObjectGraph(heap);
            NettyModel model = NettyModelBuilder.build(graph);
            long t3 = System.nanoTime();
            LeakFindings findings = LeakAnalyzer.analyze(graph, model);
            VerdictBuilder.build(model, findings);
            long t4 = System.nanoTime();
            System.out.printf("objects=%d index=%.2fs dominators=%.2fs model=%.2fs sites+verdict=%.2fs buffers=%d "
                            + "channels=%d sites=%d%n", heap.objectCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    (t3 - t2) / 1e9, (t4 - t3) / 1e9, model.buffers().size(), model.channels().size(),
                    findings.sites().size());
        }
    }
}
