package dev.nettyforensics.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nettyforensics.logs.LogFindings;
import java.util.List;
import java.util.Objects;

/**
 * The one immutable result of an analysis (DESIGN §5, schemaVersion 1): every renderer reads
 * this and nothing else. Field names are the JSON contract; changing a meaning bumps
 * {@link #SCHEMA_VERSION}. Lists are never null; {@code logs} is null when no log was given.
 *
 * <p>The heap parts ({@code directMemory}, {@code sites}, {@code channels}) are empty when no heap
 * dump was given; {@link HeapReports} fills them.
 */
public record Report(int schemaVersion, Tool tool, List<Input> inputs, Verdict verdict, DirectMemory directMemory,
        List<Site> sites, List<Channel> channels, LogFindings logs, List<Diagnostic> diagnostics) {
    public static final int SCHEMA_VERSION = 1;

    public Report {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(directMemory, "directMemory");
        inputs = List.copyOf(inputs);
        sites = List.copyOf(sites);
        channels = List.copyOf(channels);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The tool that wrote the report. */
    public record Tool(String name, String version) {}

    /**
     * One input file.
     *
     * @param kind {@code "heap-dump"} or {@code "log"}
     */
    public record Input(String path, String kind, long sizeBytes, String sha256, boolean truncated, List<String> notes) {
        public Input {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The most likely cause. {@code kind}: leak, backpressure, thread-cache, capacity, no-problem or inconclusive.
     */
    public record Verdict(String kind, String summary, double confidence, List<Hypothesis> hypotheses) {
        public Verdict {
            hypotheses = List.copyOf(hypotheses);
        }
    }

    /** One hypothesis and the evidence for or against it. {@code finding}: confirmed, refuted or unknown. */
    public record Hypothesis(String name, String finding, List<String> evidence) {
        public Hypothesis {
            evidence = List.copyOf(evidence);
        }
    }

    /** Direct memory per Netty instance and the JDK's own accounting (from a heap dump). */
    public record DirectMemory(List<NettyInstance> nettyInstances, JdkBits jdkBits) {
        public DirectMemory {
            nettyInstances = List.copyOf(nettyInstances);
        }

        public static DirectMemory empty() {
            return new DirectMemory(List.of(), null);
        }
    }

    /** One copy of Netty in the dump (prefix plus class loader). */
    public record NettyInstance(String prefix, String version, String allocator, Long counterBytes, Long limitBytes,
            Ledger ledger) {}

    /** Direct memory split by what holds it (DESIGN §4). */
    public record Ledger(long liveBytes, long threadCacheBytes, long orphanedBytes, long freeInChunksBytes,
            long hugeBytes, long otherDirectBytes) {}

    /** {@code java.nio.Bits} figures, each null when unknown. */
    public record JdkBits(Long count, Long totalCapacityBytes, Long memoryUsedBytes) {}

    /** A suspected leak site (DESIGN §4 "Site"), ranked. */
    public record Site(int rank, String fingerprint, String kind, boolean leak, String owner, String path,
            List<String> frames, long buffers, long retainedBytes, long channels, long bytesPerConnection,
            double confidence, List<String> evidence) {
        public Site {
            frames = List.copyOf(frames);
            evidence = List.copyOf(evidence);
        }
    }

    /** A channel found in the dump. */
    public record Channel(String id, @JsonProperty("class") String channelClass, String remote, String local,
            String state, long retainedBytes, String topSite) {}

    /** Something skipped, capped or guessed. {@code severity}: info, warning or error. */
    public record Diagnostic(String severity, String message) {}
}
