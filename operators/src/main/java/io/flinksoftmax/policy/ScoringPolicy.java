package io.flinksoftmax.policy;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How events of one placement are scored and decided.
 *
 * @param name the placement it applies to ({@code default} for events without a known one)
 * @param mode softmax or sigmoid
 * @param temperature finite and {@code > 0}; events may override it
 * @param slots how many candidates are placed at most, {@code >= 0}
 * @param rankBy the ordering key for click candidates
 * @param minProbability candidates below this probability are never placed, in [0, 1]
 * @param topK how many labels {@code class_logits} decisions list, {@code >= 1}
 */
@PublicEvolving
public record ScoringPolicy(
        String name,
        Mode mode,
        double temperature,
        int slots,
        RankBy rankBy,
        double minProbability,
        int topK)
        implements Serializable {

    /** The name of the policy used for events without a placement. */
    public static final String DEFAULT = "default";

    public ScoringPolicy {
        require(name != null && !name.isEmpty(), "a policy needs a name");
        require(mode != null, "policy '%s': mode must be softmax or sigmoid", name);
        require(rankBy != null, "policy '%s': rank_by must be probability or expected_value", name);
        require(
                temperature > 0 && Double.isFinite(temperature),
                "policy '%s': temperature must be a finite number > 0, got %s",
                name,
                temperature);
        require(slots >= 0, "policy '%s': slots must be >= 0, got %s", name, slots);
        require(
                minProbability >= 0 && minProbability <= 1,
                "policy '%s': min_probability must be in [0, 1], got %s",
                name,
                minProbability);
        require(topK >= 1, "policy '%s': top_k must be >= 1, got %s", name, topK);
    }

    private static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }
}
