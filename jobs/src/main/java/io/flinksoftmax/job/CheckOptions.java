package io.flinksoftmax.job;

import io.flinksoftmax.job.options.JobOptions;
import org.apache.flink.annotation.Internal;

/**
 * Reads a job command line as the job will, without running anything: {@code
 * scripts/flink-cluster.sh submit} calls it before it uploads the jar, so that a mistyped option is
 * refused on the client with the job's own message. Exits 0 when the options are valid, {@value
 * ScoringJobMain#EXIT_USAGE} (with the message on stderr) when not. A launcher of its own process,
 * so it may exit the JVM; the job's {@code main} never does on a cluster.
 *
 * <pre>{@code
 * java -cp "jobs/target/flink-softmax.jar:jobs/target/lib/*" io.flinksoftmax.job.CheckOptions \
 *     --source kafka --bootstrap-servers localhost:9092
 * }</pre>
 */
@Internal
public final class CheckOptions {

    private CheckOptions() {}

    public static void main(String[] args) {
        try {
            JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flink-softmax: " + e.getMessage());
            System.exit(ScoringJobMain.EXIT_USAGE);
        }
    }
}
