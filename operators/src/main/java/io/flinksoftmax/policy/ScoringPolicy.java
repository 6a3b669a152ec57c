package io.flinksoftmax.policy;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How events of one placement are scored and decided.
 *
 * @param name the placement it applies to ({@code default} for events without a known one)
 * @param mode softmax or sigmoid
 * @param temperature finite and {@code > 0}; events may override it
 * @param slots how many candidates are placed at most, {@code >= 0}
 * @param rankBy the ordering key for click candidates
 * @param minProbability candidates below this probability are never placed, in [0, 1]
 * @param topK how many labels {@code class_logits} decisions list, {@code >= 1}
 * @param exploration how slots are filled: greedily ({@link Exploration#NONE}) or by a logged draw
 * @param version the version of the policy document this policy came from ({@code >= 0}; the {@code
 *     --scoring-config} file is version 0); every decision carries it
 * @param shadows policies evaluated against this one's decisions and never served (DESIGN §13), in
 *     the order given, names unique; at most {@link #MAX_SHADOWS}
 * @param experiment the traffic split this policy runs (DESIGN §14), or {@code null}; its variants
 *     have this policy's name and version
 */
@PublicEvolving
public record ScoringPolicy(
        String name,
        Mode mode,
        double temperature,
        int slots,
        RankBy rankBy,
        double minProbability,
        int topK,
        Exploration exploration,
        long version,
        java.util.List<Shadow> shadows,
        Experiment experiment)
        implements Serializable {

    /** Shadows per policy: each costs a ranking per decision. */
    public static final int MAX_SHADOWS = 16;

    /** The name of the policy used for events without a placement. */
    public static final String DEFAULT = "default";

    /**
     * A greedy policy of version 0, as the {@code --scoring-config} file gives without exploration.
     */
    public ScoringPolicy(
            String name,
            Mode mode,
            double temperature,
            int slots,
            RankBy rankBy,
            double minProbability,
            int topK) {
        this(name, mode, temperature, slots, rankBy, minProbability, topK, Exploration.NONE, 0L);
    }

    /** A policy without an experiment. */
    public ScoringPolicy(
            String name,
            Mode mode,
            double temperature,
            int slots,
            RankBy rankBy,
            double minProbability,
            int topK,
            Exploration exploration,
            long version,
            java.util.List<Shadow> shadows) {
        this(
                name,
                mode,
                temperature,
                slots,
                rankBy,
                minProbability,
                topK,
                exploration,
                version,
                shadows,
                null);
    }

    /** A policy without shadows or an experiment. */
    public ScoringPolicy(
            String name,
            Mode mode,
            double temperature,
            int slots,
            RankBy rankBy,
            double minProbability,
            int topK,
            Exploration exploration,
            long version) {
        this(
                name,
                mode,
                temperature,
                slots,
                rankBy,
                minProbability,
                topK,
                exploration,
                version,
                java.util.List.of());
    }

    public ScoringPolicy {
        require(name != null && !name.isEmpty(), "a policy needs a name");
        require(mode != null, "policy '%s': mode must be softmax or sigmoid", name);
        require(rankBy != null, "policy '%s': rank_by must be probability or expected_value", name);
        require(
                temperature > 0 && Double.isFinite(temperature),
                "policy '%s': temperature must be a finite number > 0, got %s",
                name,
                temperature);
        require(slots >= 0, "policy '%s': slots must be >= 0, got %s", name, slots);
        require(
                minProbability >= 0 && minProbability <= 1,
                "policy '%s': min_probability must be in [0, 1], got %s",
                name,
                minProbability);
        require(topK >= 1, "policy '%s': top_k must be >= 1, got %s", name, topK);
        require(exploration != null, "policy '%s': exploration is required", name);
        require(version >= 0, "policy '%s': version must be >= 0, got %s", name, version);
        require(shadows != null, "policy '%s': shadows must be a list (empty for none)", name);
        shadows = java.util.List.copyOf(shadows);
        require(
                shadows.size() <= MAX_SHADOWS,
                "policy '%s': at most %s shadows, got %s",
                name,
                MAX_SHADOWS,
                shadows.size());
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Shadow shadow : shadows) {
            require(
                    names.add(shadow.name()),
                    "policy '%s': shadow '%s' is listed twice",
                    name,
                    shadow.name());
            require(
                    shadow.policy().name().equals(name) && shadow.policy().version() == version,
                    "policy '%s': shadow '%s' must have the policy's name and version",
                    name,
                    shadow.name());
        }
        if (experiment != null) {
            for (Variant v : experiment.variants()) {
                require(
                        v.policy().name().equals(name) && v.policy().version() == version,
                        "policy '%s': variant '%s' must have the policy's name and version",
                        name,
                        v.name());
            }
        }
    }

    /** This policy, and its shadows, as part of policy document {@code newVersion}. */
    public ScoringPolicy withVersion(long newVersion) {
        return new ScoringPolicy(
                name,
                mode,
                temperature,
                slots,
                rankBy,
                minProbability,
                topK,
                exploration,
                newVersion,
                shadows.stream().map(s -> s.withVersion(newVersion)).toList(),
                experiment == null ? null : experiment.withVersion(newVersion));
    }

    private static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }
}
