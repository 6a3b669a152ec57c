package io.flinksoftmax.parse;

import io.flinksoftmax.event.CandidateIds;
import java.util.Arrays;

/**
 * Where an accepted {@code click_scores} event gets its arrays from the parser's {@link Fields}:
 * copies of its own ({@link #FRESH}, what {@link EventParser}'s constructor uses, so an event is a
 * value its caller may keep), or arrays reused from record to record ({@link #reusing()}), for a
 * caller that is done with each event before it parses the next: the job's record path, which
 * scores and encodes the event and lets it go. Either way an array holds exactly the values read
 * and has exactly the event's length, so the scoring code cannot tell them apart ({@code
 * EventArraysTest} holds the events equal, record by record).
 *
 * <p>Reused arrays are kept per role and length up to {@value #MAX_REUSED_LENGTH} candidates (under
 * 50 KB if every length is met); longer ones are new each time. The ids' bytes are not copied at
 * all when reused: the event reads them where the parser put them, which the next record
 * overwrites. Not thread safe.
 */
abstract class EventArrays {

    /** Longer arrays are not kept: one per role and length is kept, so this bounds the memory. */
    static final int MAX_REUSED_LENGTH = 64;

    static final int SCORES = 0;
    static final int BIDS = 1;
    private static final int DOUBLE_ROLES = 2;

    /** New arrays for every event. */
    static final EventArrays FRESH =
            new EventArrays() {
                @Override
                double[] copy(int role, double[] from, int n) {
                    return Arrays.copyOf(from, n);
                }

                @Override
                boolean[] copy(boolean[] from, int n) {
                    return Arrays.copyOf(from, n);
                }

                @Override
                CandidateIds ids(byte[] utf8, int total, int[] ends, int n) {
                    return CandidateIds.ofUtf8(Arrays.copyOf(utf8, total), Arrays.copyOf(ends, n));
                }
            };

    EventArrays() {}

    /**
     * Arrays reused from one event to the next: an event made with them is valid until the parser
     * that made it parses another record.
     */
    static EventArrays reusing() {
        return new Reusing();
    }

    /** The first {@code n} values of {@code from}, for {@code role}. */
    abstract double[] copy(int role, double[] from, int n);

    /** The first {@code n} values of {@code from}. */
    abstract boolean[] copy(boolean[] from, int n);

    /**
     * The ids {@code utf8[0, total)}, id {@code i} ending at {@code ends[i]}, for {@code i < n}:
     * the arrays are the parser's scratch, which the next record overwrites.
     */
    abstract CandidateIds ids(byte[] utf8, int total, int[] ends, int n);

    private static final class Reusing extends EventArrays {
        private final double[][][] doubles = new double[DOUBLE_ROLES][MAX_REUSED_LENGTH + 1][];
        private final boolean[][] booleans = new boolean[MAX_REUSED_LENGTH + 1][];
        private final int[][] ends = new int[MAX_REUSED_LENGTH + 1][];

        @Override
        double[] copy(int role, double[] from, int n) {
            if (n > MAX_REUSED_LENGTH) {
                return Arrays.copyOf(from, n);
            }
            double[] a = doubles[role][n];
            if (a == null) {
                a = doubles[role][n] = new double[n];
            }
            System.arraycopy(from, 0, a, 0, n);
            return a;
        }

        @Override
        boolean[] copy(boolean[] from, int n) {
            if (n > MAX_REUSED_LENGTH) {
                return Arrays.copyOf(from, n);
            }
            boolean[] a = booleans[n];
            if (a == null) {
                a = booleans[n] = new boolean[n];
            }
            System.arraycopy(from, 0, a, 0, n);
            return a;
        }

        @Override
        CandidateIds ids(byte[] utf8, int total, int[] from, int n) {
            int[] a;
            if (n > MAX_REUSED_LENGTH) {
                a = Arrays.copyOf(from, n);
            } else {
                a = ends[n];
                if (a == null) {
                    a = ends[n] = new int[n];
                }
                System.arraycopy(from, 0, a, 0, n);
            }
            // Shared, not copied: CandidateIds reads only up to its last end.
            return CandidateIds.ofUtf8(utf8, a);
        }
    }
}
