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
import io.flinksoftmax.policy.ScoringConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    @Test
    void decisionsOfBothKindsSurviveARoundTrip() throws IOException {
        for (String event :
                new String[] {
                    "{\"id\":\"r\",\"kind\":\"click_scores\",\"model\":\"m\",\"ts\":5,\"candidates\":"
                            + "[{\"id\":\"a\",\"score\":1,\"bid\":2},{\"id\":\"b\",\"score\":3,\"eligible\":false}]}",
                    "{\"id\":\"i\",\"kind\":\"class_logits\",\"temperature\":2,\"logits\":[1,2,3],"
                            + "\"labels\":[\"x\",\"y\",\"z\"],\"label\":\"y\"}",
                    "{\"id\":\"j\",\"kind\":\"class_logits\",\"logits\":[0.5]}"
                }) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            Decision decision =
                    scorer.score(
                            ((ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length))
                                    .event(),
                            7L);
            Decision copy = roundTrip(ScoringTypes.DECISION, decision);
            assertThat(new String(new DecisionJson().toJson(copy), StandardCharsets.UTF_8))
                    .isEqualTo(
                            new String(
                                    new DecisionJson().toJson(decision), StandardCharsets.UTF_8));
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
