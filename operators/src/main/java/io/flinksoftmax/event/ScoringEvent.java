package io.flinksoftmax.event;

/**
 * A validated scoring event: what {@link io.flinksoftmax.serde.EventParser} produces from a JSON
 * record that passed every rule of the event contract, and what the scoring function consumes.
 *
 * <p>Events hold arrays and are not copied defensively: treat them as immutable once built.
 */
public sealed interface ScoringEvent permits ClickScores, ClassLogits {

    /** Request or item id, 1..{@code max_id_length} characters; the output's Kafka key. */
    String id();

    EventKind kind();

    /** Optional model or version tag, copied to the output; {@code null} when absent. */
    String model();

    /** Optional placement that selects the scoring policy; {@code null} means {@code default}. */
    String placement();

    /** Optional event time in epoch milliseconds; {@code null} when absent. */
    Long eventTs();

    /** Optional override of the policy's temperature (finite, > 0); {@code null} when absent. */
    Double temperature();

    /** Number of candidates or classes. */
    int size();
}
