package io.flinksoftmax.decision;

import org.apache.flink.annotation.PublicEvolving;

/**
 * How sure a decision is.
 *
 * @param topProbability the largest probability
 * @param margin the largest probability minus the second largest (the largest itself when there is
 *     only one eligible entry)
 * @param entropy Shannon entropy in nats over the eligible entries; in sigmoid mode the sum of each
 *     entry's binary entropy
 * @param normalizedEntropy entropy over its maximum ({@code log(m)} for {@code m} eligible entries,
 *     {@code m log 2} in sigmoid mode), in [0, 1]; 0 when {@code m = 1}
 */
@PublicEvolving
public record Confidence(
        double topProbability, double margin, double entropy, double normalizedEntropy) {}
