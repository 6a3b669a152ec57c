package io.flinksoftmax.calibration;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.ShadowPropensities;
import io.flinksoftmax.evaluation.EvaluationSums;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.policy.Experiment;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.Shadow;
import io.flinksoftmax.policy.Variant;
import java.util.List;
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

    /**
     * {@code click_scores}, for off-policy evaluation (DESIGN §13): the policy's version; whether
     * its rewards are click values ({@code rank_by: expected_value}: a click is worth the bid)
     * rather than clicks; the placed candidates' bids ({@code NaN} for none); and per shadow of the
     * policy, in its order, its name and the importance weights of the logged slot-1 choice and of
     * the whole placement ({@link ShadowPropensities} over the logged propensities, capped at
     * {@link EvaluationSums#MAX_WEIGHT}).
     */
    public long version;

    /** {@code click_scores}: the decision's experiment and variant, or {@code null}. */
    public String experiment;

    public String variant;

    /**
     * {@code click_scores} of a policy that runs an experiment: its variants' names and weights, in
     * order, for the sample-ratio check; {@code null} otherwise.
     */
    public String[] arms;

    public double[] armWeights;

    public boolean valueReward;
    public double[] placedBid;
    public String[] shadows;
    public double[] topWeights;
    public double[] rankingWeights;

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
        return of(d, null);
    }

    /**
     * What attribution needs of {@code d}, decided under a policy that runs {@code experiment}
     * ({@code null}: none): with its variants' names and weights.
     *
     * @throws IllegalArgumentException when its event had no {@code ts}
     */
    public static Impression of(Decision d, Experiment experiment) {
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
        if (d.assignment() != null) {
            i.experiment = d.assignment().experiment();
            i.variant = d.assignment().variant();
        }
        if (d instanceof ClickDecision click) {
            i.mode = click.policy().mode().wireName();
            int[] indices = click.placedIndices();
            i.placed = new String[indices.length];
            i.placedP = new double[indices.length];
            i.placedBid = new double[indices.length];
            for (int k = 0; k < indices.length; k++) {
                i.placed[k] = click.event().ids().get(indices[k]);
                i.placedP[k] = click.probabilities()[indices[k]];
                i.placedBid[k] = click.event().bids()[indices[k]];
            }
            i.version = click.policy().version();
            i.valueReward = click.policy().rankBy() == RankBy.EXPECTED_VALUE;
            weighShadows(i, click, indices);
            if (experiment != null && click.assignment() != null) {
                List<Variant> variants = experiment.variants();
                i.arms = new String[variants.size()];
                i.armWeights = new double[variants.size()];
                for (int v = 0; v < variants.size(); v++) {
                    i.arms[v] = variants.get(v).name();
                    i.armWeights[v] = variants.get(v).weight();
                }
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

    /**
     * The shadows' weights: what each would have done with this request over what the policy did.
     * The decision logged its own propensities; a choice it made with nothing to place (no slot 1)
     * had probability 1.
     */
    private static void weighShadows(Impression i, ClickDecision click, int[] placed) {
        List<Shadow> shadows = click.policy().shadows();
        i.shadows = new String[shadows.size()];
        i.topWeights = new double[shadows.size()];
        i.rankingWeights = new double[shadows.size()];
        double loggedTop = placed.length == 0 ? 1.0 : click.propensities()[placed[0]];
        for (int s = 0; s < shadows.size(); s++) {
            ShadowPropensities q = ShadowPropensities.of(click, shadows.get(s));
            i.shadows[s] = shadows.get(s).name();
            i.topWeights[s] = EvaluationSums.weight(q.top(), loggedTop);
            i.rankingWeights[s] = EvaluationSums.weight(q.ranking(), click.rankingPropensity());
        }
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
