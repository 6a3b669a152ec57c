package io.flinksoftmax.decision;

import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.ScoringPolicy;
import org.apache.flink.annotation.PublicEvolving;

/** The outcome of scoring one event; one per valid event. */
@PublicEvolving
public sealed interface Decision permits ClickDecision, ClassDecision {

    /** The event this decision is for. */
    ScoringEvent event();

    /** The policy it was decided under. */
    ScoringPolicy policy();

    /** The temperature used: the event's override, else the policy's. */
    double temperature();

    /** When it was scored, epoch milliseconds. */
    long scoredTs();

    /** Probability of each entry, in input order. */
    double[] probabilities();

    /** Log probability of each entry, in input order ({@code -Infinity} for ineligible ones). */
    double[] logProbabilities();

    Confidence confidence();

    /**
     * Its unit's variant when its policy runs an experiment (DESIGN §14); {@code null} when the
     * policy runs none.
     */
    Assignment assignment();

    default String id() {
        return event().id();
    }
}
