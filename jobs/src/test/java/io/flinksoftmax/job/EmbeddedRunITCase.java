package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.options.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the README's run command does: the shipped samples, config and options. */
class EmbeddedRunITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void scoresTheShippedSamplesAndMeetsEveryReasonCode() throws Exception {
        Path output = dir.resolve("out");
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--config", "../config/scoring.yaml",
                            "--input", "../config/samples/events.jsonl",
                            "--output", output.toString(),
                            "--parallelism", "2"
                        });
        RunSummary summary =
                BoundedRun.run(
                        options, StreamExecutionEnvironment.getExecutionEnvironment(), false);

        long records = SampleFile.records().size();
        assertThat(records).isGreaterThanOrEqualTo(1000);
        assertThat(summary.recordsIn()).isEqualTo(records);
        assertThat(summary.balanced()).isTrue();
        // Every reason that input can cause; internal_error takes a bug.
        assertThat(summary.deadLettersByReason().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Reason.values())
                                .filter(reason -> reason != Reason.INTERNAL_ERROR)
                                .map(Reason::code)
                                .toList());
        assertThat(countLines(output.resolve(FileConnectors.DECISIONS_DIR)))
                .isEqualTo(summary.decisions());
        assertThat(countLines(output.resolve(FileConnectors.DEAD_LETTERS_DIR)))
                .isEqualTo(summary.deadLetters());
        assertThat(summary.render("d/", "l/")).contains("events read").contains("events/s");

        // A second run into the same folder must not mix results silently.
        assertThatThrownBy(() -> OutputFolder.prepare(options.output(), options.overwrite()))
                .hasMessageContaining("pass --overwrite");
        JobOptions overwrite =
                JobOptions.parse(
                        new String[] {
                            "--config",
                            "../config/scoring.yaml",
                            "--input",
                            "../config/samples/events.jsonl",
                            "--output",
                            output.toString(),
                            "--overwrite"
                        });
        OutputFolder.prepare(overwrite.output(), overwrite.overwrite());
        assertThat(output.resolve(FileConnectors.DECISIONS_DIR)).isEmptyDirectory();
    }

    private static long countLines(Path folder) throws IOException {
        long count = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    count += lines.count();
                }
            }
        }
        return count;
    }
}
