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
 * The command line: runs the scoring job from files or Kafka to files or Kafka, embedded on a local
 * MiniCluster when started with {@code java -jar}, or on a cluster when submitted with {@code flink
 * run}. A wrong option exits with status 2 before anything starts.
 *
 * <pre>{@code
 * java -jar jobs/target/flink-softmax.jar --input events.jsonl --output out/
 * java -jar jobs/target/flink-softmax.jar --source kafka --bootstrap-servers localhost:9092
 * }</pre>
 */
@Internal
public final class ScoringJobMain {

    private ScoringJobMain() {}

    public static void main(String[] args) throws Exception {
        if (JobOptions.wantsHelp(args)) {
            System.out.print(OptionsHelp.usage());
            return;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
            preflight(options);
        } catch (IllegalArgumentException e) {
            System.err.println("flink-softmax: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean streaming = options.source() == Endpoint.KAFKA;
        // A context environment (flink run) is not local: the job runs on a cluster.
        boolean embedded =
                StreamExecutionEnvironment.getExecutionEnvironment()
                        instanceof LocalStreamEnvironment;
        if (streaming && embedded) {
            System.exit(EmbeddedStreamingRun.run(options));
            return;
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        streaming
                                ? JobEnvironment.streamingConfiguration(options)
                                : new Configuration());
        RunSummary summary = BoundedRun.run(options, env, embedded);
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
