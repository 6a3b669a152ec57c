package io.flinksoftmax.decision;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.kernel.Softmax;
import io.flinksoftmax.policy.Mode;
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
        int n = event.size();
        double[] z = event.logits();
        double[] p = new double[n];
        double[] logP = new double[n];
        double[] logComplement = null;
        if (policy.mode() == Mode.SOFTMAX) {
            Softmax.softmax(z, null, temperature, p, logP);
        } else {
            logComplement = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = Softmax.sigmoid(z[i], temperature);
                logP[i] = Softmax.logSigmoid(z[i], temperature);
                logComplement[i] = Softmax.logSigmoid(-z[i], temperature);
            }
        }
        int[] topK = IndexOrder.top(p, policy.topK());
        int label = event.labelIndex();
        double loss = label < 0 ? Double.NaN : -logP[label];
        Confidence confidence = Confidences.of(policy.mode(), p, logP, logComplement, null);
        return new ClassDecision(
                event, policy, temperature, p, logP, topK, confidence, loss, scoredTs);
    }
}
