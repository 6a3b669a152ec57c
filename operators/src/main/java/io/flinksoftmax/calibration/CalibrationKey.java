package io.flinksoftmax.calibration;

import org.apache.flink.annotation.Internal;

/** The key of a calibration record, kind + model + placement, as one string and back. */
@Internal
public final class CalibrationKey {

    private static final char SEPARATOR = '\u001f'; // the ASCII unit separator: not in ids

    private CalibrationKey() {}

    public static String of(Outcome o) {
        return o.kind + SEPARATOR + (o.model == null ? "" : o.model) + SEPARATOR + o.placement;
    }

    /** kind, model ({@code null} when there was none), placement. */
    public static String[] parts(String key) {
        int a = key.indexOf(SEPARATOR);
        int b = key.indexOf(SEPARATOR, a + 1);
        String model = key.substring(a + 1, b);
        return new String[] {
            key.substring(0, a), model.isEmpty() ? null : model, key.substring(b + 1)
        };
    }
}
