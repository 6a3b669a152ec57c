package io.flinksoftmax.job;

import io.flinksoftmax.calibration.ArmCalibrationKey;
import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.evaluation.EvaluationWindowSums;
import io.flinksoftmax.evaluation.ExperimentKey;
import io.flinksoftmax.evaluation.SampleRatioCounts;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.AttributionFunction;
import io.flinksoftmax.operator.CalibrationWindows;
import io.flinksoftmax.operator.EvaluationWindows;
import io.flinksoftmax.operator.OutputTags;
import io.flinksoftmax.operator.ParseFeedbackFunction;
import io.flinksoftmax.operator.SampleRatioWindows;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.Limits;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The feedback part of the job graph (README "Feedback and calibration"): the scoring operator's
 * impressions and the parsed feedback, both timed at their sources (README "Event time"), are
 * joined by request id ({@link AttributionFunction}); the outcomes are summed per (model,
 * placement, target) and tumbling event-time window ({@link CalibrationWindows}) into calibration
 * records, and outcomes that come after their window's record into late records of their own. Each
 * closed click decision also gives evaluation samples, for its policy and every shadow of it,
 * summed per (placement, version, target) and window into off-policy evaluation records ({@link
 * EvaluationWindows}). Bad feedback records are dead letters, returned for the job's dead-letter
 * sink.
 */
@Internal
public final class FeedbackGraph {

    public static final String FEEDBACK_SOURCE_UID = "feedback-source";
    public static final String PARSE_FEEDBACK_UID = "parse-feedback";
    public static final String ATTRIBUTION_UID = "attribution";
    public static final String CALIBRATION_UID = "calibration";
    public static final String CALIBRATION_SINK_UID = "calibration-sink";
    public static final String LATE_OUTCOMES_UID = "late-outcomes";
    public static final String CALIBRATION_OUTCOMES_UID = "calibration-outcomes";
    public static final String ARM_OUTCOMES_UID = "calibration-arm-outcomes";
    public static final String ARM_CALIBRATION_UID = "calibration-arms";
    public static final String EVALUATION_UID = "evaluation";
    public static final String EVALUATION_SINK_UID = "evaluation-sink";
    public static final String LATE_EVALUATION_UID = "late-evaluation-samples";
    public static final String SAMPLE_RATIO_SAMPLES_UID = "sample-ratio-samples";
    public static final String SAMPLE_RATIO_UID = "sample-ratio";

    /**
     * What the feedback part needs.
     *
     * @param source the feedback records
     * @param calibrationSink where calibration records go
     * @param evaluationSink where off-policy evaluation records go, or {@code null}: then only the
     *     evaluation gauges show them
     * @param limits the payload and id limits that feedback records share with events
     */
    public record Inputs(
            Source<RawEvent, ?, ?> source,
            Sink<EncodedDecision> calibrationSink,
            Sink<EncodedDecision> evaluationSink,
            Limits limits,
            Duration attributionWindow,
            Duration calibrationWindow,
            Duration evaluationWindow,
            Duration maxOutOfOrderness,
            Duration idleness) {}

    private FeedbackGraph() {}

    /**
     * Adds attribution and calibration after the scoring operators' {@code impressions} (from
     * scoring operators made to emit them, behind a source that assigns event time, {@link
     * EventTime#ofRecords}); returns the dead letters of bad feedback records.
     */
    public static DataStream<DeadLetter> attach(
            StreamExecutionEnvironment env, DataStream<Impression> impressions, Inputs in) {
        // An impression keeps the time its event's source gave it, and the watermarks of the
        // events' partitions flow through the scoring operator to here.
        SingleOutputStreamOperator<Feedback> feedback =
                env.fromSource(
                                in.source(),
                                EventTime.ofRecords(
                                        in.limits().eventTime(),
                                        in.maxOutOfOrderness(),
                                        in.idleness()),
                                "feedback")
                        .uid(FEEDBACK_SOURCE_UID)
                        .process(new ParseFeedbackFunction(in.limits()))
                        .name(PARSE_FEEDBACK_UID)
                        .uid(PARSE_FEEDBACK_UID);
        SingleOutputStreamOperator<Outcome> outcomes =
                impressions
                        .keyBy(i -> i.id)
                        .connect(feedback.keyBy(f -> f.id))
                        .process(new AttributionFunction(in.attributionWindow()))
                        .name(ATTRIBUTION_UID)
                        .uid(ATTRIBUTION_UID);
        calibration(outcomes, in.calibrationWindow())
                .sinkTo(in.calibrationSink())
                .name(CALIBRATION_SINK_UID)
                .uid(CALIBRATION_SINK_UID);
        DataStream<EncodedDecision> evaluation =
                evaluation(
                        outcomes.getSideOutput(OutputTags.EVALUATION_SAMPLES),
                        in.evaluationWindow());
        (in.evaluationSink() == null
                        ? evaluation.sinkTo(new DiscardingSink<>())
                        : evaluation.sinkTo(in.evaluationSink()))
                .name(EVALUATION_SINK_UID)
                .uid(EVALUATION_SINK_UID);
        return feedback.getSideOutput(OutputTags.DEAD_LETTERS);
    }

    /**
     * The off-policy evaluation records of {@code samples} (timed by their attribution's close):
     * one per key and tumbling event-time window, one per late sample, flagged {@code "late":true}
     * ({@link EvaluationWindows.LateSamples}), and one sample-ratio record per experiment and
     * window ({@link SampleRatioWindows}).
     */
    static DataStream<EncodedDecision> evaluation(
            DataStream<EvaluationSample> samples, Duration evaluationWindow) {
        SingleOutputStreamOperator<EncodedDecision> records =
                samples.keyBy(EvaluationSample::key)
                        .window(TumblingEventTimeWindows.of(evaluationWindow))
                        .sideOutputLateData(OutputTags.LATE_EVALUATION_SAMPLES)
                        .aggregate(
                                new EvaluationWindows.Sums(),
                                new EvaluationWindows.Records(),
                                TypeInformation.of(EvaluationWindowSums.class),
                                TypeInformation.of(EvaluationWindowSums.class),
                                ScoringTypes.ENCODED_DECISION)
                        .name(EVALUATION_UID)
                        .uid(EVALUATION_UID);
        DataStream<EncodedDecision> late =
                records.getSideOutput(OutputTags.LATE_EVALUATION_SAMPLES)
                        .process(new EvaluationWindows.LateSamples(evaluationWindow))
                        .name(LATE_EVALUATION_UID)
                        .uid(LATE_EVALUATION_UID);
        // The sample-ratio check of each experiment, in the same windows, to the same sink.
        DataStream<EncodedDecision> sampleRatio =
                samples.filter(SampleRatioWindows::counts)
                        .name(SAMPLE_RATIO_SAMPLES_UID)
                        .uid(SAMPLE_RATIO_SAMPLES_UID)
                        .keyBy(ExperimentKey::of)
                        .window(TumblingEventTimeWindows.of(evaluationWindow))
                        .aggregate(
                                new SampleRatioWindows.Counts(),
                                new SampleRatioWindows.Records(),
                                TypeInformation.of(SampleRatioCounts.class),
                                TypeInformation.of(SampleRatioCounts.class),
                                ScoringTypes.ENCODED_DECISION)
                        .name(SAMPLE_RATIO_UID)
                        .uid(SAMPLE_RATIO_UID);
        return records.union(late, sampleRatio);
    }

    /**
     * The calibration records of {@code outcomes} (timed by their attribution's close): one per key
     * and tumbling event-time window, per variant for an experiment's outcomes ({@link
     * CalibrationWindows.ArmRecords}), and one per late outcome, flagged {@code "late":true}
     * ({@link CalibrationWindows.LateOutcomes}).
     */
    static DataStream<EncodedDecision> calibration(
            DataStream<Outcome> outcomes, Duration calibrationWindow) {
        // Outcomes of policies without an experiment keep their key and window operator (and so
        // the state of savepoints from before experiments); an experiment's are per variant.
        SingleOutputStreamOperator<EncodedDecision> records =
                outcomes.filter(o -> o.experiment == null)
                        .name(CALIBRATION_OUTCOMES_UID)
                        .uid(CALIBRATION_OUTCOMES_UID)
                        .keyBy(CalibrationKey::of)
                        .window(TumblingEventTimeWindows.of(calibrationWindow))
                        .sideOutputLateData(OutputTags.LATE_OUTCOMES)
                        .aggregate(
                                new CalibrationWindows.Sums(),
                                new CalibrationWindows.Records(),
                                TypeInformation.of(CalibrationStats.class),
                                TypeInformation.of(CalibrationStats.class),
                                ScoringTypes.ENCODED_DECISION)
                        .name(CALIBRATION_UID)
                        .uid(CALIBRATION_UID);
        SingleOutputStreamOperator<EncodedDecision> arms =
                outcomes.filter(o -> o.experiment != null)
                        .name(ARM_OUTCOMES_UID)
                        .uid(ARM_OUTCOMES_UID)
                        .keyBy(ArmCalibrationKey::of)
                        .window(TumblingEventTimeWindows.of(calibrationWindow))
                        .sideOutputLateData(OutputTags.LATE_OUTCOMES)
                        .aggregate(
                                new CalibrationWindows.Sums(),
                                new CalibrationWindows.ArmRecords(),
                                TypeInformation.of(CalibrationStats.class),
                                TypeInformation.of(CalibrationStats.class),
                                ScoringTypes.ENCODED_DECISION)
                        .name(ARM_CALIBRATION_UID)
                        .uid(ARM_CALIBRATION_UID);
        DataStream<EncodedDecision> late =
                records.getSideOutput(OutputTags.LATE_OUTCOMES)
                        .union(arms.getSideOutput(OutputTags.LATE_OUTCOMES))
                        .process(new CalibrationWindows.LateOutcomes(calibrationWindow))
                        .name(LATE_OUTCOMES_UID)
                        .uid(LATE_OUTCOMES_UID);
        return records.union(arms, late);
    }
}
