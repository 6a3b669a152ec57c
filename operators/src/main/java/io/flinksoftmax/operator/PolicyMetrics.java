package io.flinksoftmax.operator;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metrics of the control input, per subtask (group {@code softmax}): the policy version in force
 * and the updates applied, ignored (stale: a version not above the one in force) and rejected
 * (invalid). Every subtask receives every update, so the job-wide accumulators that the embedded
 * run's summary prints count on subtask 0 only: once per update.
 */
final class PolicyMetrics {

    private final Counter applied;
    private final Counter ignored;
    private final Counter rejected;
    private final LongCounter appliedTotal = new LongCounter();
    private final LongCounter ignoredTotal = new LongCounter();
    private final LongCounter rejectedTotal = new LongCounter();
    private final boolean countsForTheJob;

    /**
     * @param speaksForTheJob {@code false} for an operator that receives the same documents as
     *     another that does: its subtask 0 then neither counts them for the job nor writes their
     *     dead letters
     */
    PolicyMetrics(RuntimeContext context, Gauge<Long> version, boolean speaksForTheJob) {
        MetricGroup group = context.getMetricGroup().addGroup(ScoringMetrics.GROUP);
        group.gauge(ScoringMetrics.POLICY_VERSION, version);
        applied = group.counter(ScoringMetrics.POLICY_UPDATES_APPLIED);
        ignored = group.counter(ScoringMetrics.POLICY_UPDATES_IGNORED);
        rejected = group.counter(ScoringMetrics.POLICY_UPDATES_REJECTED);
        context.addAccumulator(ScoringMetrics.ACC_POLICY_UPDATES_APPLIED, appliedTotal);
        context.addAccumulator(ScoringMetrics.ACC_POLICY_UPDATES_IGNORED, ignoredTotal);
        context.addAccumulator(ScoringMetrics.ACC_POLICY_UPDATES_REJECTED, rejectedTotal);
        countsForTheJob = speaksForTheJob && context.getTaskInfo().getIndexOfThisSubtask() == 0;
    }

    /** Whether this subtask speaks for the job: writes the dead letter of a refused update. */
    boolean countsForTheJob() {
        return countsForTheJob;
    }

    void applied() {
        applied.inc();
        if (countsForTheJob) {
            appliedTotal.add(1L);
        }
    }

    void ignored() {
        ignored.inc();
        if (countsForTheJob) {
            ignoredTotal.add(1L);
        }
    }

    void rejected() {
        rejected.inc();
        if (countsForTheJob) {
            rejectedTotal.add(1L);
        }
    }
}
