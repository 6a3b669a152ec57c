package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-record work of both scoring operators ({@link ScoreRecordsFunction}, {@link
 * ControlledScoreFunction}): the {@link RecordPipeline} with its metrics, and the first internal
 * errors logged. One per subtask; the policies can be swapped between records.
 */
final class RecordScoring {

    private static final Logger LOG = LoggerFactory.getLogger(RecordScoring.class);

    /** Errors logged per subtask: enough to diagnose, not enough to flood the log. */
    static final int LOGGED_INTERNAL_ERRORS = 10;

    private final InputMetrics input;
    private final DecisionMetrics output;
    private RecordPipeline pipeline;
    private ScoringConfig config;
    private int internalErrors;
    private Decision lastDecision;

    RecordScoring(RuntimeContext context, ScoringConfig config) {
        this.input = new InputMetrics(context);
        this.output = new DecisionMetrics(context);
        use(config);
    }

    /** Scores the following records under {@code newConfig}. */
    void use(ScoringConfig newConfig) {
        this.config = newConfig;
        this.pipeline = new RecordPipeline(newConfig);
    }

    ScoringConfig config() {
        return config;
    }

    /** The decision of the last record scored, or {@code null} if it was a dead letter. */
    Decision lastDecision() {
        return lastDecision;
    }

    /**
     * Scores one record: its decision goes to {@code out}; a record that is not scored is returned
     * as a dead letter, for the caller's side output.
     */
    DeadLetter score(RawEvent raw, Collector<EncodedDecision> out) {
        input.recordIn();
        long start = System.nanoTime();
        Outcome outcome = pipeline.process(raw, System.currentTimeMillis());
        lastDecision = null;
        if (outcome instanceof Outcome.Scored scored) {
            lastDecision = scored.decision();
            output.decision(scored.decision(), System.nanoTime() - start);
            out.collect(scored.encoded());
            return null;
        }
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        input.deadLetter(letter.reason());
        if (letter.reason() == Reason.INTERNAL_ERROR && internalErrors++ < LOGGED_INTERNAL_ERRORS) {
            LOG.error(
                    "internal error on record {} (id {}), written as a dead letter: {}",
                    letter.source() == null ? "from a file" : letter.source(),
                    letter.id(),
                    letter.message());
        }
        return letter;
    }
}
