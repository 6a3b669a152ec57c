package io.flinksoftmax.policy;

import java.io.Serializable;

/**
 * Bounds on one event; records beyond them become dead letters ({@code too_many_inputs}, {@code
 * payload_too_large}, {@code invalid_id}) instead of using unbounded memory or time.
 *
 * @param maxCandidates most candidates in a {@code click_scores} event
 * @param maxClasses most logits in a {@code class_logits} event
 * @param maxPayloadBytes largest record in bytes
 * @param maxIdLength longest event id in characters
 */
public record Limits(int maxCandidates, int maxClasses, int maxPayloadBytes, int maxIdLength)
        implements Serializable {

    /** Defaults: 1,000 candidates, 10,000 classes, 1 MiB records, 256-character ids. */
    public static final Limits DEFAULTS = new Limits(1_000, 10_000, 1 << 20, 256);

    public Limits {
        positive("max_candidates", maxCandidates);
        positive("max_classes", maxClasses);
        positive("max_payload_bytes", maxPayloadBytes);
        positive("max_id_length", maxIdLength);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "limits." + name + " must be a whole number >= 1, got " + value);
        }
    }
}
