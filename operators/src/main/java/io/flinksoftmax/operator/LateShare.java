package io.flinksoftmax.operator;

import java.util.Locale;

/**
 * Watches the share of candidates that come after their request was decided ({@code
 * late_candidate}), and says so once per period when it is high: with candidates of one request on
 * several Kafka partitions, the skew between the partitions' reads can exceed the assembly timeout,
 * and requests sent whole are then decided in parts (BENCHMARKS.md: 16 % of them at 50 ms on a
 * loaded 2-core machine). The dead letters keep every candidate; this tells the operator why they
 * come, and what to change. Not thread safe: one per subtask.
 */
final class LateShare {

    /** How long a period is, in the processing time the caller gives. */
    static final long PERIOD_MS = 60_000;

    /** Above this share of a period's candidates, and {@link #MIN_LATE} or more, it warns. */
    static final double MAX_SHARE = 0.01;

    static final long MIN_LATE = 10;

    private long periodStart = Long.MIN_VALUE;
    private long candidates;
    private long late;

    /**
     * Counts one candidate.
     *
     * @param now processing time, milliseconds
     * @param timeoutMillis the assembly timeout in force, for the message
     * @return a warning to log when this candidate closes a period whose late share was too high,
     *     else {@code null}
     */
    String count(boolean isLate, long now, long timeoutMillis) {
        String warning = null;
        if (periodStart == Long.MIN_VALUE) {
            periodStart = now;
        } else if (now - periodStart >= PERIOD_MS) {
            if (late >= MIN_LATE && late > MAX_SHARE * candidates) {
                warning =
                        String.format(
                                Locale.ROOT,
                                "%,d of %,d candidates in the last %d s came after their request"
                                        + " was decided (late_candidate dead letters): requests"
                                        + " were decided in parts. Candidates of one request read"
                                        + " from different partitions arrive with the skew between"
                                        + " those reads; key the records by request id, or raise"
                                        + " --assembly-timeout (now %d ms) above that skew",
                                late,
                                candidates,
                                (now - periodStart) / 1000,
                                timeoutMillis);
            }
            periodStart = now;
            candidates = 0;
            late = 0;
        }
        candidates++;
        if (isLate) {
            late++;
        }
        return warning;
    }
}
