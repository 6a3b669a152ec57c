package io.flinksoftmax.job;

import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.file.InputFiles;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import io.flinksoftmax.job.kafka.KafkaPreflight;
import io.flinksoftmax.operator.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the scoring job from files or Kafka to files or Kafka: embedded on a local MiniCluster when
 * started with {@code java -jar}, or on a cluster when submitted with {@code flink run}. Prints a
 * summary when a bounded (file) input is done.
 *
 * <pre>{@code
 * java -jar jobs/target/flink-softmax.jar --input events.jsonl --output out/
 * java -jar jobs/target/flink-softmax.jar --source kafka --bootstrap-servers localhost:9092
 * }</pre>
 */
public final class ScoringJobMain {

    /**
     * Restarts of a streaming job before it fails for good: with backoff from 1 s doubling to 1
     * min, ten attempts take about five minutes; a job that runs an hour without failing starts
     * counting afresh.
     */
    static final int MAX_RESTARTS = 10;

    /** The longest wait between two restarts. */
    static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(1);

    private ScoringJobMain() {}

    public static void main(String[] args) throws Exception {
        if (JobOptions.wantsHelp(args)) {
            System.out.println(JobOptions.USAGE);
            return;
        }
        JobOptions options;
        try {
            options = JobOptions.parse(args);
            prepareOutput(options);
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
                        options.brokerTimeout());
            }
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
                        streaming ? streamingConfiguration(options) : new Configuration());
        RunSummary summary =
                embedded && !options.quiet() ? runWithProgress(options, env) : run(options, env);
        if (summary != null && options.sink() == Endpoint.FILE) {
            System.out.print(
                    summary.render(
                            options.output().resolve(FileConnectors.DECISIONS_DIR) + "/",
                            options.output().resolve(FileConnectors.DEAD_LETTERS_DIR) + "/"));
        } else if (summary != null) {
            System.out.print(
                    summary.render(
                            "topic " + options.kafka().outputTopic(),
                            "topic " + options.kafka().deadLetterTopic()));
        }
    }

    /**
     * Restarts for a streaming job: exponential backoff (1 s to 1 min), {@link #MAX_RESTARTS}
     * attempts, then the job fails (and an embedded run exits) instead of restarting forever on the
     * same failure.
     */
    static Configuration boundedRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                MAX_RESTART_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, MAX_RESTARTS);
        return conf;
    }

    /**
     * Settings of a streaming job: {@link #boundedRestarts()}, and with {@code --checkpoint-dir}
     * the deployment's checkpoint folder and the checkpoint to resume from. An embedded run holds
     * the deployment's instance lock before calling this (it prunes old checkpoints).
     */
    static Configuration streamingConfiguration(JobOptions options) {
        Configuration conf = boundedRestarts();
        if (options.checkpointDir() != null) {
            conf.addAll(
                    CheckpointResume.configuration(
                            options.checkpointDir().resolve(options.deploymentName())));
        }
        return conf;
    }

    /**
     * Builds and runs the job in {@code env} (a file output folder must be prepared). A file source
     * is bounded and runs as a batch job; a Kafka source runs until cancelled, with checkpoints
     * that commit offsets and, exactly-once, the sinks' transactions.
     *
     * @return the summary of a bounded run, or {@code null} when the job was submitted detached
     */
    static RunSummary run(JobOptions options, StreamExecutionEnvironment env) throws Exception {
        return run(options, env, source(options));
    }

    /**
     * {@link #run(JobOptions, StreamExecutionEnvironment)} for an embedded bounded run, with a
     * {@link Progress} line on stderr every {@link Progress#EVERY} while it runs.
     */
    static RunSummary runWithProgress(JobOptions options, StreamExecutionEnvironment env)
            throws Exception {
        build(options, env, source(options));
        long start = System.nanoTime();
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

    /** {@link #run(JobOptions, StreamExecutionEnvironment)} with a given source (tests). */
    static RunSummary run(
            JobOptions options, StreamExecutionEnvironment env, Source<RawEvent, ?, ?> source)
            throws Exception {
        build(options, env, source);
        long start = System.nanoTime();
        JobExecutionResult result = env.execute(options.name());
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return result.isJobExecutionResult()
                ? RunSummary.fromAccumulators(result.getAllAccumulatorResults(), wall)
                : null;
    }

    /** Configures {@code env} for the options' endpoints and adds the job graph to it. */
    static void build(
            JobOptions options, StreamExecutionEnvironment env, Source<RawEvent, ?, ?> source) {
        configure(options, env);
        ScoringJob.build(
                env,
                source,
                options.sink() == Endpoint.FILE
                        ? FileConnectors.decisions(options.output())
                        : KafkaConnectors.decisionSink(options.kafka()),
                options.sink() == Endpoint.FILE
                        ? FileConnectors.deadLetters(options.output())
                        : KafkaConnectors.deadLetterSink(options.kafka()),
                options.scoring());
    }

    /** Execution settings for the job's endpoints: batch for files, checkpoints for Kafka. */
    static void configure(JobOptions options, StreamExecutionEnvironment env) {
        boolean bounded = options.source() == Endpoint.FILE;
        env.setRuntimeMode(bounded ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        if (!bounded) {
            // At-least-once output needs no barrier alignment: it pays for what it gets.
            CheckpointingMode mode =
                    options.sink() == Endpoint.KAFKA
                                    && options.kafka().deliveryGuarantee()
                                            == DeliveryGuarantee.AT_LEAST_ONCE
                            ? CheckpointingMode.AT_LEAST_ONCE
                            : CheckpointingMode.EXACTLY_ONCE;
            env.enableCheckpointing(options.checkpointInterval().toMillis(), mode);
            env.getCheckpointConfig().setCheckpointTimeout(options.checkpointTimeout().toMillis());
        }
        // Our operators neither keep nor mutate records they have emitted, so chained operators
        // may hand objects over without a defensive copy.
        env.getConfig().enableObjectReuse();
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
    }

    static Source<RawEvent, ?, ?> source(JobOptions options) {
        if (options.source() == Endpoint.KAFKA) {
            return KafkaConnectors.source(options.kafka()).build();
        }
        // Longer lines are payload_too_large: the reader keeps only their size.
        return FileConnectors.jsonLines(
                options.input(), options.scoring().limits().maxPayloadBytes());
    }

    /**
     * Refuses to mix results with those of an earlier run, unless asked to replace them: part file
     * names are unique per run, so old files would silently stay beside the new ones.
     */
    static void prepareOutput(JobOptions options) {
        if (options.sink() != Endpoint.FILE) {
            return;
        }
        for (String dir :
                new String[] {FileConnectors.DECISIONS_DIR, FileConnectors.DEAD_LETTERS_DIR}) {
            Path path = options.output().resolve(dir);
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new IllegalArgumentException(
                        path + " is a file; remove it, or choose another --output");
            }
            if (isNonEmptyDirectory(path)) {
                if (!options.overwrite()) {
                    throw new IllegalArgumentException(
                            path
                                    + " holds results of an earlier run; pass --overwrite to"
                                    + " replace them, or choose another --output");
                }
                deleteRecursively(path);
            }
            // Both folders exist after a run, even when one stays empty: the summary names them.
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create " + path + ": " + e, e);
            }
        }
    }

    private static boolean isNonEmptyDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
    }
}
