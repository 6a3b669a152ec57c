package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClickScores;
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
        Confidence confidence,
        long scoredTs)
        implements Decision {

    /** Probability times bid of candidate {@code i}; {@code NaN} when it has no bid. */
    public double expectedValue(int i) {
        return probabilities[i] * event.bids()[i];
    }

    /** Ids of the placed candidates, in slot order. */
    public List<String> placed() {
        List<String> ids = new ArrayList<>(placedCount);
        for (int index : order) {
            if (slots[index] > 0) {
                ids.add(event.candidateIds()[index]);
            }
        }
        return ids;
    }
}
