package io.flinksoftmax.job;

import io.flinksoftmax.job.embedded.EmbeddedStreamingRun;
import io.flinksoftmax.job.file.InputFiles;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.kafka.KafkaPreflight;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.job.options.OptionsHelp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point, for every way Flink runs a job: {@code java -jar} (an embedded MiniCluster
 * in this process), {@code flink run}, a REST or web-UI submission, application mode (the compose
 * JobManager, the Kubernetes operator).
 *
 * <p>Only the embedded launcher owns its process: there a wrong option prints its message and exits
 * with status 2, a failed job exits with 1, and a file run exits with 0 once its summary is printed
 * (1 if its counts do not balance). Everywhere else {@code main()} runs inside a Flink client or
 * JobManager that other jobs share, so it never exits the JVM: a wrong option or a failed start-up
 * check throws an {@link IllegalArgumentException}, which Flink reports as a failed submission
 * carrying the message (in the REST reply, the web UI, the CLI's output).
 *
 * <pre>{@code
 * java -jar jobs/target/flink-softmax.jar --input events.jsonl --output out/
 * java -jar jobs/target/flink-softmax.jar --source kafka --bootstrap-servers localhost:9092
 * }</pre>
 */
@Internal
public final class ScoringJobMain {

    /** Exit status of an embedded run refused at start (a wrong option, a failed check). */
    static final int EXIT_USAGE = 2;

    /** Exit status of an embedded run whose job failed, or whose counts do not balance. */
    static final int EXIT_FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ScoringJobMain.class);

    private ScoringJobMain() {}

    public static void main(String[] args) throws Exception {
        // A context environment (flink run, REST, application mode) is not local: the job runs on
        // a cluster, inside a process this job does not own.
        boolean embedded =
                StreamExecutionEnvironment.getExecutionEnvironment()
                        instanceof LocalStreamEnvironment;
        if (JobOptions.wantsHelp(args)) {
            System.out.print(OptionsHelp.usage());
            return;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
            preflight(options);
        } catch (IllegalArgumentException e) {
            if (!embedded) {
                throw new IllegalArgumentException("flink-softmax: " + e.getMessage(), e);
            }
            System.err.println("flink-softmax: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        boolean streaming = options.source() == Endpoint.KAFKA;
        if (streaming && embedded) {
            System.exit(EmbeddedStreamingRun.run(options));
            return;
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        streaming
                                ? JobEnvironment.streamingConfiguration(options)
                                : new Configuration());
        if (streaming
                && options.checkpointDir() == null
                && env.getConfiguration()
                        .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                        .isEmpty()) {
            // Flink's default, the JobManager's memory, refuses any task's state above 5 MB: open
            // requests or attribution windows beyond that fail every checkpoint (seen on a real
            // cluster: a restart loop once open requests held more than that).
            LOG.warn(
                    "No checkpoint folder: neither --checkpoint-dir nor the cluster's {} is set,"
                            + " so checkpoints are kept in the JobManager's memory, which refuses"
                            + " a task's state above 5 MB. Set {} on the cluster (a folder every"
                            + " process can reach), or pass --checkpoint-dir.",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
        }
        RunSummary summary;
        try {
            summary = BoundedRun.run(options, env, embedded);
        } catch (Exception e) {
            String restore = RestoreFailure.explain(e);
            if (!embedded) {
                throw restore == null
                        ? e
                        : new IllegalStateException("flink-softmax: " + restore, e);
            }
            // The launcher owns this process: end it, whatever threads the job left running.
            e.printStackTrace();
            System.err.println("flink-softmax: the job failed: " + (restore != null ? restore : e));
            System.exit(EXIT_FAILED);
            return;
        }
        if (summary != null) {
            System.out.print(BoundedRun.render(summary, options));
        }
        if (embedded) {
            // Sources may leave non-daemon threads behind (a folder of 10,000 files left two
            // "Source Data Fetcher" threads): the process ends when the run does, not when they do.
            System.out.flush();
            System.exit(summary != null && summary.balanced() ? 0 : EXIT_FAILED);
        }
    }

    /**
     * What can be checked before the job is built: the output folder, files the input folder skips,
     * and the Kafka brokers and topics.
     */
    private static void preflight(JobOptions options) {
        if (options.sink() == Endpoint.FILE) {
            OutputFolder.prepare(options.output(), options.overwrite());
        }
        if (options.source() == Endpoint.FILE) {
            List<InputFiles.Skipped> skipped = InputFiles.list(options.input()).skipped();
            if (!skipped.isEmpty()) {
                System.err.println(
                        "flink-softmax: skipping "
                                + skipped.size()
                                + " entr"
                                + (skipped.size() == 1 ? "y" : "ies")
                                + " under --input: "
                                + skipped.stream()
                                        .limit(10)
                                        .map(k -> k.path() + " (" + k.why() + ")")
                                        .collect(Collectors.joining(", "))
                                + (skipped.size() > 10 ? ", ..." : ""));
            }
        }
        if (options.sink() == Endpoint.KAFKA || options.source() == Endpoint.KAFKA) {
            KafkaPreflight.check(
                    options.kafka(),
                    options.scoring().limits().maxOutputBytes(),
                    options.brokerTimeout(),
                    options.policyTopic(),
                    options.feedback().topic(),
                    options.feedback().calibrationTopic());
        }
    }
}
