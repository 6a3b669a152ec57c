package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.fixtures.EvaluationSamples;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EvaluationSamplesTest {

    @Test
    void theCommittedEvaluationSamplesAreWhatTheGeneratorWrites() throws IOException {
        // On failure: regenerate as the README's "Regenerating the samples" says.
        var events = EvaluationSamples.events(2_000);
        assertThat(Files.readAllLines(Path.of("../config/samples/evaluation-events.jsonl")))
                .as("config/samples/evaluation-events.jsonl")
                .isEqualTo(events);
        assertThat(Files.readAllLines(Path.of("../config/samples/evaluation-feedback.jsonl")))
                .as("config/samples/evaluation-feedback.jsonl")
                .isEqualTo(
                        EvaluationSamples.feedback(
                                events,
                                ScoringConfigReader.read(
                                        Path.of("../config/samples/evaluation.yaml"))));
    }
}
