package io.flinksoftmax.calibration;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import org.apache.flink.annotation.Internal;

/**
 * What attribution keeps of a decision until its feedback window closes (README "Feedback and
 * calibration"): for {@code click_scores} the placed candidates and their probabilities; for {@code
 * class_logits} the prediction, its probability, and every class's probability (so that the loss of
 * a true label that arrives later can be computed). A POJO, so that Flink serializes it without
 * Kryo; its size in state is that of the placed list, or of the class list.
 */
@Internal
public final class Impression {

    public String id;
    public String kind;
    public String model;
    public String placement;

    /**
     * The decision's event time: the event's {@code ts} (decisions of events without one are not
     * attributed).
     */
    public long ts;

    /**
     * {@code click_scores}: the policy's mode, {@code softmax} or {@code sigmoid}: what its
     * probabilities mean, and so what calibration compares them with ({@link Target}).
     */
    public String mode;

    /** {@code click_scores}: placed candidate ids in slot order, and their probabilities. */
    public String[] placed;

    public double[] placedP;

    /** {@code class_logits}: the predicted label and its probability. */
    public String predicted;

    public double topP;

    /**
     * {@code class_logits}: the event's labels, {@code null} for the default ones ("0".."n-1"), and
     * every class's probability, in class order.
     */
    public String[] labels;

    public double[] probabilities;

    public Impression() {}

    /**
     * What attribution needs of {@code d}.
     *
     * @throws IllegalArgumentException when its event had no {@code ts}: without event time there
     *     is no window to attribute in
     */
    public static Impression of(Decision d) {
        if (!d.event().hasEventTs()) {
            throw new IllegalArgumentException(
                    "decision " + d.id() + " has no event time: it cannot be attributed");
        }
        Impression i = new Impression();
        i.id = d.id();
        i.kind = d.event().kind().wireName();
        i.model = d.event().model();
        i.placement = d.policy().name();
        i.ts = d.event().eventTs();
        if (d instanceof ClickDecision click) {
            i.mode = click.policy().mode().wireName();
            int[] indices = click.placedIndices();
            i.placed = new String[indices.length];
            i.placedP = new double[indices.length];
            for (int k = 0; k < indices.length; k++) {
                i.placed[k] = click.event().candidateIds()[indices[k]];
                i.placedP[k] = click.probabilities()[indices[k]];
            }
        } else {
            ClassDecision c = (ClassDecision) d;
            i.predicted = c.predicted();
            i.topP = c.probabilities()[c.topK()[0]];
            // Shared, not copied: a decision's arrays are its own and never change.
            i.labels = c.event().labels();
            i.probabilities = c.probabilities();
        }
        return i;
    }

    public boolean isClick() {
        return placed != null;
    }

    /** The position of {@code candidate} among the placed, or -1. */
    public int placedIndex(String candidate) {
        for (int k = 0; k < placed.length; k++) {
            if (placed[k].equals(candidate)) {
                return k;
            }
        }
        return -1;
    }

    /** The probability given to {@code label}, or -1 when it is not one of the labels. */
    public double probabilityOf(String label) {
        int k = ClassLogits.indexOf(label, labels, probabilities.length);
        return k < 0 ? -1 : probabilities[k];
    }
}
