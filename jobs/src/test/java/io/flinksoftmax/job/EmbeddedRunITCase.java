package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.options.JobOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the README's run command does: the shipped samples, config and options. */
class EmbeddedRunITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    @TempDir Path dir;

    @Test
    void scoresTheShippedSamplesAndMeetsEveryReasonCode() throws Exception {
        Path output = dir.resolve("out");
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config", "../config/scoring.yaml",
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
        // Every reason that events can cause; internal_error takes a bug, invalid_policy a
        // control input, unreadable_input a damaged file.
        assertThat(summary.deadLettersByReason().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Reason.values())
                                .filter(reason -> reason != Reason.INTERNAL_ERROR)
                                .filter(reason -> reason != Reason.INVALID_POLICY)
                                .filter(reason -> reason != Reason.UNREADABLE_INPUT)
                                // Per-candidate records are in candidates.jsonl (AssemblyITCase).
                                .filter(reason -> !AssemblyITCase.ASSEMBLY_REASONS.contains(reason))
                                .map(Reason::code)
                                .toList());
        assertThat(ResultFiles.countLines(output.resolve(FileConnectors.DECISIONS_DIR)))
                .isEqualTo(summary.decisions());
        assertThat(ResultFiles.countLines(output.resolve(FileConnectors.DEAD_LETTERS_DIR)))
                .isEqualTo(summary.deadLetters());
        assertThat(summary.render("d/", "l/")).contains("events read").contains("events/s");

        // A second run into the same folder must not mix results silently.
        assertThatThrownBy(() -> OutputFolder.prepare(options.output(), options.overwrite()))
                .hasMessageContaining("pass --overwrite");
        JobOptions overwrite =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config",
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

    /**
     * The README's control-input demo: the shipped policy updates with the samples. In a batch run
     * every document is applied before the events, so all decisions carry the last valid version;
     * the stale and the refused ones are counted, and each refused one is a dead letter.
     */
    @Test
    void appliesTheShippedPolicyUpdatesAndRefusesTheBadOnes() throws Exception {
        Path output = dir.resolve("with-updates");
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config", "../config/scoring.yaml",
                            "--input", "../config/samples/events.jsonl",
                            "--policy-updates", "../config/samples/policy-updates.jsonl",
                            "--output", output.toString(),
                            "--parallelism", "2"
                        });
        RunSummary summary =
                BoundedRun.run(
                        options, StreamExecutionEnvironment.getExecutionEnvironment(), false);

        assertThat(summary.balanced()).isTrue();
        assertThat(summary.policyUpdates()).isEqualTo(new RunSummary.PolicyUpdates(2, 1, 2));
        assertThat(summary.render("d/", "l/")).contains("applied 2, ignored as stale 1, refused 2");
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> decisions = readAll(output.resolve(FileConnectors.DECISIONS_DIR), mapper);
        assertThat(decisions).hasSize((int) summary.decisions());
        assertThat(decisions)
                .allSatisfy(d -> assertThat(d.get("policy_version").asLong()).isEqualTo(2));
        // feed explores in version 2: its propensities are below 1.
        assertThat(decisions)
                .filteredOn(d -> d.get("policy").asText().equals("feed"))
                .isNotEmpty()
                .anySatisfy(
                        d -> assertThat(d.get("ranking_propensity").asDouble()).isLessThan(1.0));
        List<JsonNode> letters = readAll(output.resolve(FileConnectors.DEAD_LETTERS_DIR), mapper);
        assertThat(letters)
                .filteredOn(l -> l.get("reason").asText().equals("invalid_policy"))
                .extracting(l -> l.get("message").asText())
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("temperature must be a finite number > 0"))
                .anySatisfy(m -> assertThat(m).contains("'limits' cannot change"));
        assertThat(letters.size()).isEqualTo(summary.deadLetters() + 2);
        // The summary counts what the folder holds, and says what it is made of.
        assertThat((long) letters.size()).isEqualTo(summary.deadLetterRecords());
        assertThat(summary.render("d/", "l/"))
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "dead-letter records %,5d  -> l/: events %,d, policy documents 2,"
                                        + " feedback 0",
                                letters.size(),
                                summary.deadLetters()));
    }

    /**
     * The README's feedback demo, checked against an offline computation: attribution and the
     * metrics recomputed here from the decisions the run wrote and the feedback file must equal the
     * calibration records; the honest models must look calibrated and the dishonest ones not
     * (FeedbackSamples draws the outcomes from known probabilities, with a fixed seed).
     */
    @Test
    void calibratesTheSampleFeedbackAsAnOfflineComputationDoes() throws Exception {
        Path output = dir.resolve("with-feedback");
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config", "../config/scoring.yaml",
                            "--input", "../config/samples/events.jsonl",
                            "--feedback", "../config/samples/feedback.jsonl",
                            "--output", output.toString(),
                            "--parallelism", "2"
                        });
        RunSummary summary =
                BoundedRun.run(
                        options, StreamExecutionEnvironment.getExecutionEnvironment(), false);
        assertThat(summary.balanced()).isTrue();
        assertThat(summary.feedback())
                .containsEntry("dead letters", 4L)
                .containsEntry("unknown id", 5L)
                .containsKey("late")
                .containsKey("attributed");
        assertThat(ResultFiles.countLines(output.resolve(FileConnectors.DEAD_LETTERS_DIR)))
                .as("the dead-letter folder: events' and feedback's")
                .isEqualTo(summary.deadLetterRecords())
                .isEqualTo(summary.deadLetters() + 4);

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> decisions = readAll(output.resolve(FileConnectors.DECISIONS_DIR), mapper);
        Map<String, OfflineCalibration.Expected> offline =
                OfflineCalibration.of(
                        decisions,
                        Files.readAllLines(Path.of("../config/samples/feedback.jsonl")),
                        options.feedback().attributionWindow().toMillis(),
                        options.scoring(),
                        // One sample is deliberately not UTF-8: decoded with replacement.
                        new String(
                                        Files.readAllBytes(
                                                Path.of("../config/samples/events.jsonl")),
                                        StandardCharsets.UTF_8)
                                .lines()
                                .toList());
        assertThat(offline.get("label/mnist-cnn/default").meanLoss())
                .as("mean_loss compared end to end")
                .isFinite();
        OfflineCalibration.assertMatches(
                readAll(output.resolve(FileConnectors.CALIBRATION_DIR), mapper), offline);
        // Sigmoid (the sidebar): observed clicks / predicted clicks near 1 for the honest models,
        // near 0.5 for the one that predicts twice what happens. Softmax choices: a sharper model
        // than the truth has the larger calibration error. Classes: the same.
        assertThat(ratio(offline.get("click/ctr-v12/sidebar"))).isBetween(0.8, 1.2);
        assertThat(ratio(offline.get("click/rec-2026.11/sidebar"))).isBetween(0.8, 1.2);
        assertThat(ratio(offline.get("click/ctr-v13/sidebar"))).isBetween(0.4, 0.7);
        assertThat(choiceLogLoss(offline, "ctr-v13"))
                .isGreaterThan(choiceLogLoss(offline, "ctr-v12"))
                .isGreaterThan(choiceLogLoss(offline, "rec-2026.11"));
        assertThat(offline.get("label/mnist-cnn/default").ece()).isLessThan(0.1);
        assertThat(offline.get("label/resnet50-imagenet/default").ece()).isGreaterThan(0.12);
        long withoutTs = decisions.stream().filter(d -> d.get("event_ts").isNull()).count();
        assertThat(summary.attribution().getOrDefault("decisions without ts", 0L))
                .isEqualTo(withoutTs);
        long closed =
                summary.attribution().entrySet().stream()
                        .filter(
                                e ->
                                        !List.of(
                                                        "decisions without ts",
                                                        "late decision",
                                                        "late outcomes")
                                                .contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        assertThat(closed)
                .as(
                        "every decision with a ts closed once, one way or another: %s",
                        summary.attribution())
                .isEqualTo(summary.decisions() - withoutTs);
        assertThat(summary.attribution()).containsKeys("calibrated", "no click");
        assertThat(BoundedRun.render(summary, options)).contains("calibration").contains("ctr-v13");
    }

    /** Mean log loss of a model's choices over every softmax placement. */
    private static double choiceLogLoss(
            Map<String, OfflineCalibration.Expected> offline, String model) {
        double loss = 0;
        long n = 0;
        for (Map.Entry<String, OfflineCalibration.Expected> e : offline.entrySet()) {
            if (e.getKey().startsWith("choice/" + model + "/")) {
                loss += e.getValue().meanLoss() * e.getValue().count();
                n += e.getValue().count();
            }
        }
        return loss / n;
    }

    private static double ratio(OfflineCalibration.Expected e) {
        return e.positives() / e.sumP();
    }

    private static List<JsonNode> readAll(Path folder, ObjectMapper mapper) throws IOException {
        List<JsonNode> out = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    out.add(mapper.readTree(line));
                }
            }
        }
        return out;
    }
}
