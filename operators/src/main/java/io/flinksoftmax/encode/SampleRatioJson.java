package io.flinksoftmax.encode;

import static io.flinksoftmax.encode.JsonBuffer.token;

import io.flinksoftmax.evaluation.SampleRatioCounts;
import io.flinksoftmax.experiment.SampleRatio;
import org.apache.flink.annotation.Internal;

/**
 * Writes one sample-ratio record (DESIGN §14): per (placement, policy version, experiment) and
 * evaluation window, the decisions of each variant with its weight, those outside the coverage, and
 * the chi-square {@code p_value} of the counts against the weights; {@code mismatch} when it is
 * below {@link SampleRatio#THRESHOLD}. Not thread safe.
 */
@Internal
public final class SampleRatioJson {

    private static final byte[] PLACEMENT = token("{\"placement\":");
    private static final byte[] VERSION = token(",\"policy_version\":");
    private static final byte[] EXPERIMENT = token(",\"experiment\":");
    private static final byte[] CHECK = token(",\"check\":\"sample_ratio\"");
    private static final byte[] START = token(",\"window_start\":");
    private static final byte[] END = token(",\"window_end\":");
    private static final byte[] VARIANTS = token(",\"variants\":{");
    private static final byte[] DECISIONS = token(":{\"decisions\":");
    private static final byte[] WEIGHT = token(",\"weight\":");
    private static final byte[] OUTSIDE = token("},\"outside_coverage\":");
    private static final byte[] P_VALUE = token(",\"p_value\":");
    private static final byte[] MISMATCH = token(",\"mismatch\":true");
    private static final byte[] MATCH = token(",\"mismatch\":false");

    private final JsonBuffer out = new JsonBuffer();

    public byte[] toJson(
            String placement,
            long version,
            String experiment,
            long start,
            long end,
            SampleRatioCounts c) {
        out.reset();
        out.raw(PLACEMENT).string(placement);
        out.raw(VERSION).number(version);
        out.raw(EXPERIMENT).string(experiment);
        out.raw(CHECK);
        out.raw(START).number(start);
        out.raw(END).number(end);
        out.raw(VARIANTS);
        for (int i = 0; c.arms != null && i < c.arms.length; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.string(c.arms[i]);
            out.raw(DECISIONS).number(c.counts[i]);
            out.raw(WEIGHT).number(c.weights[i]);
            out.raw('}');
        }
        out.raw(OUTSIDE).number(c.outside);
        double p = c.pValue();
        out.raw(P_VALUE).number(p);
        out.raw(p < SampleRatio.THRESHOLD ? MISMATCH : MATCH);
        out.raw('}');
        return out.toByteArray();
    }
}
