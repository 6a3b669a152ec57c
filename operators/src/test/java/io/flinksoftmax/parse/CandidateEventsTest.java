package io.flinksoftmax.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code candidate_score} records: the candidate rules of §3, {@code expected}, and the rest. */
class CandidateEventsTest {

    private static final String OK =
            "{\"kind\":\"candidate_score\",\"request\":\"req-1\",\"candidate\":\"ad-1\","
                    + "\"score\":2.0,\"bid\":0.8,\"expected\":4,\"placement\":\"p\",\"model\":\"m\","
                    + "\"ts\":1764230400000,\"temperature\":2}";

    private final EventParser parser = new EventParser(config());

    private static ScoringConfig config() {
        try {
            return ScoringConfigReader.fromTree(
                    new com.fasterxml.jackson.databind.ObjectMapper(
                                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                            .readTree(
                                    "policies:\n  default: {}\n  p: {}\n"
                                            + "  ev: {rank_by: expected_value}\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A request's unit comes with its candidates: it must agree across them, and the assembled
     * event carries it, so the request is split like the whole event would be.
     */
    @Test
    void theUnitMustAgreeAndIsAssembled() {
        String withUnit = OK.replace("\"temperature\":2}", "\"temperature\":2,\"unit\":\"u-1\"}");
        CandidateScore first = ((ParseResult.Candidate) parse(withUnit)).candidate();
        assertThat(first.unit()).isEqualTo("u-1");
        CandidateScore other =
                ((ParseResult.Candidate) parse(withUnit.replace("u-1", "u-2"))).candidate();
        assertThat(other.disagreement(first)).contains("unit").contains("u-2").contains("u-1");
        CandidateScore none = ((ParseResult.Candidate) parse(OK)).candidate();
        assertThat(none.disagreement(first)).contains("unit absent");
        assertThat(first.withRaw(null, 5L).unit()).isEqualTo("u-1");
        byte[] assembled =
                new io.flinksoftmax.encode.AssembledRequestJson().toJson(java.util.List.of(first));
        assertThat(new String(assembled, StandardCharsets.UTF_8)).contains("\"unit\":\"u-1\"");
        var event =
                (ParseResult.Accepted) parser.parse(assembled, assembled.length, assembled.length);
        assertThat(event.event().unit()).isEqualTo("u-1");
    }

    private ParseResult parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, b.length, b.length, 1764230400000L);
    }

    @Test
    void aValidCandidateKeepsEveryField() {
        CandidateScore c = ((ParseResult.Candidate) parse(OK)).candidate();
        assertThat(c.request()).isEqualTo("req-1");
        assertThat(c.candidate()).isEqualTo("ad-1");
        assertThat(c.score()).isEqualTo(2.0);
        assertThat(c.bid()).isEqualTo(0.8);
        assertThat(c.eligible()).isTrue();
        assertThat(c.expected()).isEqualTo(4);
        assertThat(c.placement()).isEqualTo("p");
        assertThat(c.model()).isEqualTo("m");
        assertThat(c.temperature()).isEqualTo(2.0);
        assertThat(c.eventTs()).isEqualTo(1764230400000L);
        CandidateScore bare =
                ((ParseResult.Candidate)
                                parse(
                                        "{\"kind\":\"candidate_score\",\"request\":\"r\","
                                                + "\"candidate\":\"c\",\"score\":0,\"expected\":1,"
                                                + "\"eligible\":false}"))
                        .candidate();
        assertThat(bare.hasBid()).isFalse();
        assertThat(bare.hasEventTs()).isFalse();
        assertThat(bare.eligible()).isFalse();
        assertThat(Double.isNaN(bare.temperature())).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"request\":\"req-1\"|\"request\":1|wrong_type",
                "\"request\":\"req-1\"|\"request\":\"\"|invalid_id",
                "\"request\":\"req-1\",|''|missing_field",
                "\"candidate\":\"ad-1\"|\"candidate\":null|missing_field",
                "\"candidate\":\"ad-1\"|\"candidate\":[1]|wrong_type",
                "\"score\":2.0|\"score\":NaN|non_finite_score",
                "\"score\":2.0|\"score\":\"2\"|wrong_type",
                "\"score\":2.0,|''|missing_field",
                "\"bid\":0.8|\"bid\":-1|invalid_bid",
                "\"bid\":0.8|\"bid\":NaN|invalid_bid",
                "\"expected\":4|\"expected\":0|empty_input",
                "\"expected\":4|\"expected\":1001|too_many_inputs",
                "\"expected\":4|\"expected\":4.5|wrong_type",
                "\"expected\":4|\"expected\":99999999999999999999999|wrong_type",
                "\"expected\":4,|''|missing_field",
                "\"placement\":\"p\"|\"placement\":\"nope\"|unknown_placement",
                "\"temperature\":2|\"temperature\":0|invalid_temperature",
                "\"ts\":1764230400000|\"ts\":1|invalid_ts",
                "\"score\":2.0|\"score\":2.0,\"score\":3|malformed_json",
                "\"request\":\"req-1\"|\"request\":\"\\ud800\"|malformed_json",
            })
    void eachBrokenRuleHasItsReason(String field, String replacement, String reason) {
        String json = OK.replace(field, replacement);
        assertThat(json).isNotEqualTo(OK);
        ParseResult result = parse(json);
        assertThat(result).as(json).isInstanceOf(ParseResult.Rejected.class);
        assertThat(((ParseResult.Rejected) result).reason().code()).as(json).isEqualTo(reason);
    }

    @Test
    void aMissingBidIsRefusedWhereThePolicyRanksByExpectedValue() {
        ParseResult result = parse(OK.replace("\"bid\":0.8,", "").replace("\"p\"", "\"ev\""));
        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(Reason.MISSING_BID);
    }

    @Test
    void otherKindsIgnoreTheCandidateFieldsAsUnknownFields() {
        String click =
                "{\"id\":\"r\",\"kind\":\"click_scores\",\"request\":7,\"score\":\"x\","
                        + "\"expected\":[],\"bid\":-1,\"candidate\":\"\\ud800\","
                        + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}";
        assertThat(parse(click)).isInstanceOf(ParseResult.Accepted.class);
    }

    @Test
    void theRejectionOfACandidateCarriesItsRequestId() {
        ParseResult result = parse(OK.replace("\"score\":2.0", "\"score\":null"));
        assertThat(((ParseResult.Rejected) result).id()).isEqualTo("req-1");
    }
}
