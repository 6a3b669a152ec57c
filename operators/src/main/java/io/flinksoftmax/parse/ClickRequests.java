package io.flinksoftmax.parse;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.EventKind;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.Internal;

/**
 * Validates a {@code click_scores} request that arrives as values rather than as a JSON record (the
 * SQL functions): the same rules as {@link EventParser}, applied by the same validator in the same
 * order, so that a request gets the decision, or the reason, its JSON form would get.
 *
 * <p>What only JSON can get wrong (malformed text, wrong types, repeated fields, the payload size,
 * {@code ts}) does not apply. Thread safe: every call builds its own fields, and the validator
 * keeps no state between calls.
 */
@Internal
public final class ClickRequests {

    private final Limits limits;
    private final EventValidator validator;

    public ClickRequests(ScoringConfig config) {
        this.limits = config.limits();
        this.validator = new EventValidator(config);
    }

    /**
     * Validates one request.
     *
     * @param id the request id ({@code null}: {@code missing_field})
     * @param placement the policy's name, {@code null} for {@code default}
     * @param temperature the request's override, {@code NaN} for none
     * @param unit the experiment unit, or {@code null}
     * @param candidateIds one per candidate, {@code null} entries are {@code missing_field}
     * @param scores one per candidate; an ineligible candidate's score is not used
     * @param bids one per candidate, {@code null} where the candidate has no bid
     * @param eligible one per candidate
     * @return {@link ParseResult.Accepted} with a {@code ClickScores} event, or {@link
     *     ParseResult.Rejected}
     */
    public ParseResult validate(
            String id,
            String placement,
            double temperature,
            String unit,
            String[] candidateIds,
            double[] scores,
            Double[] bids,
            boolean[] eligible) {
        int n = candidateIds.length;
        if (scores.length != n || bids.length != n || eligible.length != n) {
            throw new IllegalArgumentException("candidate arrays differ in length");
        }
        int kept = Math.min(n, limits.maxCandidates());
        Fields f = new Fields(kept);
        f.reset();
        f.kind = EventKind.CLICK_SCORES.wireName();
        f.id = id;
        f.placement = placement;
        f.unit = unit;
        if (!Double.isNaN(temperature)) {
            f.hasTemperature = true;
            f.temperature = temperature;
        }
        if (n > kept) {
            // Where the JSON reader stops reading the array: reported after the id's own checks.
            f.problem(
                    Reason.TOO_MANY_INPUTS,
                    "the event has more than max_candidates = "
                            + limits.maxCandidates()
                            + " candidates");
        }
        f.hasCandidates = true;
        for (int i = 0; i < kept; i++) {
            f.addCandidate();
            if (candidateIds[i] != null) {
                f.candidateId(i, candidateIds[i]);
            }
            f.scores[i] = scores[i];
            f.hasScore[i] = true;
            f.hasBid[i] = bids[i] != null;
            f.bids[i] = bids[i] != null ? bids[i] : Double.NaN;
            f.eligible[i] = eligible[i];
        }
        return validator.validate(f);
    }
}
