package io.flinksoftmax.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.flinksoftmax.policy.EventTimeBounds;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a raw record, read where it is read (README "Event time"): a source's timestamp
 * assigner, so that watermarks, idleness and out-of-orderness are per Kafka partition or file
 * split. The time is the record's top-level {@code ts} when it is a whole number inside the {@link
 * EventTimeBounds} at the moment of reading; anything else (no {@code ts}, not JSON, a {@code ts}
 * in 2100, a tombstone, a truncated oversized record) is {@link #NO_TIME}, which no watermark
 * generator moves forward for. Whether such a record is a dead letter is decided by the parser
 * downstream; here it only must not move event time.
 *
 * <p>Reads just far enough: the object's fields up to {@code ts}, skipping nested values without
 * building them (so a record broken after its {@code ts} still gives that time; the parser makes it
 * a dead letter, and a plausible time moves nothing it should not). Never throws.
 */
@Internal
public final class EventTimestamps implements SerializableTimestampAssigner<RawEvent> {

    private static final long serialVersionUID = 1L;

    /** The time of a record without a plausible {@code ts}: the start of time. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** As shallow as the event parser's, so a record of nested brackets costs little here too. */
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build();

    private final EventTimeBounds bounds;

    public EventTimestamps(EventTimeBounds bounds) {
        this.bounds = java.util.Objects.requireNonNull(bounds, "bounds");
    }

    @Override
    public long extractTimestamp(RawEvent raw, long recordTimestamp) {
        long ts = ts(raw);
        return ts != NO_TIME && bounds.plausible(ts, System.currentTimeMillis()) ? ts : NO_TIME;
    }

    /**
     * The top-level {@code ts} of a complete record, whatever its value, or {@link #NO_TIME} when
     * there is none that is a whole number that fits a {@code long}.
     */
    public static long ts(RawEvent raw) {
        byte[] payload = raw.payload();
        if (raw.payloadBytes() != payload.length || payload.length == 0) {
            return NO_TIME; // a tombstone, the news of an unreadable input, or only a prefix
        }
        try (JsonParser p = JSON.createParser(payload, 0, payload.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NO_TIME;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean isTs = "ts".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isTs) {
                    return value == JsonToken.VALUE_NUMBER_INT
                                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                            ? p.getLongValue()
                            : NO_TIME;
                }
                p.skipChildren();
            }
            return NO_TIME;
        } catch (IOException | RuntimeException e) {
            return NO_TIME; // not JSON: the parser makes it a dead letter
        }
    }
}
