package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
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
        SplittableRandom random = new SplittableRandom(9L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = ok.clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            int length = random.nextInt(b.length + 1);
            assertThat(parser.parse(b, length, length)).isNotNull();
        }
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
