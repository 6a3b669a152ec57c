package io.flinksoftmax.decision;

import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * Where a click decision gets its arrays: new ones ({@link #FRESH}, what {@link Scorer#score} uses,
 * so a {@link Decision} is a value its caller may keep), or arrays reused from decision to decision
 * ({@link #reusing()}), for a caller that is done with each decision before it makes the next: the
 * job's record path, which encodes the decision and lets it go. Either way an array comes zeroed
 * and of exactly the length asked for, so the decision code cannot tell them apart, and the
 * decisions are the same bit for bit ({@code ScorerTest}).
 *
 * <p>Reused arrays are kept per role and length up to {@value #MAX_REUSED_LENGTH} (at most about
 * 110 KB in all, for the lengths actually met); longer ones are new each time. Not thread safe.
 */
@Internal
public abstract class DecisionArrays {

    /** Longer arrays are not kept: one per role and length is kept, so this bounds the memory. */
    public static final int MAX_REUSED_LENGTH = 64;

    static final int PROBABILITIES = 0;
    static final int LOG_PROBABILITIES = 1;
    static final int LOG_COMPLEMENTS = 2;
    static final int KEYS = 3;
    static final int PROPENSITIES = 4;
    private static final int DOUBLE_ROLES = 5;

    static final int ORDER = 0;
    static final int POOL = 1;
    static final int SLOTS = 2;
    private static final int INT_ROLES = 3;

    /** New arrays for every decision. */
    public static final DecisionArrays FRESH =
            new DecisionArrays() {
                @Override
                double[] doubles(int role, int n) {
                    return new double[n];
                }

                @Override
                int[] ints(int role, int n) {
                    return new int[n];
                }
            };

    DecisionArrays() {}

    /**
     * Arrays reused from one decision to the next: a decision made with them is valid until the
     * next decision made with the same instance.
     */
    public static DecisionArrays reusing() {
        return new Reusing();
    }

    /** A zeroed array of length {@code n} for {@code role}. */
    abstract double[] doubles(int role, int n);

    /** A zeroed array of length {@code n} for {@code role}. */
    abstract int[] ints(int role, int n);

    private static final class Reusing extends DecisionArrays {
        private final double[][][] doubles = new double[DOUBLE_ROLES][MAX_REUSED_LENGTH + 1][];
        private final int[][][] ints = new int[INT_ROLES][MAX_REUSED_LENGTH + 1][];

        @Override
        double[] doubles(int role, int n) {
            if (n > MAX_REUSED_LENGTH) {
                return new double[n];
            }
            double[] a = doubles[role][n];
            if (a == null) {
                return doubles[role][n] = new double[n];
            }
            Arrays.fill(a, 0.0);
            return a;
        }

        @Override
        int[] ints(int role, int n) {
            if (n > MAX_REUSED_LENGTH) {
                return new int[n];
            }
            int[] a = ints[role][n];
            if (a == null) {
                return ints[role][n] = new int[n];
            }
            Arrays.fill(a, 0);
            return a;
        }
    }
}
