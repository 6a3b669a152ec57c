package io.flinksoftmax.encode;

import static io.flinksoftmax.encode.JsonBuffer.token;

import io.flinksoftmax.evaluation.Estimates;
import io.flinksoftmax.evaluation.EvaluationKey;
import io.flinksoftmax.evaluation.EvaluationWindowSums;
import org.apache.flink.annotation.Internal;

/**
 * Writes one evaluation record (DESIGN §13; docs/evaluation.md): per (placement, policy version,
 * experiment variant when the policy runs an experiment, target) and evaluation window, the
 * top-slot estimates at the top level ({@code n}, {@code ips}, {@code snips}, {@code clipped_ips},
 * {@code ess}, {@code ci_low}, {@code ci_high} around {@code snips}, {@code max_weight}) and the
 * same for the whole ranking under {@code ranking}. {@code reward} says what a decision's reward
 * is: {@code click}, or {@code click_value} (clicks times bids) for policies that rank by expected
 * value. A value that does not exist is {@code null}. Not thread safe.
 */
@Internal
public final class EvaluationJson {

    private static final byte[] PLACEMENT = token("{\"placement\":");
    private static final byte[] VERSION = token(",\"policy_version\":");
    private static final byte[] TARGET = token(",\"target\":");
    private static final byte[] EXPERIMENT = token(",\"experiment\":");
    private static final byte[] VARIANT = token(",\"variant\":");
    private static final byte[] REWARD = token(",\"reward\":");
    private static final byte[] START = token(",\"window_start\":");
    private static final byte[] END = token(",\"window_end\":");
    private static final byte[] N = token(",\"n\":");
    private static final byte[] IPS = token(",\"ips\":");
    private static final byte[] SNIPS = token(",\"snips\":");
    private static final byte[] CLIPPED = token(",\"clipped_ips\":");
    private static final byte[] ESS = token(",\"ess\":");
    private static final byte[] LOW = token(",\"ci_low\":");
    private static final byte[] HIGH = token(",\"ci_high\":");
    private static final byte[] MAX_WEIGHT = token(",\"max_weight\":");
    private static final byte[] RANKING = token(",\"ranking\":{\"n\":");
    private static final byte[] LATE = token(",\"late\":true");

    private final JsonBuffer out = new JsonBuffer();

    /**
     * The record of one key and window.
     *
     * @param valueReward whether rewards are click values (the policy ranks by expected value)
     * @param late whether {@code s} holds decisions that closed after their window's record was
     *     written: a correction to add to that record, flagged {@code "late":true}
     */
    public byte[] toJson(
            EvaluationKey key,
            long start,
            long end,
            EvaluationWindowSums s,
            boolean valueReward,
            boolean late) {
        out.reset();
        out.raw(PLACEMENT).string(key.placement());
        out.raw(VERSION).number(key.version());
        if (key.experiment() != null) {
            out.raw(EXPERIMENT).string(key.experiment());
            out.raw(VARIANT).string(key.variant());
        }
        out.raw(TARGET).string(key.target());
        out.raw(REWARD).string(valueReward ? "click_value" : "click");
        out.raw(START).number(start);
        out.raw(END).number(end);
        out.raw(N);
        estimates(Estimates.of(s.top));
        out.raw(RANKING);
        estimates(Estimates.of(s.ranking));
        out.raw('}');
        if (late) {
            out.raw(LATE);
        }
        out.raw('}');
        return out.toByteArray();
    }

    /** {@code n} (its key already written) and the estimates after it. */
    private void estimates(Estimates e) {
        out.number(e.n());
        out.raw(IPS).number(e.ips());
        out.raw(SNIPS).number(e.snips());
        out.raw(CLIPPED).number(e.clippedIps());
        out.raw(ESS).number(e.ess());
        out.raw(LOW).number(e.ciLow());
        out.raw(HIGH).number(e.ciHigh());
        out.raw(MAX_WEIGHT).number(e.maxW());
    }
}
