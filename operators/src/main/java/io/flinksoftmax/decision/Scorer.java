package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Scores a validated event under the policy of its placement and makes the decision: slots for
 * {@code click_scores}, the predicted label for {@code class_logits}. Pure and thread safe; no
 * Flink in it.
 *
 * <pre>{@code
 * Scorer scorer = new Scorer(ScoringConfig.defaults());
 * Decision decision = scorer.score(event, System.currentTimeMillis());
 * }</pre>
 */
@PublicEvolving
public final class Scorer implements Serializable {

    private final ScoringConfig config;

    public Scorer(ScoringConfig config) {
        this.config = config;
    }

    /**
     * Scores one event.
     *
     * @param event a valid event, as {@link io.flinksoftmax.parse.EventParser} produces
     * @param scoredTs the time to stamp on the decision, epoch milliseconds
     * @throws IllegalArgumentException if the event's placement has no policy in this config (the
     *     parser rejects such events, so this is a wiring error)
     */
    public Decision score(ScoringEvent event, long scoredTs) {
        ScoringPolicy policy = config.policyFor(event.placement());
        if (policy == null) {
            throw new IllegalArgumentException(
                    "no policy for placement '"
                            + event.placement()
                            + "': events must be validated against the same config");
        }
        double temperature = event.hasTemperature() ? event.temperature() : policy.temperature();
        if (event instanceof ClickScores click) {
            return ClickDecider.decide(click, policy, temperature, scoredTs);
        }
        return ClassDecider.decide((ClassLogits) event, policy, temperature, scoredTs);
    }
}
