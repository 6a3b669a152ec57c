package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.Reason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The input side's metrics and accumulators: {@code records_in}, {@code dead_letters} per {@code
 * reason} (one counter for every reason code, so dashboards see zeros, not gaps), and the
 * per-candidate records' {@code candidates_in}, {@code assembled_decisions} and {@code
 * candidates_decided}.
 */
final class InputMetrics {

    private final Counter recordsIn;
    private final LongCounter recordsInTotal = new LongCounter();
    private final Counter candidatesIn;
    private final LongCounter candidatesInTotal = new LongCounter();
    private final Counter assembledDecisions;
    private final LongCounter assembledDecisionsTotal = new LongCounter();
    private final Counter candidatesDecided;
    private final LongCounter candidatesDecidedTotal = new LongCounter();
    private final Map<Reason, Counter> deadLetters = new EnumMap<>(Reason.class);
    private final Map<Reason, LongCounter> deadLetterTotals = new EnumMap<>(Reason.class);

    InputMetrics(RuntimeContext context) {
        MetricGroup group = context.getMetricGroup().addGroup(ScoringMetrics.GROUP);
        recordsIn = group.counter(ScoringMetrics.RECORDS_IN);
        context.addAccumulator(ScoringMetrics.ACC_RECORDS_IN, recordsInTotal);
        candidatesIn = group.counter(ScoringMetrics.CANDIDATES_IN);
        context.addAccumulator(ScoringMetrics.ACC_CANDIDATES_IN, candidatesInTotal);
        assembledDecisions = group.counter(ScoringMetrics.ASSEMBLED_DECISIONS);
        context.addAccumulator(ScoringMetrics.ACC_ASSEMBLED_DECISIONS, assembledDecisionsTotal);
        candidatesDecided = group.counter(ScoringMetrics.CANDIDATES_DECIDED);
        context.addAccumulator(ScoringMetrics.ACC_CANDIDATES_DECIDED, candidatesDecidedTotal);
        for (Reason reason : Reason.values()) {
            deadLetters.put(
                    reason,
                    group.addGroup("reason", reason.code()).counter(ScoringMetrics.DEAD_LETTERS));
            LongCounter total = new LongCounter();
            context.addAccumulator(ScoringMetrics.ACC_DEAD_LETTERS_PREFIX + reason.code(), total);
            deadLetterTotals.put(reason, total);
        }
    }

    /** A valid candidate record, sent on to the assembler. */
    void candidateIn() {
        candidatesIn.inc();
        candidatesInTotal.add(1L);
    }

    /** An assembled request decided: one decision of {@code candidates} candidate records. */
    void assembledDecision(int candidates) {
        assembledDecisions.inc();
        assembledDecisionsTotal.add(1L);
        candidatesDecided.inc(candidates);
        candidatesDecidedTotal.add((long) candidates);
    }

    void recordIn() {
        recordsIn.inc();
        recordsInTotal.add(1L);
    }

    void deadLetter(Reason reason) {
        deadLetter(reason, 1);
    }

    /** {@code n} records turned into dead letters for one reason. */
    void deadLetter(Reason reason, int n) {
        deadLetters.get(reason).inc(n);
        deadLetterTotals.get(reason).add((long) n);
    }
}
