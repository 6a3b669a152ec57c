package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.ScoringPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Which candidates of a request get which slots. Arrays are indexed by input position unless they
 * say otherwise; they are shared, not copied: treat them as read-only.
 *
 * @param order candidate indices in decision order: by the policy's {@code rank_by}, highest first,
 *     ties by input position, ineligible candidates last
 * @param slots slot (1..K) of each candidate by input index, 0 where it was not placed
 * @param placedCount how many candidates got a slot
 * @param propensities per candidate by input index: for a placed one, the probability that the
 *     policy put it in its slot given the slots above (1 without exploration, never 0); 0 for the
 *     others
 * @param rankingPropensity the probability of the whole placement: the product of the placed
 *     propensities (1 when nothing is placed)
 * @param assignment the experiment variant it was decided for, or {@code null}
 */
@PublicEvolving
public record ClickDecision(
        ClickScores event,
        ScoringPolicy policy,
        double temperature,
        double[] probabilities,
        double[] logProbabilities,
        int[] order,
        int[] slots,
        int placedCount,
        double[] propensities,
        double rankingPropensity,
        Confidence confidence,
        long scoredTs,
        Assignment assignment)
        implements Decision {

    /** A decision of a policy without an experiment. */
    public ClickDecision(
            ClickScores event,
            ScoringPolicy policy,
            double temperature,
            double[] probabilities,
            double[] logProbabilities,
            int[] order,
            int[] slots,
            int placedCount,
            double[] propensities,
            double rankingPropensity,
            Confidence confidence,
            long scoredTs) {
        this(
                event,
                policy,
                temperature,
                probabilities,
                logProbabilities,
                order,
                slots,
                placedCount,
                propensities,
                rankingPropensity,
                confidence,
                scoredTs,
                null);
    }

    /** The same decision, made for {@code unit}'s variant {@code a}. */
    public ClickDecision withAssignment(Assignment a) {
        return new ClickDecision(
                event,
                policy,
                temperature,
                probabilities,
                logProbabilities,
                order,
                slots,
                placedCount,
                propensities,
                rankingPropensity,
                confidence,
                scoredTs,
                a);
    }

    /** Probability times bid of candidate {@code i}; {@code NaN} when it has no bid. */
    public double expectedValue(int i) {
        return probabilities[i] * event.bids()[i];
    }

    /**
     * Whether exploration placed anything other than what the ranking alone would: some slot holds
     * a candidate other than the next eligible one at or above the floor in {@link #order()}.
     * Always {@code false} for a policy without exploration.
     */
    public boolean explored() {
        if (policy.exploration().kind() == Exploration.Kind.NONE) {
            return false;
        }
        boolean[] eligible = event.eligible();
        int slot = 0;
        for (int i : order) {
            if (slot == placedCount) {
                break;
            }
            if (eligible[i] && probabilities[i] >= policy.minProbability() && slots[i] != ++slot) {
                return true;
            }
        }
        return false;
    }

    /** Ids of the placed candidates, in slot order. */
    public List<String> placed() {
        List<String> ids = new ArrayList<>(placedCount);
        for (int index : placedIndices()) {
            ids.add(event.ids().get(index));
        }
        return ids;
    }

    /**
     * Input indices of the placed candidates, in slot order. With exploration that order can differ
     * from {@link #order()}, which is the ranking by {@code rank_by}.
     */
    public int[] placedIndices() {
        int[] indices = new int[placedCount];
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] > 0) {
                indices[slots[i] - 1] = i;
            }
        }
        return indices;
    }
}
