package io.flinksoftmax.job;

import io.flinksoftmax.job.file.InputFiles;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.kafka.KafkaPreflight;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.job.options.OptionsHelp;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's entry point, for every way Flink runs a job: {@code java -jar} (an embedded MiniCluster
 * in this process), {@code flink run}, a REST or web-UI submission, application mode (the compose
 * JobManager, the Kubernetes operator).
 *
 * <p>Only the embedded launcher owns its process: there a wrong option prints its message and exits
 * with status 2. Everywhere else {@code main()} runs inside a Flink client or JobManager that other
 * jobs share, so it never exits the JVM: a wrong option or a failed start-up check throws an {@link
 * IllegalArgumentException}, which Flink reports as a failed submission carrying the message (in
 * the REST reply, the web UI, the CLI's output).
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
        RunSummary summary;
        try {
            summary = BoundedRun.run(options, env, embedded);
        } catch (Exception e) {
            String restore = RestoreFailure.explain(e);
            if (restore == null) {
                throw e;
            }
            if (!embedded) {
                throw new IllegalStateException("flink-softmax: " + restore, e);
            }
            System.err.println("flink-softmax: " + restore);
            System.exit(1);
            return;
        }
        if (summary != null) {
            System.out.print(BoundedRun.render(summary, options));
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
            List<Path> skipped = InputFiles.skipped(options.input());
            if (!skipped.isEmpty()) {
                System.err.println(
                        "flink-softmax: skipping "
                                + skipped.size()
                                + " file(s) under --input whose names start with '.' or '_': "
                                + skipped.stream()
                                        .limit(10)
                                        .map(Path::toString)
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
