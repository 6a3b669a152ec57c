package io.flinksoftmax.job;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.operator.RawEvent;
import io.flinksoftmax.operator.ScoreRecordsFunction;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job graph: source -> score (parse, validate, score and encode each record; bad ones
 * to the dead-letter side output) -> decisions sink, and dead letters -> dead-letter sink.
 *
 * <p>It takes its source and sinks as arguments: {@link ScoringJobMain} passes files or Kafka,
 * tests pass bounded ones. Operator uids are stable: changing the uid of an operator with state
 * (the source, the sinks) breaks restoring from savepoints. The scoring operator is stateless;
 * release 0.1 split it into {@code parse-validate} and {@code softmax-score}, and a savepoint of
 * that release restores into this graph because neither held state.
 *
 * <pre>{@code
 * ScoringJob.build(env, FileConnectors.jsonLines(input, 1 << 20),
 *         FileConnectors.decisions(output), FileConnectors.deadLetters(output), config);
 * env.execute("flink-softmax");
 * }</pre>
 */
public final class ScoringJob {

    public static final String SOURCE_UID = "events-source";
    public static final String SCORE_UID = "softmax-score";
    public static final String DECISIONS_SINK_UID = "decisions-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";

    private ScoringJob() {}

    /**
     * Adds the scoring pipeline to {@code env}. Encoding happens in the scoring operator, where a
     * decision too large for a sink can still become a dead letter: the sinks only write bytes.
     */
    public static void build(
            StreamExecutionEnvironment env,
            Source<RawEvent, ?, ?> source,
            Sink<EncodedDecision> decisionSink,
            Sink<DeadLetter> deadLetterSink,
            ScoringConfig config) {
        DataStream<RawEvent> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid(SOURCE_UID);

        SingleOutputStreamOperator<EncodedDecision> decisions =
                raw.process(new ScoreRecordsFunction(config)).name(SCORE_UID).uid(SCORE_UID);

        decisions.sinkTo(decisionSink).name(DECISIONS_SINK_UID).uid(DECISIONS_SINK_UID);

        decisions
                .getSideOutput(ScoreRecordsFunction.DEAD_LETTERS)
                .sinkTo(deadLetterSink)
                .name(DEAD_LETTERS_SINK_UID)
                .uid(DEAD_LETTERS_SINK_UID);
    }
}
