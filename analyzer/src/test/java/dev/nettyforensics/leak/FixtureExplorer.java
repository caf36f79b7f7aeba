package dev.nettyforensics.leak;

import dev.nettyforensics.fixtures.Fixture;
import dev.nettyforensics.fixtures.Fixtures;
import dev.nettyforensics.heap.Heap;
import dev.nettyforensics.netty.HeapObjectGraph;
import dev.nettyforensics.netty.NettyInstance;
import dev.nettyforensics.netty.NettyModel;
import dev.nettyforensics.netty.NettyModelBuilder;
import java.nio.file.Path;

/**
 * Prints what the model and the sites say about fixture dumps, next to the fixture's truth: a
 * development aid, not a test. Arguments: comma-separated scenarios, comma-separated Netty versions,
 * e.g. {@code held-by-handler,orphaned-oom 4.1.36.Final,4.2.7.Final}; needs {@code -Dfixtures.cache}.
 */
public final class FixtureExplorer {
    private FixtureExplorer() {
    }

    public static void main(String[] args) throws Exception {
        for (String version : args[1].split(",")) {
            for (String scenario : args[0].split(",")) {
                Fixture f = Fixtures.scenario(scenario, version);
                for (Path dump : new Path[] {f.liveDump(), f.fullDump()}) {
                    System.out.println("=== " + scenario + " " + version + " " + dump.getFileName());
                    System.out.println("truth: kind=" + f.truth().expectedKind() + " bpc=" + f.truth().bytesPerConnection()
                            + " counter=" + f.truth().nettyCounterBytes() + " orphaned=" + f.truth().orphanedBytes()
                            + " site=" + f.truth().site());
                    try (Heap heap = Heap.open(dump)) {
                        HeapObjectGraph g = new HeapObjectGraph(heap);
                        NettyModel m = NettyModelBuilder.build(g);
                        for (NettyInstance i : m.instances()) {
                            System.out.println("instance " + i.prefix() + " v=" + i.version().describe() + " alloc="
                                    + i.allocatorType() + " counter=" + i.counterBytes() + " limit=" + i.limitBytes()
                                    + " level=" + i.leakDetectionLevel() + " noCleaner=" + i.noCleaner());
                            System.out.println("  ledger " + i.ledger() + " total=" + i.ledger().nettyTotalBytes()
                                    + " gap=" + i.counterGapBytes());
                            System.out.println("  chunks " + i.chunks());
                            System.out.println("  allocators " + i.allocators());
                            System.out.println("  leakRecords " + i.leakRecords().size() + " released=" + i.releasedBuffers());
                        }
                        System.out.println("buffers=" + m.buffers().size() + " channels=" + m.channels().size()
                                + " open=" + m.openConnections() + " other=" + m.otherDirectBytes() + " jdk=" + m.jdk());
                        m.channels().stream().limit(3).forEach(c -> System.out.println("  " + c));
                        m.diagnostics().forEach(d -> System.out.println("  diag " + d));
                        LeakFindings lf = LeakAnalyzer.analyze(g, m);
                        lf.sites().stream().limit(6).forEach(s -> System.out.println("  site#" + s.rank() + " " + s.kind().label()
                                + " leak=" + s.leak() + " owner=" + s.owner() + " path=" + s.path() + " bufs=" + s.buffers()
                                + " bytes=" + s.retainedBytes() + " ch=" + s.channels() + " bpc=" + s.bytesPerConnection()
                                + " frames=" + s.frames() + " ev=" + s.evidence()));
                    }
                }
            }
        }
    }
}
