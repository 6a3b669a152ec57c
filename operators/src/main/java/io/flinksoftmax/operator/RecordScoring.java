package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-record work of the {@link ScoringOperator}: the {@link RecordPipeline} with its metrics,
 * and the first internal errors logged. One per subtask; the policies can be swapped between
 * records.
 */
final class RecordScoring {

    private static final Logger LOG = LoggerFactory.getLogger(RecordScoring.class);

    /** Errors logged per subtask: enough to diagnose, not enough to flood the log. */
    static final int LOGGED_INTERNAL_ERRORS = 10;

    private final boolean impressions;
    private final InputMetrics input;
    private final DecisionMetrics output;
    private RecordPipeline pipeline;
    private ScoringConfig config;
    private int internalErrors;

    /**
     * @param impressions whether decisions are attributed to feedback: {@link #impression} gives
     *     theirs
     */
    RecordScoring(RuntimeContext context, ScoringConfig config, boolean impressions) {
        this.impressions = impressions;
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

    /**
     * What attribution needs of a scored record's decision, or {@code null}: when the operator does
     * not attribute, or when the event had no {@code ts} (without event time there is no window to
     * attribute in; {@code decisions_without_ts} counts those).
     */
    Impression impression(Outcome.Scored scored) {
        return impressions && scored.decision().event().hasEventTs()
                ? Impression.of(
                        scored.decision(),
                        config.policyFor(scored.decision().event().placement()).experiment())
                : null;
    }

    /**
     * Scores one record and counts its outcome; the caller routes it: the encoded decision to the
     * main output, a dead letter (or the decision's impression) to its side output.
     */
    Outcome score(RawEvent raw) {
        // An assembled request is not a record read: its candidates were counted as they came.
        RawEvent.Assembly assembly = raw.assembly();
        if (assembly == null) {
            input.recordIn();
        }
        long start = System.nanoTime();
        Outcome outcome = pipeline.process(raw, System.currentTimeMillis());
        if (outcome instanceof Outcome.Scored scored) {
            output.decision(scored.decision(), System.nanoTime() - start);
            if (assembly != null) {
                input.assembledDecision(assembly.received());
            }
            return outcome;
        }
        if (outcome instanceof Outcome.Candidate) {
            input.candidateIn();
            return outcome;
        }
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        input.deadLetter(letter.reason(), assembly == null ? 1 : assembly.received());
        if (letter.reason() == Reason.INTERNAL_ERROR && internalErrors++ < LOGGED_INTERNAL_ERRORS) {
            LOG.error(
                    "internal error on record {} (id {}), written as a dead letter: {}",
                    letter.source() == null ? "from a file" : letter.source(),
                    letter.id(),
                    letter.message());
        }
        return outcome;
    }
}
