package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;

/**
 * Scores the candidates of a request and hands out the slots (README "Output: one decision per
 * valid event"): candidates are ordered by the policy's {@code rank_by} (ties by input position);
 * slots 1..K go, in that order, to the eligible candidates whose probability is at least {@code
 * min_probability}.
 *
 * <p>The order compares log-probabilities (plus the log of the bid for {@code expected_value}), not
 * probabilities: a probability rounds to 0 below about 1e-308 and to 1 near certainty, and
 * candidates whose probabilities all rounded alike would be ranked by input position instead of by
 * score. Logarithms keep them apart; both are monotone in the score, so wherever probabilities
 * differ the order is the same.
 */
final class ClickDecider {

    private ClickDecider() {}

    static ClickDecision decide(
            ClickScores event, ScoringPolicy policy, double temperature, long scoredTs) {
        int n = event.size();
        double[] z = event.scores();
        boolean[] eligible = event.eligible();
        Probabilities probabilities = Probabilities.of(policy.mode(), z, eligible, temperature);
        double[] p = probabilities.p();
        double[] logP = probabilities.logP();

        int[] order = rank(event, policy, logP);

        int[] slots = new int[n];
        int placed = 0;
        for (int k = 0; k < n && placed < policy.slots(); k++) {
            int i = order[k];
            if (eligible[i] && p[i] >= policy.minProbability()) {
                slots[i] = ++placed;
            }
        }
        Confidence confidence = probabilities.confidence(eligible);
        return new ClickDecision(
                event, policy, temperature, p, logP, order, slots, placed, confidence, scoredTs);
    }

    /** Eligible candidates by key, highest first, ties by input position; ineligible ones last. */
    private static int[] rank(ClickScores event, ScoringPolicy policy, double[] logP) {
        int n = event.size();
        boolean[] eligible = event.eligible();
        boolean byValue = policy.rankBy() == RankBy.EXPECTED_VALUE;
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            if (!eligible[i]) {
                keys[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double key = byValue ? logP[i] + StrictMath.log(event.bids()[i]) : logP[i];
            // An eligible key of -Infinity (p underflowed, or a zero bid) stays above every
            // ineligible one; equal keys keep input order.
            keys[i] = Math.max(key, -Double.MAX_VALUE);
        }
        return IndexOrder.sorted(keys);
    }
}
