package io.flinksoftmax.job.embedded;

import io.flinksoftmax.job.Progress;
import io.flinksoftmax.job.RestoreFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Watches an embedded streaming job and says when the process should end, so that a supervisor
 * (systemd, Kubernetes, a shell loop) can restart it: when the job reaches a terminal state (its
 * restarts are used up, or it was cancelled), or when it has completed no checkpoint for {@code
 * recoveryTimeout} (a lost TaskManager, a failure met on every restart, a sink that cannot commit).
 * A healthy job completes one every checkpoint interval, busy or idle; the count comes from Flink's
 * checkpoint statistics ({@link LocalCluster#completedCheckpoints}).
 */
@Internal
public final class JobWatchdog {

    /** Why the process ends, and its exit code: 0 only for a job that finished. */
    public record Verdict(int exitCode, String reason) {}

    /** How long one status request may take before it counts as no answer. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

    private JobWatchdog() {}

    /**
     * Blocks until the job is over or cannot recover (and then cancels it); meanwhile samples
     * {@code progress} every {@link Progress#EVERY} and hands each line to {@code report}, when
     * both are given ({@code null} for neither).
     *
     * @param completedCheckpoints the job's completed checkpoints so far (negative: no answer)
     */
    public static Verdict watch(
            JobClient job,
            CheckpointCount completedCheckpoints,
            Duration recoveryTimeout,
            Duration poll,
            Progress progress,
            java.util.function.Consumer<String> report)
            throws InterruptedException {
        long lastProgress = System.currentTimeMillis();
        long checkpoints = 0;
        long nextReport = System.nanoTime() + Progress.EVERY.toNanos();
        while (true) {
            if (progress != null && System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + Progress.EVERY.toNanos();
                String line = progress.sample(job);
                if (line != null && report != null) {
                    report.accept(line);
                }
            }
            JobStatus status = status(job);
            if (status != null && status.isGloballyTerminalState()) {
                return terminal(job, status);
            }
            long completed = completedCheckpoints.get();
            if (completed > checkpoints) {
                checkpoints = completed;
                lastProgress = System.currentTimeMillis();
            }
            long silent = System.currentTimeMillis() - lastProgress;
            if (silent > recoveryTimeout.toMillis()) {
                cancel(job);
                return new Verdict(
                        1,
                        "no checkpoint completed for "
                                + Duration.ofMillis(silent).toSeconds()
                                + " s (job status "
                                + status
                                + "; --recovery-timeout "
                                + recoveryTimeout.toSeconds()
                                + " s): the job cannot recover in this process (a lost"
                                + " TaskManager, or a failure it meets on every restart);"
                                + " exiting so that a supervisor can restart it. Details are"
                                + " in the log above.");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** A job's completed checkpoints: {@link LocalCluster#completedCheckpoints}, for one job. */
    @FunctionalInterface
    public interface CheckpointCount {
        long get() throws InterruptedException;
    }

    private static Verdict terminal(JobClient job, JobStatus status) throws InterruptedException {
        if (status == JobStatus.FINISHED) {
            return new Verdict(0, "the job finished");
        }
        String cause = "";
        try {
            job.getJobExecutionResult().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String restore = RestoreFailure.explain(e);
            if (restore != null) {
                return new Verdict(1, restore);
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            cause = ": " + root;
        } catch (TimeoutException e) {
            cause = "";
        }
        return new Verdict(1, "the job is " + status + cause);
    }

    /** The job's status, or {@code null} when the cluster did not answer in time. */
    private static JobStatus status(JobClient job) throws InterruptedException {
        try {
            return job.getJobStatus().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void cancel(JobClient job) throws InterruptedException {
        try {
            job.cancel().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The process ends anyway; the next instance aborts what this one left open.
        }
    }
}
