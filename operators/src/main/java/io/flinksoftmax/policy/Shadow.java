package io.flinksoftmax.policy;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A policy judged, not served (DESIGN §13): listed under a policy's {@code shadows}, it never
 * changes a decision; for each decision of its policy the job computes how likely this policy was
 * to place the logged candidates where they are, so that off-policy evaluation can weigh the
 * outcome.
 *
 * @param name its name, the {@code target} of its evaluation records: non-empty, no control
 *     characters, not {@code logging} (the name of the serving policy there)
 * @param policy the shadow's settings: its own keys, the rest inherited from the policy it shadows
 *     (same name and version); it has no shadows of its own
 * @param ownTemperature whether the shadow sets {@code temperature}: then it ranks at that
 *     temperature, else at the decision's (an event's override included), as its policy does
 */
@PublicEvolving
public record Shadow(String name, ScoringPolicy policy, boolean ownTemperature)
        implements Serializable {

    /** The {@code target} of the serving policy's evaluation records; no shadow may be named so. */
    public static final String LOGGING = "logging";

    public Shadow {
        if (name == null
                || name.isEmpty()
                || name.chars().anyMatch(Character::isISOControl)
                || name.equals(LOGGING)) {
            throw new IllegalArgumentException(
                    "a shadow's name must be non-empty, without control characters, and not '"
                            + LOGGING
                            + "' (the serving policy's name in evaluation records), got "
                            + (name == null ? "none" : io.flinksoftmax.text.Texts.quote(name)));
        }
        if (policy == null) {
            throw new IllegalArgumentException("shadow '" + name + "' needs its settings");
        }
        if (!policy.shadows().isEmpty() || policy.experiment() != null) {
            throw new IllegalArgumentException(
                    "shadow '"
                            + name
                            + "' lists shadows or runs an experiment of its own; only a served"
                            + " policy may");
        }
    }

    /** The temperature it ranks a decision at, given the decision's. */
    public double temperature(double decisionTemperature) {
        return ownTemperature ? policy.temperature() : decisionTemperature;
    }

    /** The same shadow, of policy document {@code version}. */
    Shadow withVersion(long version) {
        return new Shadow(name, policy.withVersion(version), ownTemperature);
    }
}
