package io.flinksoftmax.policy;

import org.apache.flink.annotation.PublicEvolving;

/** The key candidates are ordered by before slots are handed out. */
@PublicEvolving
public enum RankBy {
    /** The candidate's probability. */
    PROBABILITY,
    /** Probability times bid: the expected value of showing the candidate. */
    EXPECTED_VALUE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
