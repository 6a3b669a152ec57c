package io.flinksoftmax.job.kafka;

import io.flinksoftmax.job.options.JobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh topics for one test on the test broker (so tests never see each other's records), and the
 * job's arguments for them: the part every Kafka test of the job repeats.
 *
 * @param input the input topic, {@code scores-<suffix>}
 * @param output the decisions topic
 * @param deadLetters the dead-letter topic
 * @param suffix what makes this test's names unique (also its group id, {@code test-<suffix>})
 */
public record JobTopics(String input, String output, String deadLetters, String suffix) {

    /** Creates the three topics with {@code partitions} partitions each. */
    public static JobTopics create(int partitions) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JobTopics t =
                new JobTopics(
                        "scores-" + suffix,
                        "decisions-" + suffix,
                        "dead-letters-" + suffix,
                        suffix);
        KafkaTopics.create(
                KafkaBroker.bootstrapServers(), partitions, t.input, t.output, t.deadLetters);
        return t;
    }

    /**
     * The job's command line for these topics, reading from the earliest offset with its own group
     * (hence its own transactional ids), followed by {@code extra}. The config path is absolute, so
     * that a process started elsewhere (a cluster's JobManager) finds it.
     */
    public List<String> args(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--scoring-config",
                                Path.of("../config/scoring.yaml").toAbsolutePath().toString(),
                                "--source",
                                "kafka",
                                "--bootstrap-servers",
                                KafkaBroker.bootstrapServers(),
                                "--input-topic",
                                input,
                                "--output-topic",
                                output,
                                "--dead-letter-topic",
                                deadLetters,
                                "--group-id",
                                "test-" + suffix,
                                "--starting-offsets",
                                "earliest"));
        args.addAll(List.of(extra));
        return args;
    }

    /** {@link #args} parsed, as {@code main} would. */
    public JobOptions options(String... extra) {
        return JobOptions.parse(args(extra).toArray(String[]::new));
    }
}
