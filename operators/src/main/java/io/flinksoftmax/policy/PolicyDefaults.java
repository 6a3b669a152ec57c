package io.flinksoftmax.policy;

/** The value of every policy key that a config file leaves out. */
final class PolicyDefaults {
    static final Mode MODE = Mode.SOFTMAX;
    static final double TEMPERATURE = 1.0;
    static final int SLOTS = 3;
    static final RankBy RANK_BY = RankBy.PROBABILITY;
    static final double MIN_PROBABILITY = 0.0;
    static final int TOP_K = 5;

    private PolicyDefaults() {}

    static ScoringPolicy policy(String name) {
        return new ScoringPolicy(name, MODE, TEMPERATURE, SLOTS, RANK_BY, MIN_PROBABILITY, TOP_K);
    }
}
