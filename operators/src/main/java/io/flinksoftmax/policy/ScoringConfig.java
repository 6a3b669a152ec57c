package io.flinksoftmax.policy;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The scoring policies by placement and the per-event limits; immutable and serializable, so that
 * it travels with the operators that use it.
 *
 * <pre>{@code
 * ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
 * ScoringPolicy policy = config.policyFor("home_top");
 * }</pre>
 *
 * @param policies by placement name; always holds {@link ScoringPolicy#DEFAULT}
 * @param limits bounds on one event
 * @param output which fields decisions carry
 */
@PublicEvolving
public record ScoringConfig(Map<String, ScoringPolicy> policies, Limits limits, OutputFormat output)
        implements Serializable {

    /** Policies and limits with the default, {@link OutputFormat#COMPACT}, output. */
    public ScoringConfig(Map<String, ScoringPolicy> policies, Limits limits) {
        this(policies, limits, OutputFormat.COMPACT);
    }

    public ScoringConfig {
        if (output == null) {
            throw new IllegalArgumentException("output must be compact or full");
        }
        if (!policies.containsKey(ScoringPolicy.DEFAULT)) {
            throw new IllegalArgumentException(
                    "the scoring config needs a policy named 'default' (used for events without"
                            + " a placement); add it under 'policies:'");
        }
        policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
    }

    /**
     * One default policy (softmax, T = 1, 3 slots by probability, top 5), default limits, compact
     * output.
     */
    public static ScoringConfig defaults() {
        return new ScoringConfig(
                Map.of(ScoringPolicy.DEFAULT, PolicyDefaults.policy(ScoringPolicy.DEFAULT)),
                Limits.DEFAULTS);
    }

    /**
     * The version of the policy document these policies came from: 0 for the {@code
     * --scoring-config} file, then that of each update applied from the control stream (README
     * "Changing policies at runtime").
     */
    public long version() {
        return policies.get(ScoringPolicy.DEFAULT).version();
    }

    /** The same policies and limits with another output format. */
    public ScoringConfig withOutput(OutputFormat format) {
        return new ScoringConfig(policies, limits, format);
    }

    /**
     * The policy for an event's placement: {@code default} when the placement is {@code null}, and
     * {@code null} when no policy has that name (the event is then a dead letter).
     */
    public ScoringPolicy policyFor(String placement) {
        return policies.get(placement == null ? ScoringPolicy.DEFAULT : placement);
    }
}
