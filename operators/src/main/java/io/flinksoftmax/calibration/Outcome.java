package io.flinksoftmax.calibration;

import org.apache.flink.annotation.Internal;

/**
 * One predicted probability and what happened, for calibration ({@link Target}): a placed
 * candidate's click probability and whether it was clicked inside the attribution window ({@code
 * click}); a placed candidate's share among the placed and whether it was the one clicked ({@code
 * choice}); or a class decision's top probability and whether the true label was the predicted one,
 * with the probability it gave the true label ({@code label}). A POJO, so that Flink serializes it
 * without Kryo.
 */
@Internal
public final class Outcome {

    /** {@link Target#wireName()}: {@code click}, {@code choice} or {@code label}. */
    public String target;

    /** The decision's model ({@code null} without one) and policy (its placement). */
    public String model;

    public String placement;

    /**
     * The predicted probability: of a click, of being the one chosen, or of the predicted class.
     */
    public double p;

    /** Clicked, chosen, or predicted the true label. */
    public boolean positive;

    /** {@code label} only: the probability given to the true label. */
    public double labelProbability;

    /**
     * The decision's experiment and variant, or {@code null}: an experiment's outcomes are
     * calibrated per variant (DESIGN §14).
     */
    public String experiment;

    public String variant;

    public Outcome() {}

    /** A click or choice outcome: probability {@code p}, {@code positive} when clicked. */
    public static Outcome of(
            Target target, String model, String placement, double p, boolean positive) {
        if (target == Target.LABEL) {
            throw new IllegalArgumentException("a label outcome needs the label's probability");
        }
        Outcome o = new Outcome();
        o.target = target.wireName();
        o.model = model;
        o.placement = placement;
        o.p = p;
        o.positive = positive;
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
        o.target = Target.LABEL.wireName();
        o.model = model;
        o.placement = placement;
        o.p = topP;
        o.positive = correct;
        o.labelProbability = labelProbability;
        return o;
    }

    /** Whether the outcome is a class decision's: its loss is that of the true label. */
    public boolean isLabel() {
        return Target.LABEL.wireName().equals(target);
    }

    @Override
    public String toString() {
        return target + " " + model + "/" + placement + " p=" + p + " positive=" + positive;
    }
}
