package io.flinksoftmax.decision;

import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.policy.Shadow;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How likely a shadow policy was to make a logged click decision (DESIGN §13): with the same
 * scores, eligibility and candidates, the probability that the shadow puts the logged slot-1
 * candidate in slot 1, and the probability that it places exactly the logged candidates in the
 * logged slots, each given the slots above it. The rules are the serving policy's (§6, §10): the
 * shadow's mode and temperature give its probabilities, its {@code rank_by} and floor its pool, and
 * its exploration how it fills slots. Pure; no Flink in it.
 *
 * <p>Exact: a shadow with the serving policy's settings gets, bit for bit, the propensities the
 * decision logged (the arithmetic is {@link Explorer}'s). A shadow that could not have made the
 * logged choice gets 0: a logged candidate outside its pool, not its greedy pick, or a placement of
 * another length than it would fill (it has more or fewer slots, or a larger or smaller pool).
 *
 * @param top the probability of the logged slot-1 choice: that candidate in slot 1, or, when the
 *     decision placed nothing, that the shadow places nothing either
 * @param ranking the probability of the whole logged placement
 */
@PublicEvolving
public record ShadowPropensities(double top, double ranking) {

    /** What {@code shadow} would have done with {@code decision}'s request. */
    public static ShadowPropensities of(ClickDecision decision, Shadow shadow) {
        ScoringPolicy policy = shadow.policy();
        double temperature = shadow.temperature(decision.temperature());
        double[] p = decision.probabilities();
        double[] logP = decision.logProbabilities();
        if (policy.mode() != decision.policy().mode()
                || Double.compare(temperature, decision.temperature()) != 0) {
            // Another distribution; with the decision's mode and temperature it is the decision's
            // own, computed by the same kernel from the same scores, so it is not computed again.
            Probabilities probabilities =
                    Probabilities.of(
                            policy.mode(),
                            decision.event().scores(),
                            decision.event().eligible(),
                            temperature);
            p = probabilities.p();
            logP = probabilities.logP();
        }
        double[] keys = ClickDecider.keys(decision.event(), policy, logP);
        int[] pool =
                ClickDecider.pool(
                        IndexOrder.sorted(keys),
                        decision.event().eligible(),
                        p,
                        policy.minProbability());
        int[] logged = decision.placedIndices();
        double[] conditional =
                Explorer.conditional(pool, policy.slots(), keys, policy.exploration(), logged);
        int fills = Math.min(policy.slots(), pool.length);
        double top;
        if (logged.length == 0) {
            top = fills == 0 ? 1.0 : 0.0;
        } else {
            top = fills == 0 ? 0.0 : conditional[0];
        }
        double ranking = fills == logged.length ? 1.0 : 0.0;
        for (int s = 0; s < conditional.length && ranking > 0; s++) {
            ranking = conditional[s] > 0 ? Math.max(ranking * conditional[s], Double.MIN_VALUE) : 0;
        }
        return new ShadowPropensities(top, ranking);
    }
}
