package io.flinksoftmax.example;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.OutputTags;
import io.flinksoftmax.operator.ScoringOperator;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

public final class ScoreMyEvents {

    /** Scores records (JSON bytes: a Kafka value, a line of a file) into decisions. */
    public static SingleOutputStreamOperator<EncodedDecision> score(
            DataStream<RawEvent> raw, ScoringConfig config) {
        // Parses, scores and encodes each record (strict JSON, bounded); every record it cannot
        // score or write goes to the dead letters. It never throws on a record.
        return raw.transform(
                        "softmax-score", ScoringTypes.ENCODED_DECISION, new ScoringOperator(config))
                .uid("softmax-score");
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringConfig config = ScoringConfigReader.read(Path.of(args[0]));
        DataStream<RawEvent> raw =
                env.fromData(
                        ScoringTypes.RAW_EVENT,
                        RawEvent.of(
                                "{\"id\":\"r1\",\"kind\":\"class_logits\",\"logits\":[1,2,3]}"
                                        .getBytes(StandardCharsets.UTF_8)),
                        RawEvent.of("not json".getBytes(StandardCharsets.UTF_8)));
        SingleOutputStreamOperator<EncodedDecision> decisions = score(raw, config);
        DataStream<DeadLetter> deadLetters = decisions.getSideOutput(OutputTags.DEAD_LETTERS);
        decisions.map(d -> new String(d.json(), StandardCharsets.UTF_8)).print();
        deadLetters.map(DeadLetter::message).print();
        env.execute("score-my-events");
    }
}
