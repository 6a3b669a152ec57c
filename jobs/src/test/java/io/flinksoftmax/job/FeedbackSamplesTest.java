package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.fixtures.FeedbackSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FeedbackSamplesTest {

    @Test
    void theCommittedFeedbackIsWhatTheGeneratorWrites() throws IOException {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        FeedbackSamples.write(SampleFile.PATH, Path.of("../config/scoring.yaml"), generated);
        // On failure: regenerate as the README's "Regenerating the samples" says.
        assertThat(Files.readAllBytes(Path.of("../config/samples/feedback.jsonl")))
                .as("config/samples/feedback.jsonl")
                .isEqualTo(generated.toByteArray());
    }
}
