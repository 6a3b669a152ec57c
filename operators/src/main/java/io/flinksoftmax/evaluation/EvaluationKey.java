package io.flinksoftmax.evaluation;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What an evaluation record is about: a placement's policy at one version, the experiment arm its
 * decisions came from when the policy runs an experiment, and the target policy judged against them
 * ({@code logging} or a shadow's name). The evaluation windows are keyed by it; its hash is {@link
 * Objects#hash}, the same in every JVM.
 *
 * @param experiment the policy's experiment key, or {@code null} when it runs none
 * @param variant the decisions' variant, or {@code null} (no experiment, or units outside its
 *     coverage)
 */
@Internal
public record EvaluationKey(
        String placement, long version, String experiment, String variant, String target) {

    /** A key of a policy that runs no experiment. */
    public EvaluationKey(String placement, long version, String target) {
        this(placement, version, null, null, target);
    }

    /**
     * The record key of an evaluation record in Kafka: {@code placement/target}, or {@code
     * placement/variant/target} in an experiment ({@code -} outside its coverage).
     */
    public String recordKey() {
        return experiment == null
                ? placement + "/" + target
                : placement + "/" + (variant == null ? "-" : variant) + "/" + target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(placement, version, experiment, variant, target);
    }
}
