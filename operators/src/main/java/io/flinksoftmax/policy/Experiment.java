package io.flinksoftmax.policy;

import io.flinksoftmax.experiment.Buckets;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A deterministic traffic split of one policy (DESIGN §14), assigned as GrowthBook does ({@link
 * Buckets}, hash version 2): a unit hashes with the seed into [0, 1); variant i owns [c_i, c_i +
 * coverage × w_i), c_i the sum of the weights before it; a unit in no range is outside the
 * experiment and gets the policy's own settings. So a unit keeps its variant while the seed, the
 * weights and the coverage stay, and raising the coverage never moves an assigned unit.
 *
 * @param key its name, logged with each decision as {@code experiment}: non-empty, no control
 *     characters
 * @param seed the hash seed (the key when not given)
 * @param coverage the share of units in the experiment, in [0, 1]
 * @param variants 1 to {@link #MAX_VARIANTS}, names unique, weights adding up to 1
 */
@PublicEvolving
public record Experiment(String key, String seed, double coverage, List<Variant> variants)
        implements Serializable {

    /** Variants per experiment. */
    public static final int MAX_VARIANTS = 16;

    /** How far the weights may add up from 1 (rounding in a config file's decimals). */
    private static final double WEIGHT_TOLERANCE = 1e-9;

    public Experiment {
        if (key == null || key.isEmpty() || key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "an experiment's key must be non-empty, without control characters");
        }
        if (seed == null || seed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "experiment '" + key + "': seed must be a string without control characters");
        }
        if (!(coverage >= 0 && coverage <= 1)) {
            throw new IllegalArgumentException(
                    "experiment '" + key + "': coverage must be in [0, 1], got " + coverage);
        }
        if (variants == null || variants.isEmpty() || variants.size() > MAX_VARIANTS) {
            throw new IllegalArgumentException(
                    "experiment '"
                            + key
                            + "' needs 1 to "
                            + MAX_VARIANTS
                            + " variants, got "
                            + (variants == null ? 0 : variants.size()));
        }
        variants = List.copyOf(variants);
        Set<String> names = new HashSet<>();
        double total = 0;
        for (Variant v : variants) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException(
                        "experiment '" + key + "': variant '" + v.name() + "' is listed twice");
            }
            total += v.weight();
        }
        if (!(Math.abs(total - 1) <= WEIGHT_TOLERANCE)) {
            throw new IllegalArgumentException(
                    "experiment '"
                            + key
                            + "': the variants' weights must add up to 1, got "
                            + total);
        }
    }

    /**
     * The variant of {@code unit}, or {@code null} when it is outside the coverage: {@code
     * Buckets.choose(hash, Buckets.ranges(variants, coverage, weights))}, walked without building
     * the ranges (this runs once per decision; the weights were validated, so GrowthBook's repairs
     * of odd input never apply).
     */
    public Variant assign(String unit) {
        double n = Buckets.hash(seed, unit, 2);
        double start = 0;
        for (Variant v : variants) {
            if (n >= start && n < start + coverage * v.weight()) {
                return v;
            }
            start += v.weight();
        }
        return null;
    }

    Experiment withVersion(long version) {
        return new Experiment(
                key, seed, coverage, variants.stream().map(v -> v.withVersion(version)).toList());
    }
}
