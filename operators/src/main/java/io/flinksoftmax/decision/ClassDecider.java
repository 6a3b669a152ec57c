package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.policy.ScoringPolicy;

/**
 * Turns a classifier's logits into the predicted label (argmax, ties by lowest index), the policy's
 * top-k labels, confidence and, with a true label, the loss {@code -log p(label)}. In sigmoid mode
 * every class is an independent yes/no (multi-label classifiers).
 */
final class ClassDecider {

    private ClassDecider() {}

    static ClassDecision decide(
            ClassLogits event, ScoringPolicy policy, double temperature, long scoredTs) {
        double[] z = event.logits();
        Probabilities probabilities = Probabilities.of(policy.mode(), z, null, temperature);
        double[] p = probabilities.p();
        double[] logP = probabilities.logP();
        int[] topK = IndexOrder.top(p, policy.topK());
        int label = event.labelIndex();
        double loss = label < 0 ? Double.NaN : -logP[label];
        Confidence confidence = probabilities.confidence(null);
        return new ClassDecision(
                event, policy, temperature, p, logP, topK, confidence, loss, scoredTs);
    }
}
