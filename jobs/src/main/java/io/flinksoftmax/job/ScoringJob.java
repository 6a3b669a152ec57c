package io.flinksoftmax.job;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.ParseEventFunction;
import io.flinksoftmax.operator.RawEvent;
import io.flinksoftmax.operator.SoftmaxScoringFunction;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job graph: source -> parse and validate (bad records to the dead-letter side output)
 * -> softmax scoring -> decisions sink, and dead letters -> dead-letter sink.
 *
 * <p>It takes its source and sinks as arguments: {@link ScoringJobMain} passes files (later Kafka),
 * tests pass bounded ones. Operator uids are stable: changing them breaks restoring from
 * savepoints.
 *
 * <pre>{@code
 * ScoringJob.build(env, FileConnectors.jsonLines(input, 1 << 20),
 *         FileConnectors.decisions(output), FileConnectors.deadLetters(output), config);
 * env.execute("flink-softmax");
 * }</pre>
 */
public final class ScoringJob {

    public static final String SOURCE_UID = "events-source";
    public static final String PARSE_UID = "parse-validate";
    public static final String SCORE_UID = "softmax-score";
    public static final String DECISIONS_SINK_UID = "decisions-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";

    private ScoringJob() {}

    /** Adds the scoring pipeline to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<RawEvent, ?, ?> source,
            Sink<Decision> decisionSink,
            Sink<DeadLetter> deadLetterSink,
            ScoringConfig config) {
        DataStream<RawEvent> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid(SOURCE_UID);

        SingleOutputStreamOperator<ScoringEvent> events =
                raw.process(new ParseEventFunction(config)).name(PARSE_UID).uid(PARSE_UID);

        events.map(new SoftmaxScoringFunction(config))
                .name(SCORE_UID)
                .uid(SCORE_UID)
                .sinkTo(decisionSink)
                .name(DECISIONS_SINK_UID)
                .uid(DECISIONS_SINK_UID);

        events.getSideOutput(ParseEventFunction.DEAD_LETTERS)
                .sinkTo(deadLetterSink)
                .name(DEAD_LETTERS_SINK_UID)
                .uid(DEAD_LETTERS_SINK_UID);
    }
}
