package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.kernel.Softmax;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;

/**
 * Scores the candidates of a request and hands out the slots (DESIGN.md section 6): candidates are
 * ordered by the policy's {@code rank_by} (ties by input position); slots 1..K go, in that order,
 * to the eligible candidates whose probability is at least {@code min_probability}.
 */
final class ClickDecider {

    private ClickDecider() {}

    static ClickDecision decide(
            ClickScores event, ScoringPolicy policy, double temperature, long scoredTs) {
        int n = event.size();
        double[] z = event.scores();
        boolean[] eligible = event.eligible();
        double[] p = new double[n];
        double[] logP = new double[n];
        double[] logComplement = null;
        if (policy.mode() == Mode.SOFTMAX) {
            Softmax.softmax(z, eligible, temperature, p, logP);
        } else {
            logComplement = new double[n];
            for (int i = 0; i < n; i++) {
                if (eligible[i]) {
                    p[i] = Softmax.sigmoid(z[i], temperature);
                    logP[i] = Softmax.logSigmoid(z[i], temperature);
                    logComplement[i] = Softmax.logSigmoid(-z[i], temperature);
                } else {
                    logP[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }

        double[] keys = new double[n];
        boolean byValue = policy.rankBy() == RankBy.EXPECTED_VALUE;
        for (int i = 0; i < n; i++) {
            // Keys are >= 0 for eligible candidates; -1 sends ineligible ones to the end.
            keys[i] = !eligible[i] ? -1.0 : byValue ? p[i] * event.bids()[i] : p[i];
        }
        int[] order = IndexOrder.sorted(keys);

        int[] slots = new int[n];
        int placed = 0;
        for (int k = 0; k < n && placed < policy.slots(); k++) {
            int i = order[k];
            if (eligible[i] && p[i] >= policy.minProbability()) {
                slots[i] = ++placed;
            }
        }
        Confidence confidence = Confidences.of(policy.mode(), p, logP, logComplement, eligible);
        return new ClickDecision(
                event, policy, temperature, p, logP, order, slots, placed, confidence, scoredTs);
    }
}
