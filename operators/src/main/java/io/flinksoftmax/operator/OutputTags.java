package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.operator.types.ScoringTypes;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * The side outputs of the job's operators, in one place: every operator that writes one of them,
 * and every graph that reads it, names it here (no operator owns another's output).
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EncodedDecision> decisions =
 *         raw.transform("score", ScoringTypes.ENCODED_DECISION, new ScoringOperator(config))
 *                 .uid("score");
 * DataStream<DeadLetter> deadLetters = decisions.getSideOutput(OutputTags.DEAD_LETTERS);
 * }</pre>
 */
@PublicEvolving
public final class OutputTags {

    /**
     * Records that cannot be scored or written, refused control and feedback records: one {@link
     * DeadLetter} each.
     */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", ScoringTypes.DEAD_LETTER);

    /**
     * What feedback attribution needs of each decision with event time ({@link
     * AttributionFunction}); only from a scoring operator made to emit them.
     */
    public static final OutputTag<Impression> IMPRESSIONS =
            new OutputTag<>("impressions", TypeInformation.of(Impression.class));

    /**
     * Valid {@code candidate_score} records, from the scoring operator to the {@link
     * RequestAssembler}.
     */
    public static final OutputTag<CandidateScore> CANDIDATES =
            new OutputTag<>("candidates", ScoringTypes.CANDIDATE_SCORE);

    /** Outcomes behind the calibration windows' watermark ({@link CalibrationWindows}). */
    public static final OutputTag<Outcome> LATE_OUTCOMES =
            new OutputTag<>("late-outcomes", TypeInformation.of(Outcome.class));

    /**
     * Attribution: per closed click decision and target policy (the logging one and each shadow),
     * its importance weights and rewards, for off-policy evaluation ({@link EvaluationWindows}).
     */
    public static final OutputTag<EvaluationSample> EVALUATION_SAMPLES =
            new OutputTag<>("evaluation-samples", TypeInformation.of(EvaluationSample.class));

    /** The evaluation windows: samples that came after their window's record was written. */
    public static final OutputTag<EvaluationSample> LATE_EVALUATION_SAMPLES =
            new OutputTag<>("late-evaluation-samples", TypeInformation.of(EvaluationSample.class));

    private OutputTags() {}
}
