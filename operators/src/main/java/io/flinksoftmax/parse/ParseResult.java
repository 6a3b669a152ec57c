package io.flinksoftmax.parse;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.ScoringEvent;
import org.apache.flink.annotation.Internal;

/**
 * What {@link EventParser} made of one record: a valid event, a valid candidate of a request, or
 * why there is neither.
 */
@Internal
public sealed interface ParseResult {

    /** The record is a valid event. */
    record Accepted(ScoringEvent event) implements ParseResult {}

    /**
     * The record is a valid {@code candidate_score} event: one candidate of a request that the
     * assembler puts together (its {@code raw} is not attached yet).
     */
    record Candidate(io.flinksoftmax.event.CandidateScore candidate) implements ParseResult {}

    /**
     * The record breaks the event contract.
     *
     * @param reason the stable reason code
     * @param message what is wrong, naming the offending field
     * @param id the event id if it could be read, else {@code null}
     */
    record Rejected(Reason reason, String message, String id) implements ParseResult {}
}
