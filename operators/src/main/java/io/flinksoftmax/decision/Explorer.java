package io.flinksoftmax.decision;

import io.flinksoftmax.policy.Exploration;

/**
 * Fills a click decision's slots under the policy's {@link Exploration} and logs, for each placed
 * candidate, its propensity: the probability that this rule put it in its slot given the slots
 * above (docs/exploration.md "Exploration"). The product over the slots is the probability of the
 * whole placement, {@code ranking_propensity}; both are what inverse propensity scoring divides by.
 *
 * <p>Only candidates that may be placed at all are drawn: eligible and at or above the floor (the
 * {@code pool}, in ranking order). Greedy placement takes the pool's first K; exploration draws K
 * without replacement, with {@link Draws} seeded from the event, so a replay draws the same.
 *
 * <p>A placed candidate's propensity is never 0: a draw cannot land on a candidate of weight 0, and
 * a propensity (or their product) that would round to 0 is written as {@link Double#MIN_VALUE}, so
 * a division by it stays finite.
 */
final class Explorer {

    private Explorer() {}

    /**
     * Places up to {@code slots} candidates of {@code pool}.
     *
     * @param pool indices of the candidates that may be placed, best first; not modified
     * @param logWeights per candidate index: the log of its Boltzmann weight (log p, plus log bid
     *     under {@code rank_by: expected_value}), at least {@code -Double.MAX_VALUE} for the pool
     * @param slotOut per candidate index, set to its slot (1..K) where placed; must be all 0
     * @param propensityOut per candidate index, set to its propensity where placed
     * @return the ranking propensity, the product of the placed propensities (1 if none)
     */
    static double place(
            int[] pool,
            int slots,
            double[] logWeights,
            Exploration exploration,
            Draws draws,
            int[] slotOut,
            double[] propensityOut) {
        int k = Math.min(slots, pool.length);
        if (exploration.kind() == Exploration.Kind.NONE || k == 0) {
            for (int s = 0; s < k; s++) {
                slotOut[pool[s]] = s + 1;
                propensityOut[pool[s]] = 1.0;
            }
            return 1.0;
        }
        boolean[] taken = new boolean[pool.length];
        double ranking = 1.0;
        for (int s = 0; s < k; s++) {
            int left = pool.length - s;
            int pick;
            double propensity;
            if (exploration.kind() == Exploration.Kind.BOLTZMANN) {
                double max = maxLeft(pool, taken, logWeights);
                double total = totalLeft(pool, taken, logWeights, max);
                pick = boltzmann(pool, taken, logWeights, max, draws.nextDouble() * total);
                propensity = weight(logWeights[pool[pick]], max) / total;
            } else {
                int greedy = firstLeft(taken);
                double epsilon = exploration.epsilon();
                pick = draws.nextDouble() < epsilon ? nthLeft(taken, draws, left) : greedy;
                propensity = epsilon / left + (pick == greedy ? 1 - epsilon : 0);
            }
            taken[pick] = true;
            propensity = Math.max(propensity, Double.MIN_VALUE);
            slotOut[pool[pick]] = s + 1;
            propensityOut[pool[pick]] = propensity;
            ranking = Math.max(ranking * propensity, Double.MIN_VALUE);
        }
        return ranking;
    }

    /**
     * The position not taken where the running sum of weights {@code exp(logWeight - max)}, in pool
     * order, first exceeds {@code target} (uniform in [0, total)): each is picked with probability
     * weight / total.
     */
    private static int boltzmann(
            int[] pool, boolean[] taken, double[] logWeights, double max, double target) {
        double sum = 0;
        int last = -1;
        for (int j = 0; j < pool.length; j++) {
            if (taken[j]) {
                continue;
            }
            double w = weight(logWeights[pool[j]], max);
            if (w > 0) {
                sum += w;
                last = j;
                if (target < sum) {
                    return j;
                }
            }
        }
        return last; // rounding left the target at or past the sum: the last with weight
    }

    /** The sum of the weights left; at least 1, the weight of the largest. */
    private static double totalLeft(int[] pool, boolean[] taken, double[] logWeights, double max) {
        double total = 0;
        for (int j = 0; j < pool.length; j++) {
            if (!taken[j]) {
                total += weight(logWeights[pool[j]], max);
            }
        }
        return total;
    }

    /**
     * {@code exp(logWeight - max)}, 1 for the largest. Weights are finite or {@code
     * -Double.MAX_VALUE} (the decider's key of a zero bid or an underflowed probability): when all
     * left are that, each is 1, a uniform draw among them; against a finite max, 0.
     */
    private static double weight(double logWeight, double max) {
        return StrictMath.exp(logWeight - max); // StrictMath: the same bits on every JVM
    }

    private static double maxLeft(int[] pool, boolean[] taken, double[] logWeights) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < pool.length; j++) {
            if (!taken[j] && logWeights[pool[j]] > max) {
                max = logWeights[pool[j]];
            }
        }
        return max;
    }

    private static int firstLeft(boolean[] taken) {
        int j = 0;
        while (taken[j]) {
            j++;
        }
        return j;
    }

    /** A uniform pick among the {@code left} positions not taken. */
    private static int nthLeft(boolean[] taken, Draws draws, int left) {
        int n = Math.min((int) (draws.nextDouble() * left), left - 1);
        for (int j = 0; ; j++) {
            if (!taken[j] && n-- == 0) {
                return j;
            }
        }
    }

    /**
     * The probability that this rule puts each of {@code logged} (candidate indices in slot order)
     * in its slot given the slots above: what {@link #place} logs as their propensities when it
     * places them, by the same arithmetic. 0 for a candidate not in {@code pool} or past the slots
     * this rule fills, and for every slot after a 0: it could not have got there.
     *
     * @return one probability per logged slot
     */
    static double[] conditional(
            int[] pool, int slots, double[] logWeights, Exploration exploration, int[] logged) {
        double[] out = new double[logged.length];
        int k = Math.min(slots, pool.length);
        boolean[] taken = new boolean[pool.length];
        for (int s = 0; s < Math.min(k, logged.length); s++) {
            int at = positionLeft(pool, taken, logged[s]);
            if (at < 0) {
                return out; // not in the pool: this slot and those below stay 0
            }
            double q;
            if (exploration.kind() == Exploration.Kind.NONE) {
                q = at == firstLeft(taken) ? 1.0 : 0.0;
            } else if (exploration.kind() == Exploration.Kind.BOLTZMANN) {
                double max = maxLeft(pool, taken, logWeights);
                double w = weight(logWeights[pool[at]], max);
                q =
                        w > 0
                                ? Math.max(
                                        w / totalLeft(pool, taken, logWeights, max),
                                        Double.MIN_VALUE)
                                : 0;
            } else {
                double epsilon = exploration.epsilon();
                double p = epsilon / (pool.length - s) + (at == firstLeft(taken) ? 1 - epsilon : 0);
                q = p > 0 ? Math.max(p, Double.MIN_VALUE) : 0;
            }
            if (q == 0) {
                return out;
            }
            out[s] = q;
            taken[at] = true;
        }
        return out;
    }

    /** The position of candidate {@code index} in {@code pool} if it is not taken, else -1. */
    private static int positionLeft(int[] pool, boolean[] taken, int index) {
        for (int j = 0; j < pool.length; j++) {
            if (pool[j] == index) {
                return taken[j] ? -1 : j;
            }
        }
        return -1;
    }
}
