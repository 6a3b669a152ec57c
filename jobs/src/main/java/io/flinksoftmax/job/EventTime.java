package io.flinksoftmax.job;

import io.flinksoftmax.event.EventTimestamps;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.policy.EventTimeBounds;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark strategies of the job's sources (README "Event time"). Event time is read where
 * records are read, so that Flink keeps watermarks, idleness and out-of-orderness per Kafka
 * partition or file split: a slow or quiet partition holds event time back only for itself.
 */
@Internal
final class EventTime {

    private EventTime() {}

    /**
     * Events and feedback: each record's plausible {@code ts} ({@link EventTimestamps}; anything
     * else is the start of time and moves nothing), bounded out-of-orderness, and idleness.
     */
    static WatermarkStrategy<RawEvent> ofRecords(
            EventTimeBounds bounds, Duration maxOutOfOrderness, Duration idleness) {
        return WatermarkStrategy.<RawEvent>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner(new EventTimestamps(bounds))
                .withIdleness(idleness);
    }

    /**
     * The control input: always idle. Its documents have no event time, and an input of the scoring
     * operator without watermarks would hold its event time at the start of time for good; an idle
     * input is left out of the operator's watermark. (Not a watermark at the end of time: when the
     * events went idle too, that would become the operator's and close every window.)
     */
    static WatermarkStrategy<RawEvent> ofControlInput() {
        return WatermarkStrategy.forGenerator(context -> new AlwaysIdle());
    }

    private static final class AlwaysIdle implements WatermarkGenerator<RawEvent> {

        @Override
        public void onEvent(RawEvent event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
