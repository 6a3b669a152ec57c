package io.flinksoftmax.job;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that another process or thread makes true; the tests' only waiting. */
public final class Await {

    private static final long POLL_MILLIS = 200;

    private Await() {}

    /** Returns once {@code condition} holds; fails the test after {@code deadline}. */
    public static void until(String what, Duration deadline, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
