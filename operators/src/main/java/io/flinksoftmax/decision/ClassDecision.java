package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.policy.ScoringPolicy;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The predicted label of a classified item and how sure it is.
 *
 * @param topK class indices of the {@code top_k} most probable labels, highest first, ties by
 *     lowest index; {@code topK[0]} is the prediction
 * @param loss {@code -log p(label)} when the event has a true label, else {@code NaN}
 * @param assignment the experiment variant it was decided for, or {@code null}
 */
@PublicEvolving
public record ClassDecision(
        ClassLogits event,
        ScoringPolicy policy,
        double temperature,
        double[] probabilities,
        double[] logProbabilities,
        int[] topK,
        Confidence confidence,
        double loss,
        long scoredTs,
        Assignment assignment)
        implements Decision {

    /** A decision of a policy without an experiment. */
    public ClassDecision(
            ClassLogits event,
            ScoringPolicy policy,
            double temperature,
            double[] probabilities,
            double[] logProbabilities,
            int[] topK,
            Confidence confidence,
            double loss,
            long scoredTs) {
        this(
                event,
                policy,
                temperature,
                probabilities,
                logProbabilities,
                topK,
                confidence,
                loss,
                scoredTs,
                null);
    }

    /** The same decision, made for {@code unit}'s variant {@code a}. */
    public ClassDecision withAssignment(Assignment a) {
        return new ClassDecision(
                event,
                policy,
                temperature,
                probabilities,
                logProbabilities,
                topK,
                confidence,
                loss,
                scoredTs,
                a);
    }

    /** Index of the predicted class: the argmax, ties broken by lowest index. */
    public int predictedIndex() {
        return topK[0];
    }

    /** The predicted label. */
    public String predicted() {
        return event.labelAt(topK[0]);
    }

    /** Whether the prediction matches the event's true label; {@code null} without one. */
    public Boolean correct() {
        int label = event.labelIndex();
        return label < 0 ? null : label == topK[0];
    }
}
