package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/** The two kinds of scoring event, with the names they have on the wire ({@code kind}). */
@PublicEvolving
public enum EventKind {
    /** One ad or recommendation request and the click score (logit) of each candidate. */
    CLICK_SCORES("click_scores"),
    /** One classified item and the classifier's logits. */
    CLASS_LOGITS("class_logits");

    private final String wireName;

    /** {@code values()} clones its array on every call; this is read once per record. */
    private static final EventKind[] ALL = values();

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code kind} field, e.g. {@code "click_scores"}. */
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name, or {@code null} if there is none. */
    public static EventKind fromWireName(String name) {
        for (EventKind kind : ALL) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
