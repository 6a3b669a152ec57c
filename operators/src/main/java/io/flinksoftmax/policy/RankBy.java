package io.flinksoftmax.policy;

import org.apache.flink.annotation.PublicEvolving;

/** The key candidates are ordered by before slots are handed out. */
@PublicEvolving
public enum RankBy {
    /** The candidate's probability. */
    PROBABILITY,
    /** Probability times bid: the expected value of showing the candidate. */
    EXPECTED_VALUE;

    // Computed once: the per-record writer asks for it on every decision.
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
