package io.flinksoftmax.calibration;

import org.apache.flink.annotation.Internal;

/** The key of a calibration record, kind + model + placement, as one string and back. */
@Internal
public final class CalibrationKey {

    /**
     * The ASCII unit separator. The kind never holds it and a placement (a policy name) cannot
     * (ScoringConfigReader refuses control characters there); a model may, as ids are only
     * length-checked. So the kind ends at the first separator and the placement starts after the
     * last, and the model is whatever lies between. (The key stays a string with this layout: it
     * keys the calibration windows' state, which savepoints keep.)
     */
    private static final char SEPARATOR = '\u001f';

    private CalibrationKey() {}

    public static String of(Outcome o) {
        return o.kind + SEPARATOR + (o.model == null ? "" : o.model) + SEPARATOR + o.placement;
    }

    /** kind, model ({@code null} when there was none), placement. */
    public static String[] parts(String key) {
        int a = key.indexOf(SEPARATOR);
        int b = key.lastIndexOf(SEPARATOR);
        String model = key.substring(a + 1, b);
        return new String[] {
            key.substring(0, a), model.isEmpty() ? null : model, key.substring(b + 1)
        };
    }
}
