package io.flinksoftmax.evaluation;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What an evaluation record is about: a placement's policy at one version, and the target policy
 * judged against its decisions ({@code logging} or a shadow's name). The evaluation windows are
 * keyed by it; its hash is {@link Objects#hash}, the same in every JVM.
 */
@Internal
public record EvaluationKey(String placement, long version, String target) {

    /** The record key of an evaluation record in Kafka: {@code placement/target}. */
    public String recordKey() {
        return placement + "/" + target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(placement, version, target);
    }
}
