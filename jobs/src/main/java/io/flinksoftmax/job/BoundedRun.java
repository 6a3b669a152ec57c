package io.flinksoftmax.job;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.file.UnreadableInputs;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job to its end and says what it did: for a file source (bounded, a batch job) the
 * summary of records, decisions and dead letters; a Kafka job submitted to a cluster returns at
 * once.
 */
@Internal
public final class BoundedRun {

    private BoundedRun() {}

    /**
     * Builds the job from {@code options} in {@code env} and runs it; an embedded run prints a
     * {@link Progress} line on stderr every {@link Progress#EVERY} unless {@code --quiet}.
     *
     * @return the summary of a bounded run, or {@code null} when the job was submitted detached
     */
    public static RunSummary run(
            JobOptions options, StreamExecutionEnvironment env, boolean embedded) throws Exception {
        ScoringJob.fromOptions(options, env);
        long start = System.nanoTime();
        if (!embedded || options.quiet()) {
            JobExecutionResult result = env.execute(options.name());
            return result.isJobExecutionResult()
                    ? RunSummary.fromAccumulators(
                            result.getAllAccumulatorResults(),
                            Duration.ofNanos(System.nanoTime() - start))
                    : null;
        }
        JobClient job = env.executeAsync(options.name());
        Progress progress = new Progress();
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        while (true) {
            try {
                JobExecutionResult done =
                        result.get(Progress.EVERY.toMillis(), TimeUnit.MILLISECONDS);
                return RunSummary.fromAccumulators(
                        done.getAllAccumulatorResults(),
                        Duration.ofNanos(System.nanoTime() - start));
            } catch (TimeoutException stillRunning) {
                String line = progress.sample(job);
                if (line != null) {
                    System.err.println("flink-softmax: " + line);
                }
            }
        }
    }

    /** The summary as printed at the end of a run, naming where results went. */
    static String render(RunSummary summary, JobOptions options) {
        if (options.sink() == Endpoint.FILE) {
            String rendered =
                    summary.render(
                            options.output().resolve(FileConnectors.DECISIONS_DIR) + "/",
                            options.output().resolve(FileConnectors.DEAD_LETTERS_DIR) + "/");
            if (summary.deadLettersByReason().containsKey(Reason.UNREADABLE_INPUT.code())) {
                rendered +=
                        UnreadableInputs.render(
                                options.output().resolve(FileConnectors.DEAD_LETTERS_DIR));
            }
            if (options.feedback().enabled()) {
                rendered +=
                        CalibrationTable.render(
                                options.output().resolve(FileConnectors.CALIBRATION_DIR));
                rendered +=
                        EvaluationTable.render(
                                options.output().resolve(FileConnectors.EVALUATION_DIR));
            }
            return rendered;
        }
        return summary.render(
                "topic " + options.kafka().outputTopic(),
                "topic " + options.kafka().deadLetterTopic());
    }
}
