package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The job's scoring operator: raw records in, encoded decisions out, every other record one {@link
 * DeadLetter} on {@link OutputTags#DEAD_LETTERS}. A thin wrapper around {@link RecordPipeline},
 * which is total: no record can make it throw, the decisions it emits are within {@code
 * limits.max_output_bytes}, and records in = decisions out + dead letters.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EncodedDecision> decisions =
 *         raw.process(new ScoreRecordsFunction(config)).name("score").uid("score");
 * DataStream<DeadLetter> deadLetters = decisions.getSideOutput(OutputTags.DEAD_LETTERS);
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): those of {@link ParseEventFunction} and {@link
 * SoftmaxScoringFunction} together. The first {@value RecordScoring#LOGGED_INTERNAL_ERRORS} {@code
 * internal_error}s of a subtask are also logged.
 */
@PublicEvolving
public class ScoreRecordsFunction extends ProcessFunction<RawEvent, EncodedDecision>
        implements ResultTypeQueryable<EncodedDecision>, CheckpointListener {

    private static final long serialVersionUID = 1L;

    /**
     * @deprecated the same tag as {@link OutputTags#DEAD_LETTERS}; use that
     */
    @Deprecated public static final OutputTag<DeadLetter> DEAD_LETTERS = OutputTags.DEAD_LETTERS;

    /**
     * @deprecated the same tag as {@link OutputTags#IMPRESSIONS}; use that
     */
    @Deprecated public static final OutputTag<Impression> IMPRESSIONS = OutputTags.IMPRESSIONS;

    private final ScoringConfig config;
    private final boolean impressions;

    private transient RecordScoring scoring;

    public ScoreRecordsFunction(ScoringConfig config) {
        this(config, false);
    }

    /**
     * @param impressions whether to emit each decision's {@link Impression} on {@link
     *     OutputTags#IMPRESSIONS}, for feedback attribution
     */
    public ScoreRecordsFunction(ScoringConfig config, boolean impressions) {
        this.config = config;
        this.impressions = impressions;
    }

    @Override
    public TypeInformation<EncodedDecision> getProducedType() {
        return ScoringTypes.ENCODED_DECISION;
    }

    @Override
    public void open(OpenContext openContext) {
        scoring = new RecordScoring(getRuntimeContext(), config, impressions);
    }

    /** Reports the completed checkpoint to {@link CheckpointHeartbeat} (embedded liveness). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CheckpointHeartbeat.beat(getRuntimeContext().getJobInfo().getJobId());
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<EncodedDecision> out) {
        Outcome outcome = scoring.score(raw, out);
        if (outcome instanceof Outcome.Rejected rejected) {
            ctx.output(OutputTags.DEAD_LETTERS, rejected.deadLetter());
            return;
        }
        Impression impression = scoring.impression((Outcome.Scored) outcome);
        if (impression != null) {
            ctx.output(OutputTags.IMPRESSIONS, impression);
        }
    }
}
