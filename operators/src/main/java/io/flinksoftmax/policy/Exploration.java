package io.flinksoftmax.policy;

import java.io.Serializable;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How a policy fills its slots (docs/exploration.md "Exploration"): greedily, or by a seeded random
 * draw whose probabilities are logged with the decision as propensities.
 *
 * @param kind the rule
 * @param epsilon for {@link Kind#EPSILON_GREEDY}: the probability that a slot gets a uniform pick,
 *     in [0, 1]; 0 for the other kinds
 * @param seed mixed with the event id and the policy version into each decision's draws: change it
 *     to draw afresh, keep it to replay bit for bit
 */
@PublicEvolving
public record Exploration(Kind kind, double epsilon, long seed) implements Serializable {

    /** No exploration: the greedy placement of docs/events-and-decisions.md "Decisions". */
    public static final Exploration NONE = new Exploration(Kind.NONE, 0.0, 0L);

    public Exploration {
        if (kind == null) {
            throw new IllegalArgumentException(
                    "exploration must be none, boltzmann or epsilon_greedy");
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
        }
        if (kind != Kind.EPSILON_GREEDY && epsilon != 0) {
            throw new IllegalArgumentException(
                    "epsilon applies to exploration: epsilon_greedy only, not " + kind.wireName());
        }
    }

    /** The rule that fills the slots. */
    @PublicEvolving
    public enum Kind {
        /** Slots go down the ranking: the deterministic decision. Propensities are 1. */
        NONE,
        /**
         * Sampling without replacement (Plackett-Luce) from the policy's distribution over the
         * candidates that may be placed: probability, or probability times bid for {@code rank_by:
         * expected_value}, renormalised over those not placed yet.
         */
        BOLTZMANN,
        /** Each slot: with probability epsilon a uniform pick among those left, else the best. */
        EPSILON_GREEDY;

        // Computed once: the decision serializer asks for it on every decision.
        private final String wireName = name().toLowerCase(Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }
}
