package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Seeded requests sent as per-candidate records, shuffled, and the decision each would get sent
 * whole (its candidates in ascending id order): the reference an assembled decision must equal, bit
 * for bit, once its {@code assembly} field and {@code scored_ts} are set aside.
 *
 * @param lines the candidate records, shuffled across requests
 * @param wholeDecisions by request id, the decision of the whole event (no {@code scored_ts})
 * @param expected by request id, the candidates it announced
 * @param sent by request id, the candidates sent (fewer than expected for a partial request)
 */
public record CandidateRequests(
        List<String> lines,
        Map<String, JsonNode> wholeDecisions,
        Map<String, Integer> expected,
        Map<String, Integer> sent) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param partial how many of the requests lose one candidate (they are decided at their
     *     deadline or at the end of the input, with the rest)
     */
    public static CandidateRequests generate(
            String prefix, int requests, int partial, long seed, ScoringConfig config)
            throws IOException {
        return generate(prefix, requests, partial, seed, config, true);
    }

    /**
     * @param withTs whether the records carry {@code ts} (without it, decisions are not attributed
     *     to feedback)
     */
    public static CandidateRequests generate(
            String prefix,
            int requests,
            int partial,
            long seed,
            ScoringConfig config,
            boolean withTs)
            throws IOException {
        Random random = new Random(seed);
        RecordPipeline pipeline = new RecordPipeline(config);
        List<String> lines = new ArrayList<>();
        Map<String, JsonNode> decisions = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        Map<String, Integer> sent = new HashMap<>();
        for (int r = 0; r < requests; r++) {
            String id = prefix + "-" + r;
            int n = 2 + random.nextInt(9);
            int send = r < partial ? n - 1 : n;
            long ts = 1764230400000L + r;
            List<String> candidateIds = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                candidateIds.add(String.format(Locale.ROOT, "ad-%03d", random.nextInt(1000)) + k);
            }
            List<String> whole = new ArrayList<>();
            for (int k = 0; k < send; k++) {
                double score = random.nextGaussian() * (random.nextBoolean() ? 2 : 300);
                double bid = Math.round(random.nextDouble() * 300) / 100.0;
                String c = candidateIds.get(k);
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "{\"kind\":\"candidate_score\",\"request\":\"%s\",\"candidate\":"
                                        + "\"%s\",\"score\":%s,\"bid\":%s,\"expected\":%d,"
                                        + "\"placement\":\"feed\",\"model\":\"ctr-v12\"%s}",
                                id,
                                c,
                                Double.toString(score),
                                Double.toString(bid),
                                n,
                                withTs ? ",\"ts\":" + (ts + k) : ""));
                whole.add(
                        String.format(
                                Locale.ROOT,
                                "{\"id\":\"%s\",\"score\":%s,\"bid\":%s}",
                                c,
                                Double.toString(score),
                                Double.toString(bid)));
            }
            Collections.sort(whole); // ids are ASCII and "{\"id\":\"" prefixes them all alike
            String event =
                    String.format(
                            Locale.ROOT,
                            "{\"id\":\"%s\",\"kind\":\"click_scores\",\"placement\":\"feed\","
                                    + "\"model\":\"ctr-v12\"%s,\"candidates\":[%s]}",
                            id,
                            withTs ? ",\"ts\":" + ts : "",
                            String.join(",", whole));
            Outcome outcome =
                    pipeline.process(
                            RawEvent.of(event.getBytes(StandardCharsets.UTF_8)),
                            System.currentTimeMillis());
            assertThat(outcome).as(event).isInstanceOf(Outcome.Scored.class);
            decisions.put(id, comparable(((Outcome.Scored) outcome).encoded().json()));
            expected.put(id, n);
            sent.put(id, send);
        }
        Collections.shuffle(lines, random);
        return new CandidateRequests(lines, decisions, expected, sent);
    }

    /**
     * Checks one assembled decision against the whole event's: equal but for {@code scored_ts}, and
     * its {@code assembly} says how many candidates were sent and expected.
     */
    public void assertMatches(byte[] decisionJson) throws IOException {
        JsonNode actual = MAPPER.readTree(decisionJson);
        String id = actual.get("id").asText();
        assertThat(actual.get("assembly").get("received").asInt()).as(id).isEqualTo(sent.get(id));
        assertThat(actual.get("assembly").get("expected").asInt())
                .as(id)
                .isEqualTo(expected.get(id));
        assertThat(comparable(decisionJson)).as(id).isEqualTo(wholeDecisions.get(id));
    }

    /** The decision without {@code scored_ts} and {@code assembly}. */
    static JsonNode comparable(byte[] json) throws IOException {
        ObjectNode node = (ObjectNode) MAPPER.readTree(json);
        node.remove("scored_ts");
        node.remove("assembly");
        return node;
    }

    public int candidates() {
        return lines.size();
    }
}
