package io.flinksoftmax.decision;

/**
 * The random numbers of one decision: a SplitMix64 sequence (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", 2014) started from the event id, the policy version
 * and the policy's seed. Written out here rather than taken from {@code SplittableRandom} so that
 * the draws, and with them every explored decision, are fixed by this code alone: the same on every
 * JVM and release, which a replay or an audit needs.
 */
final class Draws {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** The sequence from a raw SplitMix64 state; {@link #of} is the one decisions use. */
    Draws(long state) {
        this.state = state;
    }

    /**
     * The draws of the decision for {@code eventId} under policy {@code version} and {@code seed}.
     * Each of the three changes the whole sequence.
     */
    static Draws of(String eventId, long version, long seed) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the id's UTF-16 units, then mixed
        for (int i = 0; i < eventId.length(); i++) {
            h = (h ^ eventId.charAt(i)) * 0x100000001b3L;
        }
        long state = mix(h);
        state = mix(state ^ mix(version + GOLDEN_GAMMA));
        state = mix(state ^ mix(seed - GOLDEN_GAMMA));
        return new Draws(state);
    }

    /** The next number, uniform over the 2^53 multiples of 2^-53 in [0, 1). */
    double nextDouble() {
        state += GOLDEN_GAMMA;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser (Stafford's variant 13). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
