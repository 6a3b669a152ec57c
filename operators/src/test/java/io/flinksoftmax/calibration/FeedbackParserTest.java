package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.policy.EventTimeBounds;
import io.flinksoftmax.policy.Limits;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackParserTest {

    private final FeedbackParser parser = new FeedbackParser(Limits.DEFAULTS);

    @Test
    void readsAClickAndALabel() {
        Feedback click =
                accept(
                        "{\"id\":\"req-1\",\"candidate\":\"ad-2\",\"event\":\"click\",\"ts\":1764230400017,\"x\":[1]}");
        assertThat(click.isClick()).isTrue();
        assertThat(click.id).isEqualTo("req-1");
        assertThat(click.candidate).isEqualTo("ad-2");
        assertThat(click.ts).isEqualTo(1764230400017L);
        Feedback label = accept("{\"id\":\"img-7\",\"label\":\"3\",\"ts\":1764230400018}");
        assertThat(label.isClick()).isFalse();
        assertThat(label.label).isEqualTo("3");
        assertThat(accept("{\"id\":\"r\",\"candidate\":\"a\",\"ts\":1764230400000}").isClick())
                .as("event may be left out")
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON | {\"id\": | MALFORMED_JSON | not JSON",
                "an array | [] | MALFORMED_JSON | a JSON object",
                "a key twice | {\"id\":\"a\",\"id\":\"b\",\"label\":\"x\",\"ts\":1764230400000} | MALFORMED_JSON | not JSON",
                "no id | {\"label\":\"x\",\"ts\":1764230400000} | MISSING_FIELD | id is required",
                "numeric id | {\"id\":5,\"label\":\"x\",\"ts\":1764230400000} | WRONG_TYPE | id must be a string",
                "empty id | {\"id\":\"\",\"label\":\"x\",\"ts\":1764230400000} | INVALID_ID | id must be 1..256 characters",
                "no ts | {\"id\":\"a\",\"label\":\"x\"} | MISSING_FIELD | ts is required",
                "text ts | {\"id\":\"a\",\"label\":\"x\",\"ts\":\"now\"} | WRONG_TYPE | ts must be epoch milliseconds",
                "negative ts | {\"id\":\"a\",\"label\":\"x\",\"ts\":-5} | INVALID_TS | is before limits.min_event_ts",
                "seconds | {\"id\":\"a\",\"label\":\"x\",\"ts\":1764230400} | INVALID_TS | is before limits.min_event_ts",
                "microseconds | {\"id\":\"a\",\"label\":\"x\",\"ts\":1764230400000000} | INVALID_TS | ahead of the clock",
                "neither | {\"id\":\"a\",\"ts\":1764230400000} | MISSING_FIELD | candidate (a click on a placed candidate) or label",
                "both | {\"id\":\"a\",\"candidate\":\"c\",\"label\":\"x\",\"ts\":1764230400000} | WRONG_TYPE | not both",
                "numeric label | {\"id\":\"a\",\"label\":3,\"ts\":1764230400000} | WRONG_TYPE | label must be a string",
                "a view | {\"id\":\"a\",\"candidate\":\"c\",\"event\":\"view\",\"ts\":1764230400000} | UNKNOWN_KIND | event must be click",
                "lone surrogate | {\"id\":\"a\",\"candidate\":\"\\ud800\",\"ts\":1764230400000} | INVALID_ID | unpaired",
            })
    void refusesABadRecordWithTheReasonAnEventWouldGet(
            String name, String json, Reason reason, String message) {
        FeedbackParser.Rejected rejected = reject(json);
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.message()).contains(message);
    }

    @Test
    void refusesOversizedAndIllFormedRecordsAndNeverThrows() {
        byte[] ok =
                "{\"id\":\"a\",\"label\":\"x\",\"ts\":1764230400000}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(((FeedbackParser.Rejected) parser.parse(ok, ok.length, 5L << 20)).reason())
                .isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        byte[] bad = {'{', '"', 'i', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertThat(((FeedbackParser.Rejected) parser.parse(bad, bad.length, bad.length)).reason())
                .isEqualTo(Reason.MALFORMED_JSON);
    }

    /**
     * Over 20,000 seeded mutations of valid clicks and labels (a byte changed, the record cut): an
     * accepted record holds exactly what the feedback contract allows and reads back the same from
     * its canonical form; a refused one has a feedback reason, a message, and an id only if that id
     * is in the record.
     */
    @Test
    void whateverTheBytesAnAcceptedRecordMeetsTheContractAndARefusedOneSaysWhy() throws Exception {
        long now = 1_764_230_500_000L;
        byte[][] seeds = {
            "{\"id\":\"req-1\",\"candidate\":\"ad-2\",\"event\":\"click\",\"ts\":1764230400000}"
                    .getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"img-7\",\"label\":\"3\",\"ts\":1764230400123}"
                    .getBytes(StandardCharsets.UTF_8)
        };
        SplittableRandom random = new SplittableRandom(9L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = seeds[random.nextInt(seeds.length)].clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            int length = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : b.length;
            if (meetsTheContract(b, length, now)) {
                accepted++;
            }
        }
        assertThat(accepted).as("mutations that are still valid feedback").isGreaterThan(1_000);
    }

    /** Feedback's reasons: those an event can get for the same fields, and no other. */
    private static final java.util.Set<Reason> FEEDBACK_REASONS =
            java.util.EnumSet.of(
                    Reason.MALFORMED_JSON,
                    Reason.MISSING_FIELD,
                    Reason.WRONG_TYPE,
                    Reason.UNKNOWN_KIND,
                    Reason.INVALID_ID,
                    Reason.PAYLOAD_TOO_LARGE,
                    Reason.INVALID_TS);

    private static final FeedbackParser CONTRACT_PARSER = new FeedbackParser(Limits.DEFAULTS);

    /**
     * The parser's contract for any bytes (also {@link FeedbackParserFuzzTest}'s): an accepted
     * record has a candidate or a label, an id within bounds, a plausible ts, and reads back the
     * same from its canonical form; a refused one has a feedback reason, a message, and an id only
     * if that id is in the record.
     *
     * @return whether the record was accepted
     */
    static boolean meetsTheContract(byte[] b, int length, long now) {
        String text = new String(b, 0, length, StandardCharsets.UTF_8);
        FeedbackParser.Result result = CONTRACT_PARSER.parse(b, length, length, now);
        if (result instanceof FeedbackParser.Accepted a) {
            Feedback f = a.feedback();
            assertThat(f.isClick() ? f.candidate : f.label).as(text).isNotEmpty();
            assertThat(f.isClick() ? f.label : f.candidate).as(text).isNull();
            assertThat(f.id).as(text).isNotEmpty().hasSizeLessThanOrEqualTo(256);
            assertThat(EventTimeBounds.DEFAULTS.plausible(f.ts, now)).as(text).isTrue();
            String canonical;
            try {
                canonical =
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .writeValueAsString(
                                        f.isClick()
                                                ? java.util.Map.of(
                                                        "id",
                                                        f.id,
                                                        "candidate",
                                                        f.candidate,
                                                        "ts",
                                                        f.ts)
                                                : java.util.Map.of(
                                                        "id", f.id, "label", f.label, "ts", f.ts));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
            byte[] again = canonical.getBytes(StandardCharsets.UTF_8);
            Feedback read =
                    ((FeedbackParser.Accepted)
                                    CONTRACT_PARSER.parse(again, again.length, again.length, now))
                            .feedback();
            assertThat(read.toString()).as(text).isEqualTo(f.toString());
            return true;
        }
        FeedbackParser.Rejected r = (FeedbackParser.Rejected) result;
        assertThat(FEEDBACK_REASONS).as(text).contains(r.reason());
        assertThat(r.message()).as(text).isNotBlank();
        if (r.id() != null) {
            assertThat(holdsString(b, length, r.id())).as(text + " holds id " + r.id()).isTrue();
        }
        return false;
    }

    /**
     * Whether {@code value} is one of the JSON strings of the record, escapes decoded (Jazzer found
     * {@code "id":"\u0000"}: the id refused is the NUL character, which the raw text does not
     * hold). Reads as far as the record is JSON.
     */
    private static boolean holdsString(byte[] b, int length, String value) {
        try (com.fasterxml.jackson.core.JsonParser p =
                new com.fasterxml.jackson.core.JsonFactory().createParser(b, 0, length)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken();
                    t != null;
                    t = p.nextToken()) {
                if ((t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING
                                || t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME)
                        && value.equals(p.getText())) {
                    return true;
                }
            }
        } catch (java.io.IOException notJsonFromHere) {
            // what was read before the error counts
        }
        return false;
    }

    private Feedback accept(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return ((FeedbackParser.Accepted) parser.parse(b, b.length, b.length)).feedback();
    }

    private FeedbackParser.Rejected reject(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return (FeedbackParser.Rejected) parser.parse(b, b.length, b.length);
    }
}
