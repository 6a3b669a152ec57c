package io.flinksoftmax.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.policy.EventTimeBounds;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        // The same unknown name once per object is no repeat: in each candidate, and at the top.
        ClickScores again =
                (ClickScores)
                        accept(
                                "{\"id\":\"r2\",\"note\":0,\"kind\":\"click_scores\",\"candidates\":"
                                        + "[{\"id\":\"a\",\"score\":1,\"note\":1},"
                                        + "{\"id\":\"b\",\"score\":1,\"note\":2}]}");
        assertThat(again.candidateIds()).containsExactly("a", "b");
        // ...and the next record starts afresh.
        accept("{\"id\":\"r3\",\"note\":0,\"kind\":\"class_logits\",\"logits\":[1]}");
    }

    /**
     * Issue 22: a no-break space (valid UTF-8, not JSON whitespace) was reported as "Invalid UTF-8
     * start byte 0xa0"; a record that really is not UTF-8 still says so.
     */
    @Test
    void namesAWellFormedCharacterThatJsonDoesNotAllowBetweenTokens() {
        assertThat(reject("\u00a0{\"id\":\"r\"}").message())
                .isEqualTo(
                        "not valid JSON: unexpected character U+00A0 at byte 0 (well-formed UTF-8,"
                                + " but JSON allows only space, tab, line feed and carriage return"
                                + " between its tokens)");
        assertThat(reject("{\"id\":\u00a0\"r\"}").message()).contains("U+00A0 at byte 6");
        byte[] notUtf8 = {(byte) 0xA0, '{', '}'};
        ParseResult result = parser.parse(notUtf8, notUtf8.length, notUtf8.length);
        assertThat(((ParseResult.Rejected) result).message()).doesNotContain("well-formed");
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
        invalid_id             | {"id":"r","kind":"click_scores","unit":"","candidates":[{"id":"a","score":1}]}
        invalid_id             | {"id":"r","kind":"class_logits","unit":"seventeen-chars-x","logits":[1]}
        wrong_type             | {"id":"r","kind":"click_scores","unit":7,"candidates":[{"id":"a","score":1}]}
        invalid_id             | {"kind":"candidate_score","request":"q","candidate":"a","score":1,"expected":1,"unit":""}
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "lone high surrogate in the id | {\"id\":\"\\ud800\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "lone low surrogate in the id | {\"id\":\"a\\udc00b\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "reversed pair in the model | {\"id\":\"r\",\"model\":\"\\udc00\\ud800\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "lone surrogate in the kind | {\"id\":\"r\",\"kind\":\"\\ud800\",\"logits\":[1]}",
                "lone surrogate in the placement | {\"id\":\"r\",\"placement\":\"\\udbff\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "lone surrogate in the label | {\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1],\"label\":\"\\ud800\"}",
                "lone surrogate in a label | {\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1],\"labels\":[\"\\ud800\"]}",
                "lone surrogate in a candidate id | {\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"\\ud83d\",\"score\":1}]}",
            })
    void rejectsUnpairedSurrogateEscapesAsMalformed(String name, String json) {
        ParseResult.Rejected rejected = reject(json);
        assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(rejected.message()).contains("unpaired UTF-16 surrogate");
        assertThat(rejected.id()).isIn(null, "r");
    }

    @Test
    void namesTheArrayElementThatHoldsAnUnpairedSurrogate() {
        assertThat(
                        reject(
                                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1},{\"id\":\"\\ud83d\",\"score\":1}]}")
                                .message())
                .startsWith("candidates[1].id holds an unpaired UTF-16 surrogate");
        assertThat(
                        reject(
                                        "{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1,2],\"labels\":[\"a\",\"\\ud800\"]}")
                                .message())
                .startsWith("labels[1] holds an unpaired UTF-16 surrogate");
    }

    @Test
    void acceptsAPairedSurrogateEscape() {
        assertThat(
                        accept(
                                        "{\"id\":\"\\ud83d\\ude00\",\"kind\":\"class_logits\",\"logits\":[1]}")
                                .id())
                .isEqualTo("\uD83D\uDE00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "overlong slash 2 bytes, C0AF",
        "overlong slash 3 bytes, E080AF",
        "overlong NUL, C080",
        "overlong 4 bytes, F08080AF",
        "encoded high surrogate, EDA080",
        "encoded low surrogate, EDB080",
        "beyond U+10FFFF, F4908080",
        "lead byte F5, F5808080",
        "stray continuation byte, 80",
        "sequence cut short, E282",
    })
    void rejectsIllFormedUtf8AsMalformed(String name, String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] head = "{\"id\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] tail =
                "\",\"kind\":\"class_logits\",\"logits\":[1]}".getBytes(StandardCharsets.UTF_8);
        byte[] record = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, record, 0, head.length);
        System.arraycopy(bad, 0, record, head.length, bad.length);
        System.arraycopy(tail, 0, record, head.length + bad.length, tail.length);
        ParseResult.Rejected rejected =
                (ParseResult.Rejected) parser.parse(record, record.length, record.length);
        assertThat(rejected.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(rejected.message())
                .contains("not valid UTF-8")
                .contains("offset " + head.length);
    }

    @Test
    void countsIdLengthsInCodePoints() {
        String sixteenEmoji = "\uD83D\uDE00".repeat(16); // 32 UTF-16 units, the limit is 16
        assertThat(
                        accept(
                                        "{\"id\":\""
                                                + sixteenEmoji
                                                + "\",\"kind\":\"class_logits\",\"logits\":[1]}")
                                .id())
                .isEqualTo(sixteenEmoji);
        ParseResult.Rejected rejected =
                reject(
                        "{\"id\":\""
                                + sixteenEmoji
                                + "x\",\"kind\":\"class_logits\",\"logits\":[1]}");
        assertThat(rejected.reason()).isEqualTo(Reason.INVALID_ID);
        assertThat(rejected.message()).endsWith("got 17");
    }

    @Test
    void boundsTheModelAndLabelsLikeIds() {
        String long17 = "m".repeat(17);
        ParseResult.Rejected model =
                reject(
                        "{\"id\":\"r\",\"model\":\""
                                + long17
                                + "\",\"kind\":\"class_logits\",\"logits\":[1]}");
        assertThat(model.reason()).isEqualTo(Reason.INVALID_ID);
        assertThat(model.message()).startsWith("model must be 0..16 characters");
        ParseResult.Rejected label =
                reject(
                        "{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1],\"labels\":[\""
                                + long17
                                + "\"]}");
        assertThat(label.reason()).isEqualTo(Reason.INVALID_ID);
        assertThat(label.message()).startsWith("labels[0] must be 1..16 characters");
    }

    @Test
    void quotesUserValuesInMessagesOnlyCut() {
        String huge = "k".repeat(100_000);
        for (String json :
                new String[] {
                    "{\"id\":\"r\",\"kind\":\"" + huge + "\"}",
                    "{\"id\":\"r\",\"placement\":\""
                            + huge
                            + "\",\"kind\":\"class_logits\",\"logits\":[1]}",
                    "{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1],\"label\":\""
                            + huge
                            + "\"}",
                }) {
            ParseResult.Rejected rejected =
                    (ParseResult.Rejected)
                            new EventParser(ScoringConfig.defaults())
                                    .parse(
                                            json.getBytes(StandardCharsets.UTF_8),
                                            json.length(),
                                            json.length());
            assertThat(rejected.message())
                    .contains("k".repeat(64) + "...(cut)'")
                    .hasSizeLessThan(300);
        }
    }

    @Test
    void keepsTheIdOfAnOversizedRecordFromItsPrefix() {
        byte[] prefix =
                "{\"id\":\"big-1\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"sco"
                        .getBytes(StandardCharsets.UTF_8);
        ParseResult.Rejected rejected =
                (ParseResult.Rejected) parser.parse(prefix, prefix.length, 10_000_000L);
        assertThat(rejected.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(rejected.id()).isEqualTo("big-1");
    }

    @Test
    void refusesTheTimestampThatMeansNone() {
        ParseResult.Rejected rejected =
                reject(
                        "{\"id\":\"r\",\"ts\":"
                                + Long.MIN_VALUE
                                + ",\"kind\":\"class_logits\",\"logits\":[1]}");
        assertThat(rejected.reason()).isEqualTo(Reason.WRONG_TYPE);
        assertThat(
                        reject(
                                        "{\"id\":\"r\",\"ts\":"
                                                + (Long.MIN_VALUE + 1)
                                                + ",\"kind\":\"class_logits\",\"logits\":[1]}")
                                .reason())
                .isEqualTo(Reason.INVALID_TS);
    }

    /**
     * Issue 23: a {@code ts} outside the plausible range is {@code invalid_ts}, with the bound it
     * broke; inside it, to the millisecond, is accepted. The clock is the caller's.
     */
    @Test
    void refusesATsOutsideThePlausibleRangeAtTheTimeOfReading() {
        long now = 1_764_230_400_000L;
        long notBefore = EventTimeBounds.DEFAULT_NOT_BEFORE;
        long ahead = EventTimeBounds.DEFAULT_MAX_AHEAD_MILLIS;
        for (long ts : new long[] {notBefore, now, now + ahead}) {
            assertThat(parseAt("{\"id\":\"r\",\"ts\":" + ts + CLASS_EVENT, now))
                    .as("ts %d", ts)
                    .isInstanceOf(ParseResult.Accepted.class);
        }
        ParseResult.Rejected early =
                (ParseResult.Rejected)
                        parseAt("{\"id\":\"r\",\"ts\":" + (notBefore - 1) + CLASS_EVENT, now);
        assertThat(early.reason()).isEqualTo(Reason.INVALID_TS);
        assertThat(early.id()).isEqualTo("r");
        assertThat(early.message())
                .contains("1999-12-31T23:59:59.999Z")
                .contains("before limits.min_event_ts (2000-01-01T00:00:00Z)");
        ParseResult.Rejected future =
                (ParseResult.Rejected)
                        parseAt("{\"id\":\"r\",\"ts\":" + (now + ahead + 1) + CLASS_EVENT, now);
        assertThat(future.reason()).isEqualTo(Reason.INVALID_TS);
        assertThat(future.message())
                .contains("more than 1 h ahead of the clock when it was read")
                .contains("limits.max_event_ts_ahead");
        assertThat(parseAt("{\"id\":\"r\"" + CLASS_EVENT, now))
                .as("no ts at all is fine: scored, not attributed")
                .isInstanceOf(ParseResult.Accepted.class);
    }

    private static final String CLASS_EVENT = ",\"kind\":\"class_logits\",\"logits\":[1]}";

    private ParseResult parseAt(String json, long now) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length, bytes.length, now);
    }

    @Test
    void tellsATombstoneFromAnEmptyRecord() {
        ParseResult.Rejected tombstone =
                (ParseResult.Rejected) parser.parse(new byte[0], 0, RawEvent.TOMBSTONE);
        ParseResult.Rejected empty = (ParseResult.Rejected) parser.parse(new byte[0], 0, 0);
        assertThat(tombstone.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(tombstone.message()).contains("no value (a tombstone)");
        assertThat(empty.message()).isEqualTo("the record is empty");
    }

    /** An experiment unit is read for both kinds, and is null without one. */
    @Test
    void aUnitIsCarried() {
        assertThat(
                        accept(
                                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"unit\":\"user-7\","
                                                + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}")
                                .unit())
                .isEqualTo("user-7");
        assertThat(
                        accept(
                                        "{\"id\":\"r\",\"kind\":\"class_logits\",\"unit\":\"s-1\","
                                                + "\"logits\":[1]}")
                                .unit())
                .isEqualTo("s-1");
        assertThat(
                        accept(
                                        "{\"id\":\"r\",\"kind\":\"click_scores\",\"unit\":null,"
                                                + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}")
                                .unit())
                .isNull();
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
