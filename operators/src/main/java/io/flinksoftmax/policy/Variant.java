package io.flinksoftmax.policy;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One arm of an {@link Experiment}: the settings that decide its units' events.
 *
 * @param name its name, logged with each decision as {@code variant}: non-empty, no control
 *     characters
 * @param weight its share of the experiment's traffic, in [0, 1]
 * @param policy its settings: its own keys, the rest inherited from the policy that runs the
 *     experiment (same name and version); it runs no experiment of its own
 */
@PublicEvolving
public record Variant(String name, double weight, ScoringPolicy policy) implements Serializable {

    public Variant {
        if (name == null || name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "a variant's name must be non-empty, without control characters, got "
                            + (name == null ? "none" : io.flinksoftmax.text.Texts.quote(name)));
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException(
                    "variant '" + name + "': weight must be in [0, 1], got " + weight);
        }
        if (policy == null || policy.experiment() != null) {
            throw new IllegalArgumentException(
                    "variant '" + name + "' needs settings that run no experiment of their own");
        }
    }

    Variant withVersion(long version) {
        return new Variant(name, weight, policy.withVersion(version));
    }
}
