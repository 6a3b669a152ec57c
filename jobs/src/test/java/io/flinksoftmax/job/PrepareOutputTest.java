package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.file.FileConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareOutputTest {

    @TempDir Path dir;

    @Test
    void createsBothFoldersSoTheSummaryNeverPointsAtNothing() {
        Path output = dir.resolve("out");
        ScoringJobMain.prepareOutput(options(output, false));
        assertThat(output.resolve(FileConnectors.DECISIONS_DIR)).isEmptyDirectory();
        assertThat(output.resolve(FileConnectors.DEAD_LETTERS_DIR)).isEmptyDirectory();
        // Empty folders are no earlier results: a second run needs no --overwrite.
        ScoringJobMain.prepareOutput(options(output, false));
    }

    @Test
    void refusesAFileWhereAFolderMustGo() throws IOException {
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.writeString(output.resolve(FileConnectors.DECISIONS_DIR), "x");
        assertThatThrownBy(() -> ScoringJobMain.prepareOutput(options(output, true)))
                .hasMessageContaining("decisions is a file; remove it, or choose another --output");
    }

    private static JobOptions options(Path output, boolean overwrite) {
        return JobOptions.parse(
                new String[] {
                    "--config",
                    "../config/scoring.yaml",
                    "--input",
                    "../config/samples/events.jsonl",
                    "--output",
                    output.toString(),
                    "--overwrite",
                    Boolean.toString(overwrite)
                });
    }
}
