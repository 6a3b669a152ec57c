package io.flinksoftmax.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawEventTest {

    @Test
    void aTombstoneIsNotAnEmptyRecord() {
        SourcePosition at = new SourcePosition("scores", 2, 41L);
        RawEvent tombstone = RawEvent.tombstone(at);
        RawEvent empty = RawEvent.of(new byte[0]);
        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(empty.isTombstone()).isFalse();
        assertThat(RawEvent.of("{}".getBytes(StandardCharsets.UTF_8)).isTombstone()).isFalse();
        // As a dead letter, a tombstone has size 0 and keeps its position.
        DeadLetter letter = DeadLetter.of(tombstone, Reason.MALFORMED_JSON, "no value", null, 5L);
        assertThat(letter.payloadBytes()).isZero();
        assertThat(letter.payloadTruncated()).isFalse();
        assertThat(letter.source()).isEqualTo(at);
        assertThat(letter.at()).isEqualTo(5L);
    }
}
