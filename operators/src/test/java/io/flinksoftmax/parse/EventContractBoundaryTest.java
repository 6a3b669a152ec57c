package io.flinksoftmax.parse;

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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event contract at its edges: values exactly at a limit pass, one past it fail; every field
 * given twice is refused; every wrong type is named with what was found. Limits here: 4 candidates,
 * 5 classes, 2,048 bytes, ids of 16 characters.
 */
class EventContractBoundaryTest {

    private static final ScoringConfig CONFIG =
            new ScoringConfig(
                    Map.of(
                            "default",
                            new ScoringPolicy(
                                    "default", Mode.SOFTMAX, 1.0, 3, RankBy.PROBABILITY, 0.0, 5)),
                    Limits.of(4, 5, 2048, 16));

    private final EventParser parser = new EventParser(CONFIG);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
        four candidates, the limit  | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1},{"id":"b","score":1},{"id":"c","score":1},{"id":"d","score":1}]}
        five logits and labels      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"labels":["a","b","c","d","e"],"label":"e"}
        ids of exactly 16 chars     | {"id":"sixteen-chars-xy","kind":"click_scores","candidates":[{"id":"sixteen-chars-ab","score":1}]}
        a zero bid                  | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":0}]}
        the smallest temperature    | {"id":"r","kind":"click_scores","temperature":4.9E-324,"candidates":[{"id":"a","score":1}]}
        default label 4 of 5        | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"4"}
        default label 0             | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"0"}
        an empty model              | {"id":"r","model":"","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        a one-character id          | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        """)
    void acceptsValuesAtTheLimit(String name, String json) {
        assertThat(parse(json)).as(name).isInstanceOf(ParseResult.Accepted.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
        malformed_json   | field 'kind' appears twice                 | {"id":"r","kind":"click_scores","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json   | field 'model' appears twice                | {"id":"r","model":"m","model":"m","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json   | field 'placement' appears twice            | {"id":"r","placement":"default","placement":"default","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json   | field 'ts' appears twice                   | {"id":"r","ts":1,"ts":1,"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json   | field 'temperature' appears twice          | {"id":"r","temperature":1,"temperature":1,"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        malformed_json   | field 'candidates' appears twice           | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1}],"candidates":[]}
        malformed_json   | field 'logits' appears twice               | {"id":"r","kind":"class_logits","logits":[1],"logits":[1]}
        malformed_json   | field 'labels' appears twice               | {"id":"r","kind":"class_logits","logits":[1],"labels":["a"],"labels":["a"]}
        malformed_json   | field 'label' appears twice                | {"id":"r","kind":"class_logits","logits":[1],"label":"0","label":"0"}
        malformed_json   | field 'candidates[0].id' appears twice     | {"id":"r","kind":"click_scores","candidates":[{"id":"a","id":"a","score":1}]}
        malformed_json   | field 'candidates[0].score' appears twice  | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"score":1}]}
        malformed_json   | field 'candidates[0].bid' appears twice    | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":1,"bid":1}]}
        malformed_json   | field 'candidates[0].eligible' appears twice | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"eligible":true,"eligible":true}]}
        malformed_json   | field 'x-trace' appears twice              | {"id":"r","x-trace":1,"kind":"click_scores","candidates":[{"id":"a","score":1}],"x-trace":{"a":1}}
        malformed_json   | field 'candidates[1].note' appears twice   | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"note":1},{"id":"b","note":1,"score":1,"note":2}]}
        wrong_type       | id must be a string, got a boolean         | {"id":true,"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        wrong_type       | kind must be a string, got an array        | {"id":"r","kind":["click_scores"],"candidates":[{"id":"a","score":1}]}
        wrong_type       | model must be a string, got an object      | {"id":"r","model":{},"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        wrong_type       | temperature must be a number, got a string | {"id":"r","temperature":"hot","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        wrong_type       | ts must be epoch milliseconds (a whole number), got a number | {"id":"r","ts":1.5,"kind":"click_scores","candidates":[{"id":"a","score":1}]}
        wrong_type       | candidates[1] must be an object, got a number | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1},7]}
        wrong_type       | candidates[0].id must be a string, got a number | {"id":"r","kind":"click_scores","candidates":[{"id":1,"score":1}]}
        wrong_type       | candidates[0].bid must be a number, got a string | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":"1"}]}
        wrong_type       | logits must be an array of numbers, got a string | {"id":"r","kind":"class_logits","logits":"1,2"}
        wrong_type       | labels must be an array of strings, got an object | {"id":"r","kind":"class_logits","logits":[1],"labels":{}}
        wrong_type       | labels[1] must be a string, got a number   | {"id":"r","kind":"class_logits","logits":[1,2],"labels":["a",2]}
        too_many_inputs  | more than limits.max_candidates = 4 candidates | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1},{"id":"b","score":1},{"id":"c","score":1},{"id":"d","score":1},{"id":"e","score":1}]}
        too_many_inputs  | more than limits.max_classes = 5 logits    | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5,6]}
        too_many_inputs  | more than limits.max_classes = 5 labels    | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"labels":["a","b","c","d","e","f"]}
        unknown_kind     | must be click_scores, class_logits or candidate_score | {"id":"r","kind":"ranking","candidates":[{"id":"a","score":1}]}
        unknown_placement | has no policy; known: default             | {"id":"r","placement":"footer","kind":"click_scores","candidates":[{"id":"a","score":1}]}
        invalid_bid      | bid                                        | {"id":"r","kind":"click_scores","candidates":[{"id":"a","score":1,"bid":-4.9E-324}]}
        invalid_id       | candidates[0].id must be 1..16 characters  | {"id":"r","kind":"click_scores","candidates":[{"id":"seventeen-chars-x","score":1}]}
        invalid_id       | labels[0] must be 1..16 characters         | {"id":"r","kind":"class_logits","logits":[1],"labels":["seventeen-chars-x"]}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"5"}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"04"}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"-1"}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"99999999999"}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":""}
        unknown_label    | label                                      | {"id":"r","kind":"class_logits","logits":[1,2,3,4,5],"label":"1a"}
        """)
    void refusesOnePastTheLimitAndNamesWhatItFound(String reason, String message, String json) {
        ParseResult.Rejected rejected = (ParseResult.Rejected) parse(json);
        assertThat(rejected.reason().code()).as(json).isEqualTo(reason);
        assertThat(rejected.message()).as(json).contains(message);
    }

    @Test
    void defaultLabelsAreTheClassIndicesInDecimal() {
        ClassLogits event =
                (ClassLogits)
                        ((ParseResult.Accepted)
                                        parse(
                                                "{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1,2,3,4,5],\"label\":\"3\"}"))
                                .event();
        assertThat(event.labelIndex()).isEqualTo(3);
        assertThat(event.labelAt(4)).isEqualTo("4");
    }

    @Test
    void aRecordOfExactlyTheLimitIsReadAndOneByteMoreIsNot() {
        String head =
                "{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}],\"pad\":\"";
        String json = head + "x".repeat(2048 - head.length() - 2) + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(2048);
        assertThat(parser.parse(bytes, bytes.length, 2048))
                .isInstanceOf(ParseResult.Accepted.class);
        ParseResult.Rejected tooLarge =
                (ParseResult.Rejected) parser.parse(bytes, bytes.length, 2049);
        assertThat(tooLarge.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.message())
                .isEqualTo("the record is 2049 bytes; limits.max_payload_bytes is 2048");
        // The id is read from the prefix for the dead letter.
        assertThat(tooLarge.id()).isEqualTo("r");
    }

    @Test
    void namesTheFirstInvalidUtf8ByteAndItsOffset() {
        byte[] bytes = {'{', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        ParseResult.Rejected rejected = (ParseResult.Rejected) parser.parse(bytes, 6, 6);
        assertThat(rejected.message()).contains("byte 0xC0 at offset 2");
    }

    @Test
    void keepsAnIdOfExactlyTheLimitForTheDeadLetterButNotALongerOne() {
        String bad = ",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":NaN}]}";
        assertThat(((ParseResult.Rejected) parse("{\"id\":\"sixteen-chars-xy\"" + bad)).id())
                .isEqualTo("sixteen-chars-xy");
        assertThat(((ParseResult.Rejected) parse("{\"id\":\"seventeen-chars-x\"" + bad)).id())
                .isNull();
        // Malformed JSON after a readable id keeps the id too.
        assertThat(((ParseResult.Rejected) parse("{\"id\":\"sixteen-chars-xy\",\"kind\":")).id())
                .isEqualTo("sixteen-chars-xy");
    }

    @Test
    void skipsEverythingPastTheLimitAndReadsOn() {
        // Nested values after the limit are skipped whole; the id after the array is still read.
        ParseResult.Rejected rejected =
                (ParseResult.Rejected)
                        parse(
                                "{\"kind\":\"class_logits\",\"logits\":[1,2,3,4,5,[6,[7]],{\"a\":[8]},9],"
                                        + "\"id\":\"after\"}");
        assertThat(rejected.reason()).isEqualTo(Reason.TOO_MANY_INPUTS);
        assertThat(rejected.id()).isEqualTo("after");
    }

    @Test
    void growsItsBuffersForLargeEventsAndReusesThem() {
        EventParser wide =
                new EventParser(
                        new ScoringConfig(CONFIG.policies(), Limits.of(3000, 3000, 1 << 20, 16)));
        for (int round = 0; round < 2; round++) {
            StringBuilder click =
                    new StringBuilder("{\"id\":\"r\",\"kind\":\"click_scores\",\"candidates\":[");
            StringBuilder logits =
                    new StringBuilder("{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[");
            StringBuilder labels = new StringBuilder("],\"labels\":[");
            for (int i = 0; i < 2500; i++) {
                click.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"c")
                        .append(i)
                        .append("\",\"score\":")
                        .append(i % 7)
                        .append(",\"bid\":1}");
                logits.append(i == 0 ? "" : ",").append(i % 5);
                labels.append(i == 0 ? "" : ",").append("\"l").append(i).append('"');
            }
            byte[] c = click.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            ClickScores scores =
                    (ClickScores)
                            ((ParseResult.Accepted) wide.parse(c, c.length, c.length)).event();
            assertThat(scores.size()).isEqualTo(2500);
            assertThat(scores.candidateIds()[2499]).isEqualTo("c2499");
            assertThat(scores.scores()[2499]).isEqualTo(2499 % 7);
            assertThat(scores.bids()[2499]).isEqualTo(1.0);
            byte[] l =
                    (logits.toString() + labels + "],\"label\":\"l2499\"}")
                            .getBytes(StandardCharsets.UTF_8);
            ClassLogits classes =
                    (ClassLogits)
                            ((ParseResult.Accepted) wide.parse(l, l.length, l.length)).event();
            assertThat(classes.size()).isEqualTo(2500);
            assertThat(classes.logits()[2499]).isEqualTo(4.0);
            assertThat(classes.labelIndex()).isEqualTo(2499);
        }
    }

    @Test
    void namesAnInvalidFirstByte() {
        byte[] bytes = {(byte) 0xFF, '{', '}'};
        ParseResult.Rejected rejected = (ParseResult.Rejected) parser.parse(bytes, 3, 3);
        assertThat(rejected.message()).contains("byte 0xFF at offset 0");
    }

    @Test
    void listsAtMostTenKnownPlacements() {
        assertThat(unknownPlacementMessage(10))
                .endsWith("known: default, pb, pc, pd, pe, pf, pg, ph, pi, pj");
        assertThat(unknownPlacementMessage(12))
                .endsWith("known: default, pb, pc, pd, pe, pf, pg, ph, pi, pj, ...");
    }

    private static String unknownPlacementMessage(int placements) {
        Map<String, ScoringPolicy> policies = new LinkedHashMap<>();
        for (int i = 0; i < placements; i++) {
            String name = i == 0 ? "default" : "p" + (char) ('a' + i);
            policies.put(
                    name,
                    new ScoringPolicy(name, Mode.SOFTMAX, 1.0, 1, RankBy.PROBABILITY, 0.0, 1));
        }
        EventParser parser = new EventParser(new ScoringConfig(policies, CONFIG.limits()));
        return ((ParseResult.Rejected)
                        parseWith(
                                parser,
                                "{\"id\":\"r\",\"placement\":\"x\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}"))
                .message();
    }

    @Test
    void nothingOfALongerEarlierRecordLeaksIntoTheNext() {
        // The parser reuses its arrays: entries past the new record's length hold the old one's.
        EventParser reused =
                new EventParser(
                        new ScoringConfig(
                                Map.of(
                                        "default",
                                        new ScoringPolicy(
                                                "default",
                                                Mode.SOFTMAX,
                                                1.0,
                                                1,
                                                RankBy.EXPECTED_VALUE,
                                                0.0,
                                                5)),
                                CONFIG.limits()));
        parseWith(
                reused,
                "{\"id\":\"a\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"x\",\"score\":1,\"bid\":1},{\"id\":\"y\",\"score\":1}]}");
        parseWith(reused, "{\"id\":\"b\",\"kind\":\"class_logits\",\"logits\":[1,NaN,3]}");
        assertThat(
                        parseWith(
                                reused,
                                "{\"id\":\"c\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"x\",\"score\":1,\"bid\":1}]}"))
                .isInstanceOf(ParseResult.Accepted.class);
        assertThat(parseWith(reused, "{\"id\":\"d\",\"kind\":\"class_logits\",\"logits\":[1]}"))
                .isInstanceOf(ParseResult.Accepted.class);
    }

    @Test
    void namesTheSameRepeatWhateverTheListsLength() {
        // "z" repeats at 10 and 15, "a" at 20 and 30: the earliest repeat is index 15, although
        // "a" sorts first. Short lists are scanned pairwise, long ones sorted: same answer.
        for (int n : new int[] {31, 32, 33, 40}) {
            assertThat(labelRepeat(n))
                    .as("%d labels", n)
                    .isEqualTo("labels[15] 'z' repeats labels[10]");
        }
    }

    @Test
    void namesTheSameCandidateRepeatWhateverTheListsLength() {
        // As for labels: short lists compared pairwise (hashes first), long ones hashed.
        for (int n : new int[] {2, 16, 31, 32, 33, 40}) {
            StringBuilder json = new StringBuilder("{\"id\":\"r\",\"kind\":\"click_scores\",");
            json.append("\"candidates\":[");
            for (int i = 0; i < n; i++) {
                String id = i == 0 || i == n - 1 ? "z" : i == n / 2 || i == n - 2 ? "a" : "c-" + i;
                json.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"")
                        .append(id)
                        .append("\",\"score\":1}");
            }
            EventParser wide =
                    new EventParser(
                            new ScoringConfig(CONFIG.policies(), Limits.of(100, 100, 1 << 20, 16)));
            ParseResult.Rejected rejected =
                    (ParseResult.Rejected) parseWith(wide, json.append("]}").toString());
            assertThat(rejected.reason()).isEqualTo(Reason.DUPLICATE_ID);
            int first = n <= 3 ? n - 1 : n - 2; // "a" repeats before "z" does, when it can
            String repeated = n <= 3 ? "z" : "a";
            int earlier = n <= 3 ? 0 : n / 2;
            assertThat(rejected.message())
                    .as("%d candidates", n)
                    .isEqualTo(
                            "candidates["
                                    + first
                                    + "].id '"
                                    + repeated
                                    + "' repeats candidates["
                                    + earlier
                                    + "].id");
        }
    }

    private static String labelRepeat(int n) {
        EventParser wide =
                new EventParser(
                        new ScoringConfig(CONFIG.policies(), Limits.of(100, 100, 1 << 20, 16)));
        StringBuilder json =
                new StringBuilder("{\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[");
        StringBuilder labels = new StringBuilder("],\"labels\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(1);
            String label = i == 10 || i == 15 ? "z" : i == 20 || i == 30 ? "a" : "m" + i;
            labels.append(i == 0 ? "" : ",").append('"').append(label).append('"');
        }
        byte[] bytes = (json.toString() + labels + "]}").getBytes(StandardCharsets.UTF_8);
        ParseResult.Rejected rejected =
                (ParseResult.Rejected) wide.parse(bytes, bytes.length, bytes.length);
        assertThat(rejected.reason()).isEqualTo(Reason.DUPLICATE_ID);
        return rejected.message();
    }

    private static ParseResult parseWith(EventParser parser, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length, bytes.length);
    }

    private ParseResult parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, bytes.length, bytes.length);
    }
}
