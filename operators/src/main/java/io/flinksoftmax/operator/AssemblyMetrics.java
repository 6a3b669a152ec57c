package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The request assembler's metrics (group {@code softmax}): {@code requests_complete}, {@code
 * requests_partial}, {@code open_requests} and {@code open_request_bytes} (gauges: the heap they
 * hold, as {@code max-open-bytes} counts it), {@code dead_letters} per assembly {@code reason}, and
 * the histograms {@code assembly_latency_complete_ms} (a complete request: from its last
 * candidate's reading to the decision) and {@code assembly_latency_partial_ms} (a partial one: from
 * its first candidate's reading to the decision, the timeout and what it adds), and {@code
 * assembly_deadline_lateness_ms} (how long after its set time a deadline fired: what a busy task
 * thread adds to the timeout) and {@code assembly_transit_ms} (from a candidate's reading to its
 * arrival at the assembler). The dead letters' accumulators have names of their own ({@link
 * ScoringMetrics#ACC_ASSEMBLY_DEAD_LETTERS_PREFIX}).
 */
final class AssemblyMetrics {

    static final String REQUESTS_COMPLETE = "requests_complete";
    static final String REQUESTS_PARTIAL = "requests_partial";
    static final String OPEN_REQUESTS = "open_requests";
    static final String OPEN_REQUEST_BYTES = "open_request_bytes";
    static final String LATENCY_COMPLETE = "assembly_latency_complete_ms";
    static final String LATENCY_PARTIAL = "assembly_latency_partial_ms";
    static final String DEADLINE_LATENESS = "assembly_deadline_lateness_ms";
    static final String TRANSIT = "assembly_transit_ms";

    /** The reasons only the assembler gives. */
    static final Reason[] REASONS = {
        Reason.LATE_CANDIDATE,
        Reason.DUPLICATE_CANDIDATE,
        Reason.INCONSISTENT_REQUEST,
        Reason.ASSEMBLY_OVERFLOW
    };

    private static final int LATENCY_WINDOW = 1024;

    private final Counter complete;
    private final Counter partial;
    private final LongCounter completeTotal = new LongCounter();
    private final LongCounter partialTotal = new LongCounter();
    private final Histogram latencyPartial;
    private final Histogram latencyComplete;
    private final Histogram deadlineLateness;
    private final Histogram transit;
    private final Map<Reason, Counter> deadLetters = new EnumMap<>(Reason.class);
    private final Map<Reason, LongCounter> deadLetterTotals = new EnumMap<>(Reason.class);

    AssemblyMetrics(RuntimeContext context, IntSupplier openRequests, LongSupplier heldBytes) {
        MetricGroup group = context.getMetricGroup().addGroup(ScoringMetrics.GROUP);
        complete = group.counter(REQUESTS_COMPLETE);
        partial = group.counter(REQUESTS_PARTIAL);
        context.addAccumulator(ScoringMetrics.ACC_REQUESTS_COMPLETE, completeTotal);
        context.addAccumulator(ScoringMetrics.ACC_REQUESTS_PARTIAL, partialTotal);
        group.gauge(OPEN_REQUESTS, openRequests::getAsInt);
        group.gauge(OPEN_REQUEST_BYTES, heldBytes::getAsLong);
        latencyPartial =
                group.histogram(
                        LATENCY_PARTIAL, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        latencyComplete =
                group.histogram(
                        LATENCY_COMPLETE, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        deadlineLateness =
                group.histogram(
                        DEADLINE_LATENESS, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        transit = group.histogram(TRANSIT, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        for (Reason reason : REASONS) {
            deadLetters.put(
                    reason,
                    group.addGroup("reason", reason.code()).counter(ScoringMetrics.DEAD_LETTERS));
            LongCounter total = new LongCounter();
            context.addAccumulator(
                    ScoringMetrics.ACC_ASSEMBLY_DEAD_LETTERS_PREFIX + reason.code(), total);
            deadLetterTotals.put(reason, total);
        }
    }

    void decided(boolean isComplete, long sinceFirst, long sinceLast) {
        if (isComplete) {
            complete.inc();
            completeTotal.add(1L);
            latencyComplete.update(Math.max(0L, sinceLast));
        } else {
            partial.inc();
            partialTotal.add(1L);
            latencyPartial.update(Math.max(0L, sinceFirst));
        }
    }

    /** A candidate reached the assembler {@code millis} after the job read it. */
    void arrived(long millis) {
        transit.update(Math.max(0L, millis));
    }

    /** A request's deadline fired {@code lateness} ms after the time it was set for. */
    void deadlineFired(long lateness) {
        deadlineLateness.update(Math.max(0L, lateness));
    }

    void deadLetter(Reason reason) {
        deadLetters.get(reason).inc();
        deadLetterTotals.get(reason).add(1L);
    }
}
