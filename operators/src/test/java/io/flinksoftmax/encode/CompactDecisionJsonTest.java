package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default output shape, pinned field by field, and its size. */
class CompactDecisionJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ScoringConfig CONFIG =
            ScoringConfigReader.read(Path.of("../config/scoring.yaml"));

    private final EventParser parser = new EventParser(CONFIG);
    private final Scorer scorer = new Scorer(CONFIG);
    private final DecisionJson json = new DecisionJson();

    @Test
    void theDefaultIsCompact() {
        assertThat(CONFIG.output()).isEqualTo(OutputFormat.COMPACT);
        assertThat(ScoringConfig.defaults().output()).isEqualTo(OutputFormat.COMPACT);
    }

    @Test
    void writesTheReadmesClickDecision() {
        // The README's example, byte for byte.
        assertThat(
                        write(
                                "{\"id\":\"req-1\",\"kind\":\"click_scores\",\"placement\":\"home_top\",\"model\":\"ctr-v12\",\"ts\":1764230400000,"
                                        + "\"candidates\":[{\"id\":\"ad-1\",\"score\":2.0,\"bid\":0.8},{\"id\":\"ad-2\",\"score\":1.0,\"bid\":2.5},"
                                        + "{\"id\":\"ad-3\",\"score\":0.1,\"bid\":1.0},{\"id\":\"ad-4\",\"score\":3.2,\"bid\":1.0,\"eligible\":false}]}"))
                .isEqualTo(
                        "{\"id\":\"req-1\",\"kind\":\"click_scores\",\"model\":\"ctr-v12\",\"policy\":\"home_top\","
                                + "\"policy_version\":0,\"mode\":\"softmax\",\"temperature\":1.0,"
                                + "\"ranked\":[\"ad-2\",\"ad-1\",\"ad-3\",\"ad-4\"],"
                                + "\"probabilities\":[0.24243297070471392,0.6590011388859679,0.09856589040931818,0.0],"
                                + "\"placed\":[\"ad-2\",\"ad-1\"],\"propensities\":[1.0,1.0],\"ranking_propensity\":1.0,"
                                + "\"confidence\":{\"top_probability\":0.6590011388859679,\"margin\":0.416568168181254,"
                                + "\"entropy\":0.846738178760252,\"normalized_entropy\":0.7707343049901487},"
                                + "\"event_ts\":1764230400000,\"scored_ts\":42}");
    }

    @Test
    void writesTheReadmesClassDecision() throws IOException {
        JsonNode out =
                MAPPER.readTree(
                        write(
                                "{\"id\":\"img-7\",\"kind\":\"class_logits\",\"model\":\"mnist-cnn\","
                                        + "\"logits\":[-2.3,1.1,0.4,8.7,-5.2,3.3,-1.0,0.0,2.5,-0.7],\"label\":\"3\"}"));
        assertThat(out.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "kind",
                        "model",
                        "policy",
                        "policy_version",
                        "mode",
                        "temperature",
                        "predicted",
                        "top_k",
                        "confidence",
                        "event_ts",
                        "scored_ts");
        assertThat(out.get("predicted").asText()).isEqualTo("3");
        assertThat(out.get("top_k")).hasSize(5);
        assertThat(out.get("top_k").get(1).get("label").asText()).isEqualTo("5");
        assertThat(out.get("top_k").get(1).get("probability").asDouble())
                .isBetween(0.004482, 0.004483);
        assertThat(out.get("event_ts").isNull()).isTrue();
    }

    @Test
    void aTenCandidateRequestFitsIn800Bytes() {
        // Realistic ids and models, full-precision probabilities: the largest of 1,000 requests.
        SplittableRandom random = new SplittableRandom(11);
        int largest = 0;
        for (int r = 0; r < 1000; r++) {
            StringBuilder event =
                    new StringBuilder("{\"id\":\"req-")
                            .append(100_000 + r)
                            .append(
                                    "\",\"kind\":\"click_scores\",\"placement\":\"home_top\",\"model\":\"ctr-v12\","
                                            + "\"ts\":1764230400000,\"candidates\":[");
            for (int c = 0; c < 10; c++) {
                event.append(c == 0 ? "" : ",")
                        .append("{\"id\":\"ad-")
                        .append(100_000 + r)
                        .append('-')
                        .append(c)
                        .append("\",\"score\":")
                        .append(random.nextGaussian() * 1.5)
                        .append(",\"bid\":")
                        .append(0.1 + random.nextDouble() * 3)
                        .append('}');
            }
            largest =
                    Math.max(
                            largest,
                            write(event.append("]}").toString())
                                    .getBytes(StandardCharsets.UTF_8)
                                    .length);
        }
        assertThat(largest).isLessThanOrEqualTo(800);
    }

    @Test
    void carriesEveryCandidateInDecisionOrderAlignedWithItsProbability() throws IOException {
        Decision d =
                decide(
                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":0},"
                                + "{\"id\":\"b\",\"score\":2},{\"id\":\"c\",\"score\":1,\"eligible\":false},{\"id\":\"d\",\"score\":1}]}");
        JsonNode out = MAPPER.readTree(json.toJson(d));
        assertThat(out.get("ranked").toString()).isEqualTo("[\"b\",\"d\",\"a\",\"c\"]");
        double[] p = d.probabilities();
        assertThat(out.get("probabilities").get(0).asDouble()).isEqualTo(p[1]);
        assertThat(out.get("probabilities").get(1).asDouble()).isEqualTo(p[3]);
        assertThat(out.get("probabilities").get(3).asDouble()).isZero();
        assertThat(out.get("placed").toString()).isEqualTo("[\"b\",\"d\",\"a\"]");
    }

    private String write(String event) {
        return new String(json.toJson(decide(event)), StandardCharsets.UTF_8);
    }

    private Decision decide(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        ParseResult.Accepted accepted =
                (ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length);
        return scorer.score(accepted.event(), 42L);
    }
}
