package io.flinksoftmax.calibration;

import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * What a calibration record of an experiment is about: a {@link CalibrationKey}'s target, model and
 * placement, and the experiment arm its decisions came from. A key of its own (not new fields of
 * {@link CalibrationKey}): the calibration windows of policies without experiments keep their key,
 * and with it the state of savepoints from before experiments. Its hash is {@link Objects#hash},
 * the same in every JVM.
 *
 * @param variant the decisions' variant, or {@code null} (units outside the coverage)
 */
@Internal
public record ArmCalibrationKey(
        String target, String model, String placement, String experiment, String variant) {

    /** The key of an experiment's outcome. */
    public static ArmCalibrationKey of(Outcome o) {
        return new ArmCalibrationKey(o.target, o.model, o.placement, o.experiment, o.variant);
    }

    /** The calibration key without the arm. */
    public CalibrationKey calibration() {
        return new CalibrationKey(target, model, placement);
    }

    /** The record key in Kafka: {@code model/placement/variant} ({@code -} outside coverage). */
    public String recordKey() {
        return calibration().recordKey() + "/" + (variant == null ? "-" : variant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, model, placement, experiment, variant);
    }
}
