package io.flinksoftmax.evaluation;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * One experiment of one policy version: what a sample-ratio record is about. Its hash is {@link
 * Objects#hash}, the same in every JVM.
 */
@Internal
public record ExperimentKey(String placement, long version, String experiment) {

    /** The key of the serving policy's sample {@code s} of an experiment. */
    public static ExperimentKey of(EvaluationSample s) {
        return new ExperimentKey(s.placement, s.version, s.experiment);
    }

    /** The record key in Kafka: {@code placement/experiment}. */
    public String recordKey() {
        return placement + "/" + experiment;
    }

    @Override
    public int hashCode() {
        return Objects.hash(placement, version, experiment);
    }
}
