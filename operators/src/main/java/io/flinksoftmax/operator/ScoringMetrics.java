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

    /**
     * Counter: click decisions whose placement exploration changed from the ranking's own ({@link
     * io.flinksoftmax.decision.ClickDecision#explored()}); over {@code decisions_click_scores}, the
     * exploration share.
     */
    public static final String DECISIONS_EXPLORED = "decisions_explored";

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

    /** Counter: valid {@code candidate_score} records sent on to the request assembler. */
    public static final String CANDIDATES_IN = "candidates_in";

    /** Counter: decisions of assembled requests (also counted in the decisions per kind). */
    public static final String ASSEMBLED_DECISIONS = "assembled_decisions";

    /** Counter: candidates in the decisions of assembled requests. */
    public static final String CANDIDATES_DECIDED = "candidates_decided";

    /** Accumulator names, summed over subtasks and reported when a bounded job ends. */
    public static final String ACC_RECORDS_IN = "softmax.records_in";

    public static final String ACC_DECISIONS = "softmax.decisions";
    public static final String ACC_DECISIONS_WITHOUT_TS = "softmax.decisions_without_ts";
    public static final String ACC_DEAD_LETTERS_PREFIX = "softmax.dead_letters.";
    public static final String ACC_CANDIDATES_IN = "softmax.candidates_in";
    public static final String ACC_ASSEMBLED_DECISIONS = "softmax.assembled_decisions";
    public static final String ACC_CANDIDATES_DECIDED = "softmax.candidates_decided";

    /**
     * The request assembler's dead letters by reason, {@code softmax.assembly.dead_letters.<code>}
     * (names of their own: it shares a task with a scoring operator, whose names are taken there).
     */
    public static final String ACC_ASSEMBLY_DEAD_LETTERS_PREFIX = "softmax.assembly.dead_letters.";

    /** Assembled requests decided with all their candidates, and at their deadline or the end. */
    public static final String ACC_REQUESTS_COMPLETE = "softmax.assembly.complete";

    public static final String ACC_REQUESTS_PARTIAL = "softmax.assembly.partial";

    /** Policy updates, counted once per update (on subtask 0), not once per subtask. */
    public static final String ACC_POLICY_UPDATES_APPLIED = "softmax.policy_updates.applied";

    public static final String ACC_POLICY_UPDATES_IGNORED = "softmax.policy_updates.ignored";
    public static final String ACC_POLICY_UPDATES_REJECTED = "softmax.policy_updates.rejected";

    private ScoringMetrics() {}
}
