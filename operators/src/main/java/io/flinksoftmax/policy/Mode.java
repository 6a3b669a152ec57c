package io.flinksoftmax.policy;

/** How scores become probabilities. */
public enum Mode {
    /** One distribution over all candidates: probabilities sum to 1. */
    SOFTMAX,
    /** Each candidate independently, {@code sigmoid(z / T)}: independent click probabilities. */
    SIGMOID;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
