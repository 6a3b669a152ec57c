package io.flinksoftmax.calibration;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One predicted probability and what happened: a placed candidate's click probability and whether
 * it was clicked inside the attribution window, or a class decision's top probability and whether
 * the true label was the predicted one (with the loss of the true label). A POJO, so that Flink
 * serializes it without Kryo.
 */
@PublicEvolving
public final class Outcome {

    /** {@code click_scores} or {@code class_logits}. */
    public String kind;

    /** The decision's model ({@code null} without one) and policy (its placement). */
    public String model;

    public String placement;

    /** The predicted probability: of a click, or of the predicted class. */
    public double p;

    /** Clicked, or predicted the true label. */
    public boolean positive;

    /** {@code class_logits} only: the probability given to the true label. */
    public double labelProbability;

    public Outcome() {}

    /** A placed candidate with click probability {@code p}; {@code clicked} in its window. */
    public static Outcome click(String model, String placement, double p, boolean clicked) {
        Outcome o = new Outcome();
        o.kind = "click_scores";
        o.model = model;
        o.placement = placement;
        o.p = p;
        o.positive = clicked;
        o.labelProbability = Double.NaN;
        return o;
    }

    /**
     * A class decision whose top probability was {@code topP}, right or not, that gave the true
     * label probability {@code labelProbability}.
     */
    public static Outcome label(
            String model, String placement, double topP, boolean correct, double labelProbability) {
        Outcome o = new Outcome();
        o.kind = "class_logits";
        o.model = model;
        o.placement = placement;
        o.p = topP;
        o.positive = correct;
        o.labelProbability = labelProbability;
        return o;
    }

    public boolean isClick() {
        return "click_scores".equals(kind);
    }

    @Override
    public String toString() {
        return kind + " " + model + "/" + placement + " p=" + p + " positive=" + positive;
    }
}
