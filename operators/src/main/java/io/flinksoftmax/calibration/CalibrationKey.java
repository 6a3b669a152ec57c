package io.flinksoftmax.calibration;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What a calibration record is about: its target ({@link Target#wireName()}), model and placement.
 * The calibration windows are keyed by it. A record of strings, so that Flink serializes it as a
 * POJO, and with a {@link #hashCode()} that is the same in every JVM (it places keys on subtasks):
 * {@link Objects#hash}, not the unspecified default of records.
 *
 * @param target {@code click}, {@code choice} or {@code label}
 * @param model the decisions' model, or {@code null}
 * @param placement the decisions' policy
 */
@Internal
public record CalibrationKey(String target, String model, String placement) {

    /** The key of an outcome. */
    public static CalibrationKey of(Outcome o) {
        return new CalibrationKey(o.target, o.model, o.placement);
    }

    /** The record key of a calibration record in Kafka: {@code model/placement}. */
    public String recordKey() {
        return (model == null ? "" : model) + "/" + placement;
    }

    /** A record's {@code equals} is specified (component by component); its hash is not. */
    @Override
    public int hashCode() {
        return Objects.hash(target, model, placement);
    }
}
