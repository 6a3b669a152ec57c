package io.flinksoftmax.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When the first record reached a sink of the running job, and when the last sink saw its input
 * end: the job's steady-state time, without the MiniCluster's start (about a second on a 2-core
 * machine, whatever the job) and without its shutdown. Static, because the MiniCluster runs the
 * sinks in this JVM; one job at a time ({@link #reset} before each).
 */
final class SinkClock {

    private static final AtomicLong FIRST = new AtomicLong();
    private static final AtomicLong LAST = new AtomicLong();

    private SinkClock() {}

    static void reset() {
        FIRST.set(0);
        LAST.set(0);
    }

    /** A sink's first record: the first of all sinks starts the clock. */
    static void firstRecord() {
        FIRST.compareAndSet(0, System.nanoTime());
    }

    /** A sink's input ended: the last of all sinks stops the clock. */
    static void inputEnded() {
        LAST.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /**
     * Seconds from the first record to the end of the last input.
     *
     * @throws IllegalStateException if no record reached a sink, or no input ended
     */
    static double seconds() {
        long first = FIRST.get();
        long last = LAST.get();
        if (first == 0 || last == 0) {
            throw new IllegalStateException("no record reached a timed sink, or no input ended");
        }
        return (last - first) / 1e9;
    }
}
