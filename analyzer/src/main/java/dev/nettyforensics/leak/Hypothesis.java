package dev.nettyforensics.leak;

import java.util.List;

/**
 * One of the incident's hypotheses as the heap alone judges it (DESIGN §4 "Verdict"). Immutable.
 *
 * @param name     e.g. {@code unreleased buffers}
 * @param finding  {@code confirmed}, {@code refuted} or {@code unknown}
 * @param evidence facts for the finding, never null
 */
public record Hypothesis(String name, String finding, List<String> evidence) {
    public Hypothesis {
        evidence = List.copyOf(evidence);
    }
}
