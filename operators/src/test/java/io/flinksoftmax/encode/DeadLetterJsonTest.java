package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesTheContractFields() throws IOException {
        byte[] raw = "{\"id\":\"req-9\",\"score\":NaN}".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter =
                DeadLetter.of(
                        Reason.NON_FINITE_SCORE,
                        "candidates[2].score must be a finite number",
                        "req-9",
                        raw,
                        raw.length,
                        raw.length,
                        new SourcePosition("scores", 0, 1234),
                        1764230400013L);
        JsonNode out = MAPPER.readTree(new DeadLetterJson().toJson(letter));
        assertThat(out.get("reason").asText()).isEqualTo("non_finite_score");
        assertThat(out.get("message").asText())
                .isEqualTo("candidates[2].score must be a finite number");
        assertThat(out.get("id").asText()).isEqualTo("req-9");
        assertThat(out.get("payload").asText()).isEqualTo("{\"id\":\"req-9\",\"score\":NaN}");
        assertThat(out.get("payload_truncated").asBoolean()).isFalse();
        assertThat(out.get("source").toString())
                .isEqualTo("{\"topic\":\"scores\",\"partition\":0,\"offset\":1234}");
        assertThat(out.get("at").asLong()).isEqualTo(1764230400013L);
    }

    @Test
    void truncatesLargePayloadsToFourKibOnACharacterBoundary() throws IOException {
        // 'é' is two bytes in UTF-8: an odd prefix would cut one in half.
        byte[] raw = ("x" + "é".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter =
                DeadLetter.of(
                        Reason.PAYLOAD_TOO_LARGE,
                        "too large",
                        null,
                        raw,
                        raw.length,
                        raw.length,
                        null,
                        0L);
        assertThat(letter.payloadTruncated()).isTrue();
        assertThat(letter.payloadBytes()).isEqualTo(raw.length);
        byte[] kept = letter.payload().getBytes(StandardCharsets.UTF_8);
        assertThat(kept.length).isLessThanOrEqualTo(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(kept.length).isGreaterThan(DeadLetter.MAX_PAYLOAD_BYTES - 2);
        assertThat(letter.payload()).doesNotContain("\uFFFD");

        JsonNode out = MAPPER.readTree(new DeadLetterJson().toJson(letter));
        assertThat(out.get("payload_truncated").asBoolean()).isTrue();
        assertThat(out.get("payload_bytes").asLong()).isEqualTo(raw.length);
        assertThat(out.get("id").isNull()).isTrue();
        assertThat(out.get("source").isNull()).isTrue();
    }

    @Test
    void marksAPrefixKeptByTheReaderAsTruncated() {
        byte[] prefix = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter =
                DeadLetter.of(
                        Reason.PAYLOAD_TOO_LARGE,
                        "m",
                        null,
                        prefix,
                        prefix.length,
                        10_000_000L,
                        null,
                        0L);
        assertThat(letter.payload()).isEqualTo("{\"id\":");
        assertThat(letter.payloadTruncated()).isTrue();
    }
}
