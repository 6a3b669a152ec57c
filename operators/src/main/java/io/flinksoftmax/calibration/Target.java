package io.flinksoftmax.calibration;

import io.flinksoftmax.policy.Mode;
import java.util.Locale;
import org.apache.flink.annotation.Internal;

/**
 * What a calibration record measures (DESIGN §11); its {@link #wireName()} is the records' {@code
 * target} field and the gauges' {@code target} label.
 */
@Internal
public enum Target {
    /**
     * Sigmoid click decisions: p is P(click | shown), compared per placed candidate with whether it
     * was clicked.
     */
    CLICK,
    /**
     * Softmax click decisions: p is a share among the request's candidates. Over requests with
     * exactly one attributed click, each placed candidate's p renormalised over the placed set is
     * compared with whether it was the one clicked.
     */
    CHOICE,
    /** Class decisions: the top probability against whether the true label was predicted. */
    LABEL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** {@code click}, {@code choice} or {@code label}. */
    public String wireName() {
        return wireName;
    }

    /** The event kind this target is about: {@code click_scores} or {@code class_logits}. */
    public String kind() {
        return this == LABEL ? "class_logits" : "click_scores";
    }

    /** The target with this {@link #wireName()}, or {@code null}. */
    public static Target fromWireName(String name) {
        for (Target t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** What a decision's outcomes are compared as: by its kind, and for clicks its mode. */
    public static Target forImpression(Impression i) {
        if (!i.isClick()) {
            return LABEL;
        }
        return Mode.SIGMOID.wireName().equals(i.mode) ? CLICK : CHOICE;
    }
}
