package io.flinksoftmax.pipeline;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.decision.Decision;
import org.apache.flink.annotation.Internal;

/**
 * What {@link RecordPipeline} made of one record: exactly one of a decision, a dead letter, or a
 * candidate for the request assembler.
 */
@Internal
public sealed interface Outcome {

    /**
     * The record was scored.
     *
     * @param decision the decision, for metrics and impressions; from {@link RecordPipeline} it
     *     shares arrays with the next record's decision, so it is read before that one is made
     * @param encoded the decision as the sinks write it
     */
    record Scored(Decision decision, EncodedDecision encoded) implements Outcome {}

    /** The record could not be scored, or its decision could not be written. */
    record Rejected(DeadLetter deadLetter) implements Outcome {}

    /**
     * The record is one valid candidate of a request whose candidates come one by one: it goes to
     * the request assembler, which decides it with the rest of its request (or makes it a dead
     * letter).
     */
    record Candidate(io.flinksoftmax.event.CandidateScore candidate) implements Outcome {}
}
