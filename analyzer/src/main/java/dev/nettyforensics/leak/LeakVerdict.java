package dev.nettyforensics.leak;

import java.util.List;

/**
 * What the heap says happened: the most likely cause, each hypothesis judged, and what to turn on
 * before the next crash. Logs can change the picture later (correlation). Immutable.
 *
 * @param kind            {@code leak}, {@code backpressure}, {@code thread-cache}, {@code capacity},
 *                        {@code no-problem} or {@code inconclusive} (DESIGN §5); memory in the pool baseline
 *                        is {@code no-problem}, with a {@code pool-baseline} site saying where it sits
 * @param summary         one sentence, no heap strings beyond class and field names
 * @param confidence      0..1
 * @param hypotheses      unreleased buffers, unclosed connections, blocked event loops, backpressure, undersized limit
 * @param recommendations what to enable or change before the next incident
 */
public record LeakVerdict(String kind, String summary, double confidence, List<Hypothesis> hypotheses,
                          List<String> recommendations) {
    public LeakVerdict {
        hypotheses = List.copyOf(hypotheses);
        recommendations = List.copyOf(recommendations);
    }
}
