package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.fixtures.SamplesFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SamplesFileTest {

    @Test
    void theCommittedSamplesAreWhatTheGeneratorWrites() throws IOException {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        SamplesFile.write(generated);
        // On failure: regenerate as the README's "Regenerating the samples" says.
        assertThat(Files.readAllBytes(SampleFile.PATH))
                .as("config/samples/events.jsonl")
                .isEqualTo(generated.toByteArray());
    }
}
