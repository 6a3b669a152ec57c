package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A {@code class_logits} event: one classified item and the classifier's logits.
 *
 * @param logits finite, at least one
 * @param labels unique, same length as {@code logits}; {@code null} means the default labels {@code
 *     "0"..."n-1"} (see {@link #labelAt(int)})
 * @param label the true label when known (one of the labels), else {@code null}
 * @param unit the experiment unit, or {@code null} ({@link ScoringEvent#unit()})
 */
@PublicEvolving
public record ClassLogits(
        String id,
        String model,
        String placement,
        long eventTs,
        double temperature,
        double[] logits,
        String[] labels,
        String label,
        String unit)
        implements ScoringEvent {

    /** An event without a {@code unit}. */
    public ClassLogits(
            String id,
            String model,
            String placement,
            long eventTs,
            double temperature,
            double[] logits,
            String[] labels,
            String label) {
        this(id, model, placement, eventTs, temperature, logits, labels, label, null);
    }

    public ClassLogits {
        if (logits.length == 0 || (labels != null && labels.length != logits.length)) {
            throw new IllegalArgumentException("logits must be non-empty and match the labels");
        }
    }

    @Override
    public EventKind kind() {
        return EventKind.CLASS_LOGITS;
    }

    @Override
    public int size() {
        return logits.length;
    }

    /** The label of class {@code i}: the given one, or its index as a string. */
    public String labelAt(int i) {
        return labels != null ? labels[i] : DefaultLabels.of(i);
    }

    /** Index of the true label, or -1 when no label was given. */
    public int labelIndex() {
        return label == null ? -1 : indexOf(label, labels, logits.length);
    }

    /**
     * The class {@code label} names among {@code n} classes with these {@code labels} ({@code
     * null}: the default labels "0".."n-1", canonical decimal only), or -1.
     */
    public static int indexOf(String label, String[] labels, int n) {
        if (labels == null) {
            return DefaultLabels.indexOf(label, n);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(label)) {
                return i;
            }
        }
        return -1;
    }
}
