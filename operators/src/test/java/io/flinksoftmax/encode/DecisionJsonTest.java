package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ScoringConfig CONFIG =
            ScoringConfigReader.read(Path.of("../config/scoring.yaml"));

    private final EventParser parser = new EventParser(CONFIG);
    private final Scorer scorer = new Scorer(CONFIG);

    /** The full shape: every field (the compact one is pinned by CompactDecisionJsonTest). */
    private final DecisionJson json = new DecisionJson(OutputFormat.FULL);

    @Test
    void writesAClickDecisionWithTheContractFields() throws IOException {
        JsonNode out =
                decide(
                        """
                {"id":"req-1","kind":"click_scores","placement":"home_top","model":"ctr-v12","ts":1764230400000,
                 "candidates":[{"id":"ad-1","score":2.0,"bid":0.8},{"id":"ad-2","score":1.0,"bid":2.5},
                               {"id":"ad-3","score":0.1,"bid":1.0},{"id":"ad-4","score":3.2,"bid":1.0,"eligible":false}]}""");

        assertThat(out.get("id").asText()).isEqualTo("req-1");
        assertThat(out.get("kind").asText()).isEqualTo("click_scores");
        assertThat(out.get("placement").asText()).isEqualTo("home_top");
        assertThat(out.get("policy").asText()).isEqualTo("home_top");
        assertThat(out.get("model").asText()).isEqualTo("ctr-v12");
        assertThat(out.get("mode").asText()).isEqualTo("softmax");
        assertThat(out.get("rank_by").asText()).isEqualTo("expected_value");
        assertThat(out.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(out.get("event_ts").asLong()).isEqualTo(1764230400000L);
        assertThat(out.get("scored_ts").asLong()).isEqualTo(42L);

        JsonNode first = out.get("candidates").get(0);
        assertThat(first.get("id").asText()).isEqualTo("ad-2");
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("slot").asInt()).isEqualTo(1);
        assertThat(first.get("bid").asDouble()).isEqualTo(2.5);
        assertThat(first.get("probability").asDouble()).isBetween(0.24242, 0.24244);
        JsonNode ineligible = out.get("candidates").get(3);
        assertThat(ineligible.get("id").asText()).isEqualTo("ad-4");
        assertThat(ineligible.get("eligible").asBoolean()).isFalse();
        assertThat(ineligible.get("probability").asDouble()).isZero();
        assertThat(ineligible.get("log_probability").isNull()).isTrue();
        assertThat(ineligible.get("slot").isNull()).isTrue();
        assertThat(out.get("placed").toString()).isEqualTo("[\"ad-2\",\"ad-1\"]");
        assertThat(out.get("confidence").fieldNames())
                .toIterable()
                .containsExactly("top_probability", "margin", "entropy", "normalized_entropy");
    }

    @Test
    void writesNullsForAbsentOptionalValues() throws IOException {
        JsonNode out =
                decide(
                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}");
        assertThat(out.get("placement").isNull()).isTrue();
        assertThat(out.get("model").isNull()).isTrue();
        assertThat(out.get("event_ts").isNull()).isTrue();
        assertThat(out.get("policy").asText()).isEqualTo("default");
        JsonNode candidate = out.get("candidates").get(0);
        assertThat(candidate.get("bid").isNull()).isTrue();
        assertThat(candidate.get("expected_value").isNull()).isTrue();
    }

    @Test
    void writesAClassDecision() throws IOException {
        JsonNode out =
                decide(
                        "{\"id\":\"img-7\",\"kind\":\"class_logits\",\"model\":\"mnist-cnn\","
                                + "\"logits\":[0.5,3.0,-1.0],\"labels\":[\"cat\",\"dog\",\"bird\"],\"label\":\"cat\"}");
        assertThat(out.get("predicted").asText()).isEqualTo("dog");
        assertThat(out.get("probabilities")).hasSize(3);
        assertThat(out.get("log_probabilities")).hasSize(3);
        assertThat(out.get("top_k").get(0).get("label").asText()).isEqualTo("dog");
        assertThat(out.get("top_k")).hasSize(3);
        assertThat(out.get("label").asText()).isEqualTo("cat");
        assertThat(out.get("correct").asBoolean()).isFalse();
        assertThat(out.get("loss").asDouble()).isGreaterThan(2.0);
    }

    @Test
    void writesDoublesThatReadBackExactly() throws IOException {
        JsonNode out = decide("{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[2,3,5]}");
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            p[i] = out.get("probabilities").get(i).asDouble();
        }
        assertThat(p)
                .containsExactly(io.flinksoftmax.kernel.Softmax.softmax(new double[] {2, 3, 5}));
    }

    @Test
    void escapesEveryStringAJsonReaderNeedsEscaped() throws IOException {
        String id = "q\"uote\\back\u0001ctl\ttab-é-漢-😀";
        JsonNode out =
                decide(
                        MAPPER.writeValueAsString(
                                java.util.Map.of(
                                        "id",
                                        id,
                                        "kind",
                                        "class_logits",
                                        "model",
                                        "m\n2",
                                        "logits",
                                        new double[] {1, 2},
                                        "labels",
                                        new String[] {"\"a\"", "b\u2028"})));
        assertThat(out.get("id").asText()).isEqualTo(id);
        assertThat(out.get("model").asText()).isEqualTo("m\n2");
        assertThat(out.get("predicted").asText()).isEqualTo("b\u2028");
        assertThat(out.get("top_k").get(1).get("label").asText()).isEqualTo("\"a\"");
    }

    @Test
    void writesSpecialDoublesAsJsonAllows() throws IOException {
        JsonNode out =
                decide(
                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":-0.0},"
                                + "{\"id\":\"b\",\"score\":1e-320,\"eligible\":false}]}");
        JsonNode a = out.get("candidates").get(0);
        assertThat(a.get("score").asDouble()).isEqualTo(-0.0);
        assertThat(a.get("probability").asDouble()).isEqualTo(1.0);
        assertThat(a.get("log_probability").asDouble()).isEqualTo(0.0);
        assertThat(out.get("candidates").get(1).get("score").asDouble()).isEqualTo(1e-320);
    }

    @Test
    void writesInfinitiesAsStringsSoThatNullKeepsOneMeaning() throws IOException {
        // At T = 1e-310, (z - M) / T overflows: the probability is 0, its log -Infinity.
        JsonNode click =
                decide(
                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"temperature\":1e-310,"
                                + "\"candidates\":[{\"id\":\"a\",\"score\":0},{\"id\":\"b\",\"score\":-1},"
                                + "{\"id\":\"c\",\"score\":5,\"eligible\":false}]}");
        JsonNode b = click.get("candidates").get(1);
        assertThat(b.get("id").asText()).isEqualTo("b");
        assertThat(b.get("probability").asDouble()).isZero();
        assertThat(b.get("log_probability").asText()).isEqualTo("-Infinity");
        assertThat(click.get("candidates").get(2).get("log_probability").isNull()).isTrue();

        JsonNode item =
                decide(
                        "{\"id\":\"i\",\"kind\":\"class_logits\",\"temperature\":1e-310,"
                                + "\"logits\":[0,-1],\"label\":\"1\"}");
        assertThat(item.get("log_probabilities").get(1).asText()).isEqualTo("-Infinity");
        assertThat(item.get("loss").asText()).isEqualTo("Infinity");
        JsonNode unlabelled = decide("{\"id\":\"j\",\"kind\":\"class_logits\",\"logits\":[0,-1]}");
        assertThat(unlabelled.get("loss").isNull()).isTrue();
    }

    private JsonNode decide(String event) throws IOException {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        ParseResult.Accepted accepted =
                (ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length);
        return MAPPER.readTree(json.toJson(scorer.score(accepted.event(), 42L)));
    }
}
