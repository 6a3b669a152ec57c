package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.Reason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The input side's metrics and accumulators: {@code records_in}, and {@code dead_letters} per
 * {@code reason} (one counter for every reason code, so dashboards see zeros, not gaps).
 */
final class InputMetrics {

    private final Counter recordsIn;
    private final LongCounter recordsInTotal = new LongCounter();
    private final Map<Reason, Counter> deadLetters = new EnumMap<>(Reason.class);
    private final Map<Reason, LongCounter> deadLetterTotals = new EnumMap<>(Reason.class);

    InputMetrics(RuntimeContext context) {
        MetricGroup group = context.getMetricGroup().addGroup(ScoringMetrics.GROUP);
        recordsIn = group.counter(ScoringMetrics.RECORDS_IN);
        context.addAccumulator(ScoringMetrics.ACC_RECORDS_IN, recordsInTotal);
        for (Reason reason : Reason.values()) {
            deadLetters.put(
                    reason,
                    group.addGroup("reason", reason.code()).counter(ScoringMetrics.DEAD_LETTERS));
            LongCounter total = new LongCounter();
            context.addAccumulator(ScoringMetrics.ACC_DEAD_LETTERS_PREFIX + reason.code(), total);
            deadLetterTotals.put(reason, total);
        }
    }

    void recordIn() {
        recordsIn.inc();
        recordsInTotal.add(1L);
    }

    void deadLetter(Reason reason) {
        deadLetters.get(reason).inc();
        deadLetterTotals.get(reason).add(1L);
    }
}
