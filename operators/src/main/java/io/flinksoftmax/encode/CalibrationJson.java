package io.flinksoftmax.encode;

import static io.flinksoftmax.encode.JsonBuffer.token;

import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Target;
import org.apache.flink.annotation.Internal;

/**
 * Writes one calibration record (README "Feedback and calibration"): per (model, placement, target)
 * and calibration window, its {@code kind} and {@code target}, then for clicks and choices {@code
 * impressions}, {@code clicks}, {@code mean_predicted}, {@code observed_rate}, {@code
 * calibration_ratio}, {@code ece}, {@code log_loss}, {@code brier}; for classes {@code count},
 * {@code correct}, {@code accuracy}, {@code mean_top_probability}, {@code ece}, {@code mean_loss}.
 * A value that does not exist (a ratio over a mean prediction of 0) is {@code null}. Not thread
 * safe.
 */
@Internal
public final class CalibrationJson {

    private static final byte[] MODEL = token("{\"model\":");
    private static final byte[] PLACEMENT = token(",\"placement\":");
    private static final byte[] KIND = token(",\"kind\":");
    private static final byte[] EXPERIMENT = token(",\"experiment\":");
    private static final byte[] VARIANT = token(",\"variant\":");
    private static final byte[] TARGET = token(",\"target\":");
    private static final byte[] LATE = token(",\"late\":true");
    private static final byte[] START = token(",\"window_start\":");
    private static final byte[] END = token(",\"window_end\":");
    private static final byte[] IMPRESSIONS = token(",\"impressions\":");
    private static final byte[] CLICKS = token(",\"clicks\":");
    private static final byte[] MEAN_PREDICTED = token(",\"mean_predicted\":");
    private static final byte[] OBSERVED_RATE = token(",\"observed_rate\":");
    private static final byte[] RATIO = token(",\"calibration_ratio\":");
    private static final byte[] ECE = token(",\"ece\":");
    private static final byte[] LOG_LOSS = token(",\"log_loss\":");
    private static final byte[] BRIER = token(",\"brier\":");
    private static final byte[] COUNT = token(",\"count\":");
    private static final byte[] CORRECT = token(",\"correct\":");
    private static final byte[] ACCURACY = token(",\"accuracy\":");
    private static final byte[] MEAN_TOP = token(",\"mean_top_probability\":");
    private static final byte[] MEAN_LOSS = token(",\"mean_loss\":");

    private final JsonBuffer out = new JsonBuffer();

    /**
     * The record of one key and window.
     *
     * @param late whether {@code s} holds outcomes that came after their window's record was
     *     written (README "Event time"): a correction to add to that record, flagged {@code
     *     "late":true}
     */
    public byte[] toJson(
            CalibrationKey key, long start, long end, CalibrationStats s, boolean late) {
        return toJson(key, null, null, start, end, s, late);
    }

    /**
     * The record of one key and window of an experiment's arm: as {@link #toJson(CalibrationKey,
     * long, long, CalibrationStats, boolean)}, with {@code experiment} and {@code variant} after
     * the placement when {@code experiment} is not {@code null}.
     */
    public byte[] toJson(
            CalibrationKey key,
            String experiment,
            String variant,
            long start,
            long end,
            CalibrationStats s,
            boolean late) {
        Target target = Target.fromWireName(key.target());
        out.reset();
        out.raw(MODEL).string(key.model());
        out.raw(PLACEMENT).string(key.placement());
        if (experiment != null) {
            out.raw(EXPERIMENT).string(experiment);
            out.raw(VARIANT).string(variant);
        }
        out.raw(KIND).string(target.kind());
        out.raw(TARGET).string(target.wireName());
        out.raw(START).number(start);
        out.raw(END).number(end);
        if (target != Target.LABEL) {
            out.raw(IMPRESSIONS).number(s.count);
            out.raw(CLICKS).number(s.positives);
            out.raw(MEAN_PREDICTED).number(s.meanPredicted());
            out.raw(OBSERVED_RATE).number(s.observedRate());
            out.raw(RATIO).number(s.calibrationRatio());
            out.raw(ECE).number(s.expectedCalibrationError());
            out.raw(LOG_LOSS).number(s.meanLogLoss());
            out.raw(BRIER).number(s.brierScore());
        } else {
            out.raw(COUNT).number(s.count);
            out.raw(CORRECT).number(s.positives);
            out.raw(ACCURACY).number(s.observedRate());
            out.raw(MEAN_TOP).number(s.meanPredicted());
            out.raw(ECE).number(s.expectedCalibrationError());
            out.raw(MEAN_LOSS).number(s.meanLogLoss());
        }
        if (late) {
            out.raw(LATE);
        }
        out.raw('}');
        return out.toByteArray();
    }
}
