package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.Experiment;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.policy.Variant;
import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Scores a validated event under the policy of its placement and makes the decision: slots for
 * {@code click_scores}, the predicted label for {@code class_logits}. When the policy runs an
 * experiment, the event's unit (its {@code unit}, else its id) picks the variant whose settings
 * decide it, and the decision carries that {@link Assignment}. Pure and thread safe; no Flink in
 * it.
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
        return score(event, scoredTs, DecisionArrays.FRESH);
    }

    /**
     * {@link #score(ScoringEvent, long)} with a click decision's arrays from {@code arrays}: with
     * {@link DecisionArrays#reusing()} the decision is valid only until the next one made with the
     * same arrays (the job's record path, which encodes each decision at once).
     */
    @Internal
    public Decision score(ScoringEvent event, long scoredTs, DecisionArrays arrays) {
        ScoringPolicy policy = config.policyFor(event.placement());
        if (policy == null) {
            throw new IllegalArgumentException(
                    "no policy for placement '"
                            + event.placement()
                            + "': events must be validated against the same config");
        }
        Experiment experiment = policy.experiment();
        Assignment assignment = null;
        if (experiment != null) {
            // The unit, or the event's id without one (DESIGN §14).
            Variant variant = experiment.assign(event.unit() != null ? event.unit() : event.id());
            assignment = new Assignment(experiment.key(), variant == null ? null : variant.name());
            if (variant != null) {
                policy = variant.policy();
            }
        }
        double temperature = event.hasTemperature() ? event.temperature() : policy.temperature();
        if (event instanceof ClickScores click) {
            ClickDecision d = ClickDecider.decide(click, policy, temperature, scoredTs, arrays);
            return assignment == null ? d : d.withAssignment(assignment);
        }
        ClassDecision d = ClassDecider.decide((ClassLogits) event, policy, temperature, scoredTs);
        return assignment == null ? d : d.withAssignment(assignment);
    }
}
