package io.flinksoftmax.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

    private static final ScoringConfig CONFIG =
            new ScoringConfig(
                    Map.of(
                            "default",
                            new ScoringPolicy(
                                    "default", Mode.SOFTMAX, 1.0, 3, RankBy.PROBABILITY, 0.0, 5),
                            "home_top",
                            new ScoringPolicy(
                                    "home_top",
                                    Mode.SOFTMAX,
                                    1.0,
                                    2,
                                    RankBy.EXPECTED_VALUE,
                                    0.05,
                                    5)),
                    Limits.of(4, 5, 2048, 16));

    private final EventParser parser = new EventParser(CONFIG);

    @Test
    void readsAClickScoresEvent() {
        ClickScores event =
                (ClickScores)
                        accept(
                                """
                {"id":"req-1","kind":"click_scores","placement":"home_top","model":"ctr-v12",
                 "ts":1764230400000,"temperature":0.5,
                 "candidates":[{"id":"ad-1","score":2.0,"bid":0.8},{"id":"ad-2","score":-1,"bid":2.5},
                               {"id":"ad-3","score":3.2,"eligible":false}]}""");
        assertThat(event.id()).isEqualTo("req-1");
        assertThat(event.placement()).isEqualTo("home_top");
        assertThat(event.model()).isEqualTo("ctr-v12");
        assertThat(event.eventTs()).isEqualTo(1764230400000L);
        assertThat(event.temperature()).isEqualTo(0.5);
        assertThat(event.candidateIds()).containsExactly("ad-1", "ad-2", "ad-3");
        assertThat(event.scores()).containsExactly(2.0, -1.0, 3.2);
        assertThat(event.bids()[0]).isEqualTo(0.8);
        assertThat(event.hasBid(2)).isFalse();
        assertThat(event.eligible()).containsExactly(true, true, false);
    }

    @Test
    void readsAClassLogitsEventWithDefaultLabels() {
        ClassLogits event =
                (ClassLogits)
                        accept(
                                "{\"id\":\"img-7\",\"kind\":\"class_logits\",\"logits\":[-2.3,1.1,8.7],"
                                        + "\"label\":\"2\"}");
        assertThat(event.logits()).containsExactly(-2.3, 1.1, 8.7);
        assertThat(event.labels()).isNull();
        assertThat(event.labelAt(2)).isEqualTo("2");
        assertThat(event.labelIndex()).isEqualTo(2);
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        ClickScores event =
                (ClickScores)
                        accept(
                                "{\"id\":\"r\",\"x-trace\":{\"a\":[1,2,{\"b\":null}]},\"kind\":\"click_scores\","
                                        + "\"candidates\":[{\"id\":\"a\",\"score\":1,\"creative\":{\"w\":300}}],"
                                        + "\"future\":true}");
        assertThat(event.candidateIds()).containsExactly("a");
    }

    @Test
    void treatsNullOptionalFieldsAsAbsent() {
        ClickScores event =
                (ClickScores)
                        accept(
                                "{\"id\":\"r\",\"kind\":\"click_scores\",\"model\":null,\"placement\":null,"
                                        + "\"ts\":null,\"temperature\":null,"
                                        + "\"candidates\":[{\"id\":\"a\",\"score\":1,\"bid\":null,\"eligible\":null}]}");
        assertThat(event.model()).isNull();
        assertThat(event.hasTemperature()).isFalse();
        assertThat(event.hasEventTs()).isFalse();
        assertThat(event.eligible()).containsExactly(true);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
        malformed_json         | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1}]
        malformed_json         | not json at all
        malformed_json         | [1,2,3]
        malformed_json         | {"id":"r","id":"s","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json         | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1}]} {"id":"again"}
        missing_field          | {"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        missing_field          | {"id":"r","candidates":[{"id":"a","score":1}]}
        missing_field          | {"id":"r","kind":"click_scores"}
        missing_field          | {"id":"r","kind":"click_scores","candidates":[{"id":"a"}]}
        missing_field          | {"id":"r","kind":"click_scores","candidates":[{"score":1}]}
        missing_field          | {"id":"r","kind":"class_logits","labels":["a"]}
        wrong_type             | {"id":7,"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        wrong_type             | {"id":"r","kind":"click_scores","candidates":{"id":"a","score":1}}
        wrong_type             | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":"1.5"}]}
        wrong_type             | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"eligible":"no"}]}
        wrong_type             | {"id":"r","kind":"click_scores","ts":"yesterday","candidates":[{"id":"a","score":1}]}
        wrong_type             | {"id":"r","kind":"class_logits","logits":[1,"2"]}
        unknown_kind           | {"id":"r","kind":"regression","candidates":[{"id":"a","score":1}]}
        empty_input            | {"id":"r","kind":"click_scores","candidates":[]}
        empty_input            | {"id":"r","kind":"class_logits","logits":[]}
        too_many_inputs        | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1},{"id":"b","score":1},{"id":"c","score":1},{"id":"d","score":1},{"id":"e","score":1}]}
        too_many_inputs        | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5,6]}
        duplicate_id           | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1},{"id":"a","score":2}]}
        duplicate_id           | {"id":"r","kind":"class_logits","logits":[1,2],"labels":["cat","cat"]}
        non_finite_score       | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":NaN}]}
        non_finite_score       | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":-Infinity}]}
        non_finite_score       | {"id":"r","kind":"class_logits","logits":[1,1e999]}
        invalid_temperature    | {"id":"r","kind":"click_scores","temperature":0,"candidates":[{"id":"a","score":1}]}
        invalid_temperature    | {"id":"r","kind":"click_scores","temperature":-2,"candidates":[{"id":"a","score":1}]}
        invalid_temperature    | {"id":"r","kind":"click_scores","temperature":NaN,"candidates":[{"id":"a","score":1}]}
        invalid_bid            | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":-1}]}
        invalid_bid            | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":Infinity}]}
        missing_bid            | {"id":"r","kind":"click_scores","placement":"home_top","candidates":[{"id":"a","score":1,"bid":1},{"id":"b","score":1}]}
        unknown_placement      | {"id":"r","kind":"click_scores","placement":"footer","candidates":[{"id":"a","score":1}]}
        labels_mismatch        | {"id":"r","kind":"class_logits","logits":[1,2,3],"labels":["a","b"]}
        unknown_label          | {"id":"r","kind":"class_logits","logits":[1,2,3],"labels":["a","b","c"],"label":"d"}
        unknown_label          | {"id":"r","kind":"class_logits","logits":[1,2,3],"label":"3"}
        no_eligible_candidates | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"eligible":false}]}
        invalid_id             | {"id":"","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        invalid_id             | {"id":"seventeen-chars-x","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        invalid_id             | {"id":"r","kind":"click_scores","candidates":[{"id":"","score":1}]}
        """)
    void rejectsEachRuleBreakWithItsReason(String reason, String json) {
        ParseResult.Rejected rejected = reject(json);
        assertThat(rejected.reason().code()).isEqualTo(reason);
        assertThat(rejected.message()).isNotBlank();
    }

    @Test
    void messagesNameTheOffendingField() {
        assertThat(
                        reject(
                                        "{\"id\":\"req-9\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1},"
                                                + "{\"id\":\"b\",\"score\":2},{\"id\":\"c\",\"score\":NaN}]}")
                                .message())
                .isEqualTo("candidates[2].score must be a finite number");
        ParseResult.Rejected missingBid =
                reject(
                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"placement\":\"home_top\","
                                + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}");
        assertThat(missingBid.message())
                .isEqualTo(
                        "candidates[0].bid is required: policy 'home_top' ranks by expected_value");
    }

    @Test
    void keepsTheIdOfARejectedRecordWhenItCanBeRead() {
        assertThat(
                        reject(
                                        "{\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":\"x\"}],"
                                                + "\"id\":\"late-id\"}")
                                .id())
                .isEqualTo("late-id");
        assertThat(reject("{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{").id())
                .isEqualTo("r");
    }

    @Test
    void findsADuplicateAmongManyCandidates() {
        EventParser wide =
                new EventParser(
                        new ScoringConfig(CONFIG.policies(), Limits.of(100, 100, 1 << 20, 16)));
        StringBuilder json =
                new StringBuilder("{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[");
        for (int i = 0; i < 60; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"c")
                    .append(i == 47 ? 5 : i)
                    .append("\",\"score\":1}");
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        ParseResult.Rejected rejected =
                (ParseResult.Rejected) wide.parse(bytes, bytes.length, bytes.length);
        assertThat(rejected.reason()).isEqualTo(Reason.DUPLICATE_ID);
        assertThat(rejected.message()).isEqualTo("candidates[47].id 'c5' repeats candidates[5].id");
    }

    @Test
    void rejectsAnOversizedRecordBeforeParsingIt() {
        byte[] prefix = "{\"id\":\"big\"".getBytes(StandardCharsets.UTF_8);
        ParseResult result = parser.parse(prefix, prefix.length, 10_000_000L);
        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(((ParseResult.Rejected) result).message()).contains("10000000 bytes");
    }

    @Test
    void rejectsDeepNestingQuickly() {
        String json =
                "{\"id\":\"r\",\"kind\":\"click_scores\",\"x\":"
                        + "[".repeat(900)
                        + "]".repeat(900)
                        + ",\"candidates\":[{\"id\":\"a\",\"score\":1}]}";
        ParseResult.Rejected rejected = reject(json);
        assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(rejected.message()).contains("nesting depth");
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        byte[] bytes = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void reusesItsBuffersWithoutLeakingBetweenRecords() {
        accept(
                "{\"id\":\"r1\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1,\"bid\":2},"
                        + "{\"id\":\"b\",\"score\":2,\"eligible\":false}]}");
        ClickScores second =
                (ClickScores)
                        accept(
                                "{\"id\":\"r2\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"x\",\"score\":3},"
                                        + "{\"id\":\"y\",\"score\":4}]}");
        assertThat(second.hasBid(0)).isFalse();
        assertThat(second.eligible()).containsExactly(true, true);
    }

    @Test
    void neverThrowsOnMangledRecords() {
        // Cut, flip and splice valid records: whatever comes out, the parser answers with a value.
        byte[] valid =
                ("{\"id\":\"req-1\",\"kind\":\"click_scores\",\"placement\":\"home_top\",\"ts\":1,"
                                + "\"candidates\":[{\"id\":\"ad-1\",\"score\":2.0,\"bid\":0.8},"
                                + "{\"id\":\"ad-2\",\"score\":1.0,\"bid\":2.5,\"eligible\":false}]}")
                        .getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] mangled = valid.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                mangled[random.nextInt(mangled.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(mangled.length) : mangled.length;
            ParseResult result = parser.parse(mangled, length, length);
            assertThat(result).isNotNull();
        }
    }

    private ParseResult.Rejected reject(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
        assertThat(result).as("result for %s", json).isInstanceOf(ParseResult.Rejected.class);
        return (ParseResult.Rejected) result;
    }

    private io.flinksoftmax.event.ScoringEvent accept(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
        assertThat(result).as("result for %s", json).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).event();
    }
}
