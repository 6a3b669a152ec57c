package io.flinksoftmax.policy;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Which fields a decision carries ({@code output_format:} in the scoring config;
 * docs/events-and-decisions.md "Output").
 *
 * <p>{@link #COMPACT}, the default, carries what the consumer of a decision acts on: the policy
 * applied, the candidates in decision order with their probabilities, what was placed, and how sure
 * the distribution is (for classification: the prediction and the top labels). {@link #FULL} adds
 * echoes of the input (scores, bids, eligibility, placement) and diagnostics (log probabilities,
 * expected values, loss), for audits, training logs and debugging.
 */
@PublicEvolving
public enum OutputFormat {
    /** What a consumer needs to act on the decision: about a third of {@link #FULL}. */
    COMPACT,
    /** Every field: the decision, the input it came from, and every diagnostic. */
    FULL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
