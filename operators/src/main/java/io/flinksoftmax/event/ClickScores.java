package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A {@code click_scores} event: one ad or recommendation request and its candidates, held as
 * parallel arrays (index {@code i} is the {@code i}-th candidate in input order).
 *
 * @param ids the candidates' ids: unique, non-empty
 * @param scores finite logits
 * @param bids value of a click, finite and {@code >= 0}; {@code NaN} where the candidate has no bid
 * @param eligible {@code false} for candidates that must get probability 0 and never be placed; at
 *     least one is {@code true}
 * @param unit the experiment unit, or {@code null} ({@link ScoringEvent#unit()})
 */
@PublicEvolving
public record ClickScores(
        String id,
        String model,
        String placement,
        long eventTs,
        double temperature,
        CandidateIds ids,
        double[] scores,
        double[] bids,
        boolean[] eligible,
        String unit)
        implements ScoringEvent {

    /** An event whose ids are given as strings. */
    public ClickScores(
            String id,
            String model,
            String placement,
            long eventTs,
            double temperature,
            String[] candidateIds,
            double[] scores,
            double[] bids,
            boolean[] eligible,
            String unit) {
        this(
                id,
                model,
                placement,
                eventTs,
                temperature,
                CandidateIds.of(candidateIds),
                scores,
                bids,
                eligible,
                unit);
    }

    /** An event without a {@code unit}. */
    public ClickScores(
            String id,
            String model,
            String placement,
            long eventTs,
            double temperature,
            String[] candidateIds,
            double[] scores,
            double[] bids,
            boolean[] eligible) {
        this(
                id,
                model,
                placement,
                eventTs,
                temperature,
                candidateIds,
                scores,
                bids,
                eligible,
                null);
    }

    public ClickScores {
        int n = ids.size();
        if (n == 0 || scores.length != n || bids.length != n || eligible.length != n) {
            throw new IllegalArgumentException(
                    "candidate arrays must be non-empty and of equal length");
        }
    }

    @Override
    public EventKind kind() {
        return EventKind.CLICK_SCORES;
    }

    @Override
    public int size() {
        return scores.length;
    }

    /**
     * The candidates' ids as strings, decoded on each call: code on the per-record path reads
     * {@link #ids()} instead.
     */
    public String[] candidateIds() {
        return ids.toArray();
    }

    /** Whether candidate {@code i} came with a bid. */
    public boolean hasBid(int i) {
        return !Double.isNaN(bids[i]);
    }
}
