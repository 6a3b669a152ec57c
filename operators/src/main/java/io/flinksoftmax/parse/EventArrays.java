package io.flinksoftmax.parse;

import io.flinksoftmax.event.CandidateIds;
import java.util.Arrays;
import java.util.function.IntFunction;

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
final class EventArrays {

    /** Longer arrays are not kept: one per role and length is kept, so this bounds the memory. */
    static final int MAX_REUSED_LENGTH = 64;

    /** New arrays for every event. */
    static final EventArrays FRESH = new EventArrays(false);

    private final boolean reuse;

    // Per role, the array of each length (null until met); none for FRESH.
    private final double[][] scores;
    private final double[][] bids;
    private final boolean[][] eligible;
    private final int[][] ends;

    private EventArrays(boolean reuse) {
        this.reuse = reuse;
        int lengths = reuse ? MAX_REUSED_LENGTH + 1 : 0;
        scores = new double[lengths][];
        bids = new double[lengths][];
        eligible = new boolean[lengths][];
        ends = new int[lengths][];
    }

    /**
     * Arrays reused from one event to the next: an event made with them is valid until the parser
     * that made it parses another record.
     */
    static EventArrays reusing() {
        return new EventArrays(true);
    }

    double[] scores(double[] from, int n) {
        return copy(scores, from, n, double[]::new);
    }

    double[] bids(double[] from, int n) {
        return copy(bids, from, n, double[]::new);
    }

    boolean[] eligible(boolean[] from, int n) {
        return copy(eligible, from, n, boolean[]::new);
    }

    /**
     * The ids {@code utf8[0, total)}, id {@code i} ending at {@code ends[i]}, for {@code i < n}:
     * the arrays are the parser's scratch, which the next record overwrites.
     */
    CandidateIds ids(byte[] utf8, int total, int[] ends, int n) {
        // Reused, the bytes are shared, not copied: CandidateIds reads only up to its last end.
        byte[] bytes = reuse ? utf8 : Arrays.copyOf(utf8, total);
        return CandidateIds.ofUtf8(bytes, copy(this.ends, ends, n, int[]::new));
    }

    /**
     * The first {@code n} values of {@code from} (an array of a primitive type), in the array of
     * that length kept in {@code kept}, or a new one when none is kept.
     */
    private static <A> A copy(A[] kept, A from, int n, IntFunction<A> make) {
        boolean keep = n < kept.length;
        A a = keep ? kept[n] : null;
        if (a == null) {
            a = make.apply(n);
            if (keep) {
                kept[n] = a;
            }
        }
        System.arraycopy(from, 0, a, 0, n);
        return a;
    }
}
