package io.flinksoftmax.deadletter;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Why a record could not be scored. The {@link #code()} strings are a stable contract: dead letters
 * carry them, metrics are labelled with them, and users alert on them.
 */
@PublicEvolving
public enum Reason {
    MALFORMED_JSON,
    MISSING_FIELD,
    WRONG_TYPE,
    UNKNOWN_KIND,
    EMPTY_INPUT,
    TOO_MANY_INPUTS,
    DUPLICATE_ID,
    NON_FINITE_SCORE,
    INVALID_TEMPERATURE,
    INVALID_BID,
    MISSING_BID,
    UNKNOWN_PLACEMENT,
    LABELS_MISMATCH,
    UNKNOWN_LABEL,
    NO_ELIGIBLE_CANDIDATES,
    PAYLOAD_TOO_LARGE,
    INVALID_ID,
    /**
     * The record's {@code ts} lies outside {@code limits}' plausible range when read (before {@code
     * min_event_ts}, or more than {@code max_event_ts_ahead} past the clock): it would move event
     * time for everyone.
     */
    INVALID_TS,
    /** The event was scored, but its encoded decision exceeds {@code limits.max_output_bytes}. */
    OUTPUT_TOO_LARGE,
    /**
     * A policy document on the control input was refused whole (bad value, unknown key, no {@code
     * default}, not JSON): the policies in force stay. The only reason that is not about an event.
     */
    INVALID_POLICY,
    /**
     * An input failed while it was read (a truncated or corrupt compressed file, a read error): the
     * records read before the failure were scored, the rest of that input is lost, and the run went
     * on. The message names the input and how far it got. Not about an event.
     */
    UNREADABLE_INPUT,
    /** A candidate for a request already decided (within {@code assembly_memory}). */
    LATE_CANDIDATE,
    /** The same candidate twice in one open request: the first stays. */
    DUPLICATE_CANDIDATE,
    /**
     * A candidate whose {@code expected}, {@code placement}, {@code model} or {@code temperature}
     * differs from its request's first candidate's.
     */
    INCONSISTENT_REQUEST,
    /** A candidate that would open a request beyond {@code max_open_requests} on its subtask. */
    ASSEMBLY_OVERFLOW,
    /** A bug met this record (an exception in parse, score or encode); the job went on. */
    INTERNAL_ERROR;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    /** The stable snake_case code, e.g. {@code "non_finite_score"}. */
    public String code() {
        return code;
    }

    /** The reason with this {@link #code()}, or {@code null}. */
    public static Reason fromCode(String code) {
        for (Reason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
