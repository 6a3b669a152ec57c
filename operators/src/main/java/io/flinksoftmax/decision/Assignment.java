package io.flinksoftmax.decision;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a decision's unit fell in its policy's experiment (DESIGN §14): logged with the decision as
 * {@code experiment} and {@code variant}.
 *
 * @param experiment the experiment's key
 * @param variant the variant whose settings decided it, or {@code null}: the unit is outside the
 *     experiment's coverage and the policy's own settings decided it
 */
@PublicEvolving
public record Assignment(String experiment, String variant) {

    public Assignment {
        if (experiment == null) {
            throw new IllegalArgumentException("an assignment names its experiment");
        }
    }
}
