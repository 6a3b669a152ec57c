package io.flinksoftmax.policy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.TimeUtils;

/**
 * The plausible range of an event time ({@code ts}), README "Event time": not before {@code
 * notBefore}, and not more than {@code maxAheadMillis} after the wall clock when the record is
 * read. A {@code ts} outside it is a dead letter {@code invalid_ts} and never moves event time: one
 * device with a clock in 2100, or a producer that writes microseconds, would otherwise push the
 * watermark past every later decision's window.
 *
 * @param notBefore the earliest plausible {@code ts}, epoch milliseconds ({@code
 *     limits.min_event_ts})
 * @param maxAheadMillis how far past the reader's clock a {@code ts} may be ({@code
 *     limits.max_event_ts_ahead}): clocks of producers and of the job differ a little
 */
@PublicEvolving
public record EventTimeBounds(long notBefore, long maxAheadMillis) implements Serializable {

    /** 2000-01-01T00:00:00Z. */
    public static final long DEFAULT_NOT_BEFORE = 946_684_800_000L;

    /** One hour. */
    public static final long DEFAULT_MAX_AHEAD_MILLIS = 3_600_000L;

    /**
     * The most {@code max_event_ts_ahead} may be: ten years. Beyond that the bound would not stop a
     * clock read in microseconds (year 50,000+) only by luck; say what you mean instead.
     */
    public static final long MAX_AHEAD_CAP_MILLIS = Duration.ofDays(3650).toMillis();

    public static final EventTimeBounds DEFAULTS =
            new EventTimeBounds(DEFAULT_NOT_BEFORE, DEFAULT_MAX_AHEAD_MILLIS);

    public EventTimeBounds {
        if (notBefore < 0) {
            throw new IllegalArgumentException(
                    "limits.min_event_ts must be 1970-01-01 or later (epoch milliseconds >= 0), got "
                            + notBefore);
        }
        if (maxAheadMillis < 0 || maxAheadMillis > MAX_AHEAD_CAP_MILLIS) {
            throw new IllegalArgumentException(
                    "limits.max_event_ts_ahead must be between 0 and 3650 d, got "
                            + maxAheadMillis
                            + " ms");
        }
    }

    /** Whether {@code ts} is plausible when read at {@code now} (epoch milliseconds). */
    public boolean plausible(long ts, long now) {
        return ts >= notBefore && ts <= latest(now);
    }

    /**
     * What is wrong with {@code ts} read at {@code now}, for an {@code invalid_ts} dead letter, or
     * {@code null} when it is plausible.
     */
    public String problem(long ts, long now) {
        if (ts < notBefore) {
            return "ts "
                    + ts
                    + " ("
                    + Instant.ofEpochMilli(ts)
                    + ") is before limits.min_event_ts ("
                    + Instant.ofEpochMilli(notBefore)
                    + "): event time is epoch milliseconds";
        }
        if (ts > latest(now)) {
            return "ts "
                    + ts
                    + " ("
                    + Instant.ofEpochMilli(ts)
                    + ") is more than "
                    + TimeUtils.formatWithHighestUnit(Duration.ofMillis(maxAheadMillis))
                    + " ahead of the clock when it was read ("
                    + Instant.ofEpochMilli(now)
                    + "; limits.max_event_ts_ahead): a clock set wrong, or not milliseconds";
        }
        return null;
    }

    /** {@code now + maxAheadMillis}, saturating: a clock near the end of time is no overflow. */
    private long latest(long now) {
        long sum = now + maxAheadMillis;
        return sum < now ? Long.MAX_VALUE : sum;
    }
}
