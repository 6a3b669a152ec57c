package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Records cross the network and checkpoints through these serializers: nothing may change. */
class ScoringTypesTest {

    private final EventParser parser = new EventParser(ScoringConfig.defaults());
    private final Scorer scorer = new Scorer(ScoringConfig.defaults());

    /** Epsilon-greedy, version 5: the policy's exploration and version, and propensities < 1. */
    private final Scorer exploring =
            new Scorer(
                    new ScoringConfig(
                            Map.of(
                                    "default",
                                    new ScoringPolicy(
                                            "default",
                                            Mode.SOFTMAX,
                                            1.0,
                                            2,
                                            RankBy.PROBABILITY,
                                            0.0,
                                            3,
                                            new Exploration(
                                                    Exploration.Kind.EPSILON_GREEDY, 0.7, 9),
                                            5)),
                            Limits.DEFAULTS));

    private static final DecisionJson FULL = new DecisionJson(OutputFormat.FULL);

    @Test
    void decisionsOfBothKindsSurviveARoundTrip() throws IOException {
        for (String event :
                new String[] {
                    "{\"id\":\"r\",\"kind\":\"click_scores\",\"model\":\"m\",\"ts\":1764230400005,\"candidates\":"
                            + "[{\"id\":\"a\",\"score\":1,\"bid\":2},{\"id\":\"b\",\"score\":3,\"eligible\":false}]}",
                    "{\"id\":\"i\",\"kind\":\"class_logits\",\"temperature\":2,\"logits\":[1,2,3],"
                            + "\"labels\":[\"x\",\"y\",\"z\"],\"label\":\"y\"}",
                    "{\"id\":\"j\",\"kind\":\"class_logits\",\"logits\":[0.5]}"
                }) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            var parsed =
                    ((ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length))
                            .event();
            for (Scorer s : new Scorer[] {scorer, exploring}) {
                Decision decision = s.score(parsed, 7L);
                Decision copy = roundTrip(ScoringTypes.DECISION, decision);
                assertThat(copy.policy()).isEqualTo(decision.policy());
                assertThat(new String(FULL.toJson(copy), StandardCharsets.UTF_8))
                        .isEqualTo(new String(FULL.toJson(decision), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void deadLettersAndRawEventsSurviveARoundTrip() throws IOException {
        byte[] payload = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        SourcePosition source = new SourcePosition("scores", 2, 99L);
        DeadLetter letter =
                DeadLetter.of(Reason.MALFORMED_JSON, "cut", null, payload, 6, 6, source, 1L);
        assertThat(roundTrip(ScoringTypes.DEAD_LETTER, letter)).isEqualTo(letter);
        assertThat(new DeadLetterJson().toJson(roundTrip(ScoringTypes.DEAD_LETTER, letter)))
                .isEqualTo(new DeadLetterJson().toJson(letter));

        RawEvent raw = new RawEvent(payload, 600L, source);
        RawEvent copy = roundTrip(ScoringTypes.RAW_EVENT, raw);
        assertThat(copy.payload()).isEqualTo(payload);
        assertThat(copy.payloadBytes()).isEqualTo(600L);
        assertThat(copy.source()).isEqualTo(source);
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
