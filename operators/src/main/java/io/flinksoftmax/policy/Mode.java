package io.flinksoftmax.policy;

import org.apache.flink.annotation.PublicEvolving;

/** How scores become probabilities. */
@PublicEvolving
public enum Mode {
    /** One distribution over all candidates: probabilities sum to 1. */
    SOFTMAX,
    /** Each candidate independently, {@code sigmoid(z / T)}: independent click probabilities. */
    SIGMOID;

    // Computed once: the per-record writer asks for it on every decision.
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
