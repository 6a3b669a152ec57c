package io.flinksoftmax.job;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.execution.JobClient;

/**
 * One line about what a running job has done, from its live accumulators: records in, decisions,
 * dead letters, and the rate since the previous line. Printed to stderr every {@link #EVERY} by the
 * embedded runs (unless {@code --quiet}), so stdout stays for the summary.
 */
@Internal
public final class Progress {

    /** How often a running embedded job reports. */
    public static final Duration EVERY = Duration.ofSeconds(10);

    private long lastRecords;
    private long lastNanos = System.nanoTime();
    private volatile String last = "no records yet";

    /** The current line, or {@code null} when the job did not answer in time. */
    public String sample(JobClient job) {
        Map<String, Object> accumulators;
        try {
            accumulators = job.getAccumulators().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
        RunSummary now = RunSummary.fromAccumulators(accumulators, Duration.ZERO);
        long nanos = System.nanoTime();
        double seconds = (nanos - lastNanos) / 1e9;
        double rate = seconds > 0 ? (now.recordsIn() - lastRecords) / seconds : 0;
        lastRecords = now.recordsIn();
        lastNanos = nanos;
        last =
                String.format(
                        Locale.ROOT,
                        "%,d records in, %,d decisions, %,d dead letters (%,.0f records/s)",
                        now.recordsIn(),
                        now.decisions(),
                        now.deadLetters(),
                        rate);
        return last;
    }

    /** The last line sampled. */
    public String last() {
        return last;
    }
}
