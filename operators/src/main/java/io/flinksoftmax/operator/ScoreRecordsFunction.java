package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's scoring operator: raw records in, encoded decisions out, every other record one {@link
 * DeadLetter} on {@link #DEAD_LETTERS}. A thin wrapper around {@link RecordPipeline}, which is
 * total: no record can make it throw, the decisions it emits are within {@code
 * limits.max_output_bytes}, and records in = decisions out + dead letters.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EncodedDecision> decisions =
 *         raw.process(new ScoreRecordsFunction(config)).name("score").uid("score");
 * DataStream<DeadLetter> deadLetters = decisions.getSideOutput(ScoreRecordsFunction.DEAD_LETTERS);
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): those of {@link ParseEventFunction} and {@link
 * SoftmaxScoringFunction} together. The first {@value #LOGGED_INTERNAL_ERRORS} {@code
 * internal_error}s of a subtask are also logged.
 */
@PublicEvolving
public class ScoreRecordsFunction extends ProcessFunction<RawEvent, EncodedDecision>
        implements ResultTypeQueryable<EncodedDecision>, CheckpointListener {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ScoreRecordsFunction.class);

    /** Errors logged per subtask: enough to diagnose, not enough to flood the log. */
    static final int LOGGED_INTERNAL_ERRORS = 10;

    /** The side output for records that cannot be scored or written. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", ScoringTypes.DEAD_LETTER);

    private final ScoringConfig config;

    private transient RecordPipeline pipeline;
    private transient InputMetrics input;
    private transient DecisionMetrics output;
    private transient int internalErrors;

    public ScoreRecordsFunction(ScoringConfig config) {
        this.config = config;
    }

    @Override
    public TypeInformation<EncodedDecision> getProducedType() {
        return ScoringTypes.ENCODED_DECISION;
    }

    @Override
    public void open(OpenContext openContext) {
        pipeline = new RecordPipeline(config);
        input = new InputMetrics(getRuntimeContext());
        output = new DecisionMetrics(getRuntimeContext());
    }

    /** Reports the completed checkpoint to {@link CheckpointHeartbeat} (embedded liveness). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CheckpointHeartbeat.beat(getRuntimeContext().getJobInfo().getJobId());
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<EncodedDecision> out) {
        input.recordIn();
        long start = System.nanoTime();
        Outcome outcome = pipeline.process(raw, System.currentTimeMillis());
        if (outcome instanceof Outcome.Scored scored) {
            output.decision(scored.decision(), System.nanoTime() - start);
            out.collect(scored.encoded());
            return;
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
        ctx.output(DEAD_LETTERS, letter);
    }
}
