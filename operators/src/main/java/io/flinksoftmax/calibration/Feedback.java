package io.flinksoftmax.calibration;

import org.apache.flink.annotation.Internal;

/**
 * One outcome reported for a decision (README "Feedback and calibration"): a click on a candidate
 * of a {@code click_scores} request, or the true label of a {@code class_logits} event. Exactly one
 * of {@link #candidate} and {@link #label} is set. A POJO, so that Flink serializes it without
 * Kryo.
 */
@Internal
public final class Feedback {

    /** The decision's (the event's) id. */
    public String id;

    /** The clicked candidate's id, or {@code null} for a label. */
    public String candidate;

    /** The true label, or {@code null} for a click. */
    public String label;

    /** When it happened, epoch milliseconds: its event time. */
    public long ts;

    public Feedback() {}

    public static Feedback click(String id, String candidate, long ts) {
        Feedback f = new Feedback();
        f.id = id;
        f.candidate = candidate;
        f.ts = ts;
        return f;
    }

    public static Feedback label(String id, String label, long ts) {
        Feedback f = new Feedback();
        f.id = id;
        f.label = label;
        f.ts = ts;
        return f;
    }

    public boolean isClick() {
        return candidate != null;
    }

    @Override
    public String toString() {
        return (isClick() ? "click " + candidate : "label " + label) + " for " + id + " at " + ts;
    }
}
