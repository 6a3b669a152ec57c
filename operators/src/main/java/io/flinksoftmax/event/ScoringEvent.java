package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A validated scoring event: what {@link io.flinksoftmax.parse.EventParser} produces from a JSON
 * record that passed every rule of the event contract, and what the scoring function consumes.
 *
 * <p>Events hold arrays and are not copied defensively: treat them as immutable once built.
 */
@PublicEvolving
public sealed interface ScoringEvent permits ClickScores, ClassLogits {

    /** Request or item id, 1..{@code max_id_length} characters; the output's Kafka key. */
    String id();

    EventKind kind();

    /** Optional model or version tag, copied to the output; {@code null} when absent. */
    String model();

    /** Optional placement that selects the scoring policy; {@code null} means {@code default}. */
    String placement();

    /** What {@link #eventTs()} returns for an event without {@code ts}. */
    long NO_EVENT_TS = Long.MIN_VALUE;

    /** Optional event time in epoch milliseconds; {@link #NO_EVENT_TS} when absent. */
    long eventTs();

    /**
     * Optional override of the policy's temperature (finite, > 0); {@code NaN} when absent
     * (primitives rather than boxes: events are built once per record).
     */
    double temperature();

    /**
     * Optional unit of an experiment's traffic split (a user or session id, DESIGN §14), 1..{@code
     * max_id_length} characters; {@code null} when absent: then the event's id is its unit.
     */
    String unit();

    default boolean hasEventTs() {
        return eventTs() != NO_EVENT_TS;
    }

    default boolean hasTemperature() {
        return !Double.isNaN(temperature());
    }

    /** Number of candidates or classes. */
    int size();
}
