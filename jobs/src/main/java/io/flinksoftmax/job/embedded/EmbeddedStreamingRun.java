package io.flinksoftmax.job.embedded;

import io.flinksoftmax.job.JobEnvironment;
import io.flinksoftmax.job.Progress;
import io.flinksoftmax.job.RestoreFailure;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * A Kafka job on this process's own MiniCluster (started with {@code java -jar}), run so that a
 * supervisor can keep it alive: one instance per deployment ({@link InstanceLock}), a line at start
 * saying what it does, and an exit status when it is over or cannot recover ({@link JobWatchdog}).
 * See README "Running unattended".
 */
@Internal
public final class EmbeddedStreamingRun {

    /** Exit status when another instance of the deployment holds the lock. */
    static final int EXIT_LOCKED = 2;

    /** Exit status when the job cannot run or fails for good. */
    static final int EXIT_FAILED = 1;

    /** How often the watchdog checks the job's health. */
    static final Duration WATCHDOG_POLL = Duration.ofSeconds(2);

    /** Strongly held: a collected lock could close its channel and release the lock. */
    private static final List<InstanceLock> HELD_LOCKS = new ArrayList<>();

    private EmbeddedStreamingRun() {}

    /** Runs the job until it is over or cannot recover; returns the process's exit status. */
    public static int run(JobOptions options) throws Exception {
        try {
            lockInstance(options);
        } catch (IllegalStateException e) {
            System.err.println("flink-softmax: " + e.getMessage());
            return EXIT_LOCKED;
        }
        Configuration conf = JobEnvironment.streamingConfiguration(options);
        Path scratch = null;
        if (options.checkpointDir() == null) {
            scratch = Files.createTempDirectory("flink-softmax-checkpoints-");
            Path folder = scratch;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> FileUtils.deleteDirectoryQuietly(folder.toFile())));
            conf.addAll(scratchCheckpoints(scratch));
        }
        LocalCluster cluster = new LocalCluster(conf);
        StreamExecutionEnvironment env = cluster.environment();
        ScoringJob.fromOptions(options, env);
        JobClient job;
        try {
            job = env.executeAsync(options.name());
        } catch (Exception e) {
            // A MiniCluster refuses a restore at submission (a cluster fails the job instead).
            String restore = RestoreFailure.explain(e);
            if (restore == null) {
                throw e;
            }
            System.err.println("flink-softmax: " + restore);
            return EXIT_FAILED;
        }
        System.err.println("flink-softmax: " + startLine(options, job, scratch));
        Progress progress = new Progress();
        AtomicBoolean decided = new AtomicBoolean();
        // Ctrl-C (SIGTERM) ends the JVM: say where the job got to; it resumes from its last
        // checkpoint next time. (After a verdict the last line has been said already.)
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (!decided.get()) {
                                        System.err.println(
                                                "flink-softmax: stopping; so far "
                                                        + progress.last());
                                    }
                                }));
        JobWatchdog.Verdict verdict =
                JobWatchdog.watch(
                        job,
                        () -> cluster.completedCheckpoints(job.getJobID()),
                        options.recoveryTimeout(),
                        WATCHDOG_POLL,
                        progress,
                        options.quiet()
                                ? null
                                : line -> System.err.println("flink-softmax: " + line));
        decided.set(true);
        System.err.println("flink-softmax: " + verdict.reason() + "; " + progress.last());
        return verdict.exitCode();
    }

    /**
     * Takes the deployment's instance locks for the life of this process: one in the temp folder
     * (twins on this machine) and, with {@code --checkpoint-dir}, one beside the checkpoints (twins
     * sharing them).
     */
    private static void lockInstance(JobOptions options) {
        String name = options.deploymentName();
        HELD_LOCKS.add(
                InstanceLock.acquire(
                        Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "flink-softmax",
                                name + ".lock")));
        if (options.checkpointDir() != null) {
            HELD_LOCKS.add(
                    InstanceLock.acquire(
                            options.checkpointDir().resolve(name).resolve("instance.lock")));
        }
    }

    /**
     * Where a run without {@code --checkpoint-dir} keeps its checkpoints: files in {@code folder},
     * which the process deletes when it exits. Not the JobManager's memory, Flink's default: that
     * refuses any task's state above 5 MB, so a run holding many open requests or attribution
     * windows would fail every checkpoint and restart in a loop.
     */
    static Configuration scratchCheckpoints(Path folder) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, folder.toUri().toString());
        return conf;
    }

    private static String startLine(JobOptions options, JobClient job, Path scratch) {
        var kafka = options.kafka();
        return "job "
                + job.getJobID()
                + " reads "
                + kafka.inputTopic()
                + " at "
                + kafka.bootstrapServers()
                + ", writes "
                + (options.sink() == Endpoint.KAFKA
                        ? kafka.outputTopic() + " and " + kafka.deadLetterTopic()
                        : options.output() + "/")
                + " ("
                + kafka.deliveryGuarantee().toString().toLowerCase(Locale.ROOT)
                + (kafka.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE
                        ? ", transactional ids " + kafka.transactionalIdPrefix() + "-*"
                        : "")
                + "), checkpoints every "
                + options.checkpointInterval().toSeconds()
                + " s "
                + (scratch != null
                        ? "in " + scratch + " (deleted at exit; --checkpoint-dir keeps them)"
                        : "in " + options.checkpointDir().resolve(options.deploymentName()))
                + "; exits after "
                + options.recoveryTimeout().toSeconds()
                + " s without a completed checkpoint";
    }
}
