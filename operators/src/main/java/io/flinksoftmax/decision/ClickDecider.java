package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;

/**
 * Scores the candidates of a request and hands out the slots (docs/events-and-decisions.md "Output:
 * one decision per valid event"): candidates are ordered by the policy's {@code rank_by} (ties by
 * input position); slots 1..K go to the eligible candidates whose probability is at least {@code
 * min_probability}: in that order, or as the policy's exploration draws them ({@link Explorer}).
 *
 * <p>The order compares log-probabilities (plus the log of the bid for {@code expected_value}), not
 * probabilities: a probability rounds to 0 below about 1e-308 and to 1 near certainty, and
 * candidates whose probabilities all rounded alike would be ranked by input position instead of by
 * score. Logarithms keep them apart; both are monotone in the score, so wherever probabilities
 * differ the order is the same.
 */
final class ClickDecider {

    private ClickDecider() {}

    /** The decision for {@code event}, in new arrays. */
    static ClickDecision decide(
            ClickScores event, ScoringPolicy policy, double temperature, long scoredTs) {
        return decide(event, policy, temperature, scoredTs, DecisionArrays.FRESH);
    }

    /**
     * The decision for {@code event}; its arrays come from {@code arrays}, so with reused ones it
     * is valid only until the next decision made with them.
     */
    static ClickDecision decide(
            ClickScores event,
            ScoringPolicy policy,
            double temperature,
            long scoredTs,
            DecisionArrays arrays) {
        int n = event.size();
        double[] z = event.scores();
        boolean[] eligible = event.eligible();
        Probabilities probabilities =
                Probabilities.of(policy.mode(), z, eligible, temperature, arrays);
        double[] p = probabilities.p();
        double[] logP = probabilities.logP();

        double[] keys = keys(event, policy, logP, arrays.doubles(DecisionArrays.KEYS, n));
        int[] order = IndexOrder.sorted(keys, arrays.ints(DecisionArrays.ORDER, n));

        int[] pool = pool(order, eligible, p, policy.minProbability(), arrays);
        int[] slots = arrays.ints(DecisionArrays.SLOTS, n);
        double[] propensities = arrays.doubles(DecisionArrays.PROPENSITIES, n);
        Exploration exploration = policy.exploration();
        double rankingPropensity =
                Explorer.place(
                        pool,
                        policy.slots(),
                        keys,
                        exploration,
                        exploration.kind() == Exploration.Kind.NONE
                                ? null
                                : Draws.of(event.id(), policy.version(), exploration.seed()),
                        slots,
                        propensities);
        Confidence confidence = probabilities.confidence(eligible);
        return new ClickDecision(
                event,
                policy,
                temperature,
                p,
                logP,
                order,
                slots,
                Math.min(policy.slots(), pool.length),
                propensities,
                rankingPropensity,
                confidence,
                scoredTs);
    }

    /** The candidates that may be placed, in ranking order: eligible and at or above the floor. */
    static int[] pool(int[] order, boolean[] eligible, double[] p, double floor) {
        return pool(order, eligible, p, floor, DecisionArrays.FRESH);
    }

    private static int[] pool(
            int[] order, boolean[] eligible, double[] p, double floor, DecisionArrays arrays) {
        int m = 0;
        for (int i : order) {
            if (eligible[i] && p[i] >= floor) {
                m++;
            }
        }
        int[] pool = arrays.ints(DecisionArrays.POOL, m);
        m = 0;
        for (int i : order) {
            if (eligible[i] && p[i] >= floor) {
                pool[m++] = i;
            }
        }
        return pool;
    }

    /**
     * The ranking key of each candidate: log p, plus log bid under {@code rank_by: expected_value};
     * {@code -Infinity} for an ineligible one, {@code -Double.MAX_VALUE} for an eligible one whose
     * key is {@code -Infinity} or NaN. They are also the log Boltzmann weights of exploration, as
     * docs/exploration.md "Exploration" says: p, or p times bid, renormalised.
     */
    static double[] keys(ClickScores event, ScoringPolicy policy, double[] logP) {
        return keys(event, policy, logP, new double[event.size()]);
    }

    /** {@link #keys(ClickScores, ScoringPolicy, double[])} into {@code keys}; returns it. */
    private static double[] keys(
            ClickScores event, ScoringPolicy policy, double[] logP, double[] keys) {
        int n = event.size();
        boolean[] eligible = event.eligible();
        boolean byValue = policy.rankBy() == RankBy.EXPECTED_VALUE;
        for (int i = 0; i < n; i++) {
            if (!eligible[i]) {
                keys[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double key = byValue ? logP[i] + StrictMath.log(event.bids()[i]) : logP[i];
            // An eligible key of -Infinity (p underflowed, or a zero bid) stays above every
            // ineligible one; equal keys keep input order. As a weight it is still 0. A NaN key
            // (no bid under expected_value: the parser refuses that, a library caller may not)
            // ranks as a zero bid, so neither the sort nor the draws ever see NaN.
            keys[i] = key >= -Double.MAX_VALUE ? key : -Double.MAX_VALUE;
        }
        return keys;
    }
}
