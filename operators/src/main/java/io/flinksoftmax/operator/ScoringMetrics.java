package io.flinksoftmax.operator;

import org.apache.flink.annotation.Internal;

/** Names of the metrics and accumulators the operators publish; dashboards depend on them. */
@Internal
public final class ScoringMetrics {

    /** Metric group under the operator's group: {@code <operator>.softmax.<metric>}. */
    public static final String GROUP = "softmax";

    /** Counter: records that reached the parser. */
    public static final String RECORDS_IN = "records_in";

    /** Counter under the group {@code reason=<code>}: records turned into dead letters. */
    public static final String DEAD_LETTERS = "dead_letters";

    /** Counters: decisions made, per kind ({@code decisions_click_scores}, ...). */
    public static final String DECISIONS_PREFIX = "decisions_";

    /**
     * Counter: decisions of events without {@code ts}. They are made and written, but have no event
     * time, so feedback is never attributed to them (README "Event time").
     */
    public static final String DECISIONS_WITHOUT_TS = "decisions_without_ts";

    /** Counter: candidates that got a slot. */
    public static final String CANDIDATES_PLACED = "candidates_placed";

    /** Histogram: nanoseconds spent scoring and deciding one event. */
    public static final String SCORING_LATENCY = "scoring_latency_ns";

    /** Gauge: the version of the policy document in force on this subtask (0: the config file). */
    public static final String POLICY_VERSION = "policy_version";

    /** Counters: control-input documents applied, ignored as stale, rejected as invalid. */
    public static final String POLICY_UPDATES_APPLIED = "policy_updates_applied";

    public static final String POLICY_UPDATES_IGNORED = "policy_updates_ignored";
    public static final String POLICY_UPDATES_REJECTED = "policy_updates_rejected";

    /** Accumulator names, summed over subtasks and reported when a bounded job ends. */
    public static final String ACC_RECORDS_IN = "softmax.records_in";

    public static final String ACC_DECISIONS = "softmax.decisions";
    public static final String ACC_DECISIONS_WITHOUT_TS = "softmax.decisions_without_ts";
    public static final String ACC_DEAD_LETTERS_PREFIX = "softmax.dead_letters.";

    /** Policy updates, counted once per update (on subtask 0), not once per subtask. */
    public static final String ACC_POLICY_UPDATES_APPLIED = "softmax.policy_updates.applied";

    public static final String ACC_POLICY_UPDATES_IGNORED = "softmax.policy_updates.ignored";
    public static final String ACC_POLICY_UPDATES_REJECTED = "softmax.policy_updates.rejected";

    private ScoringMetrics() {}
}
