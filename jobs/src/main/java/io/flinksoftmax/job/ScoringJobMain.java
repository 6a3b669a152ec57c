package io.flinksoftmax.job;

import io.flinksoftmax.job.file.FileConnectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the scoring job over JSON-lines files: embedded on a local MiniCluster when started with
 * {@code java -jar}, or on a cluster when submitted with {@code flink run}. Prints a summary when
 * the input is done.
 *
 * <pre>{@code
 * java -jar jobs/target/flink-softmax.jar --input events.jsonl --output out/
 * }</pre>
 */
public final class ScoringJobMain {

    private ScoringJobMain() {}

    public static void main(String[] args) throws Exception {
        JobOptions options;
        try {
            options = JobOptions.parse(args);
            prepareOutput(options);
        } catch (IllegalArgumentException e) {
            System.err.println("flink-softmax: " + e.getMessage());
            System.exit(2);
            return;
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RunSummary summary = run(options, env);
        if (summary != null) {
            System.out.print(
                    summary.render(
                            options.output().resolve(FileConnectors.DECISIONS_DIR) + "/",
                            options.output().resolve(FileConnectors.DEAD_LETTERS_DIR) + "/"));
        }
    }

    /**
     * Builds and runs the file job in {@code env} (the output folder must be prepared).
     *
     * @return the summary, or {@code null} when the job was submitted detached (no results)
     */
    static RunSummary run(JobOptions options, StreamExecutionEnvironment env) throws Exception {
        // File input is bounded: batch execution finalizes the output files when input ends.
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // Our operators neither keep nor mutate records they have emitted, so chained operators
        // may hand objects over without a defensive copy.
        env.getConfig().enableObjectReuse();
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
        ScoringJob.build(
                env,
                // Longer lines are payload_too_large: the reader keeps only their size.
                FileConnectors.jsonLines(
                        options.input(), options.scoring().limits().maxPayloadBytes()),
                FileConnectors.decisions(options.output()),
                FileConnectors.deadLetters(options.output()),
                options.scoring());

        long start = System.nanoTime();
        JobExecutionResult result = env.execute("flink-softmax " + options.input());
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return result.isJobExecutionResult()
                ? RunSummary.fromAccumulators(result.getAllAccumulatorResults(), wall)
                : null;
    }

    /**
     * Refuses to mix results with those of an earlier run, unless asked to replace them: part file
     * names are unique per run, so old files would silently stay beside the new ones.
     */
    static void prepareOutput(JobOptions options) {
        for (String dir :
                new String[] {FileConnectors.DECISIONS_DIR, FileConnectors.DEAD_LETTERS_DIR}) {
            Path path = options.output().resolve(dir);
            if (!isNonEmptyDirectory(path)) {
                continue;
            }
            if (!options.overwrite()) {
                throw new IllegalArgumentException(
                        path
                                + " holds results of an earlier run; pass --overwrite to replace"
                                + " them, or choose another --output");
            }
            deleteRecursively(path);
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
