package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: with event time read at the sources, every element carries its event's time, and the
 * Kafka sink hands it to the serializers. Written as the Kafka record's timestamp, a decision about
 * an event older than the topic's retention (7 days by default) landed in a segment the broker
 * deleted at its next retention check, committed or not (seen as decisions vanishing from a cluster
 * test). The records are timestamped when written instead.
 */
class RecordTimestampsTest {

    private static final long LAST_YEAR = 1_764_230_400_000L;

    @Test
    void decisionsAndDeadLettersAreTimestampedWhenWrittenNotByEventTime() {
        EncodedDecision decision =
                new EncodedDecision(
                        "r".getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(
                        new DecisionRecordSerializer("t")
                                .serialize(decision, null, LAST_YEAR)
                                .timestamp())
                .isNull();
        DeadLetterRecordSerializer deadLetters = new DeadLetterRecordSerializer("t");
        deadLetters.open(null, null);
        DeadLetter letter =
                DeadLetter.of(
                        RawEvent.of("x".getBytes(StandardCharsets.UTF_8)),
                        Reason.MALFORMED_JSON,
                        "not JSON",
                        null,
                        LAST_YEAR);
        assertThat(deadLetters.serialize(letter, null, LAST_YEAR).timestamp()).isNull();
    }
}
