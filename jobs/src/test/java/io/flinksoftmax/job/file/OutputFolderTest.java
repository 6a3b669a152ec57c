package io.flinksoftmax.job.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {

    @TempDir Path dir;

    @Test
    void createsBothFoldersSoTheSummaryNeverPointsAtNothing() {
        Path output = dir.resolve("out");
        OutputFolder.prepare(output, false);
        assertThat(output.resolve(FileConnectors.DECISIONS_DIR)).isEmptyDirectory();
        assertThat(output.resolve(FileConnectors.DEAD_LETTERS_DIR)).isEmptyDirectory();
        // Empty folders are no earlier results: a second run needs no --overwrite.
        OutputFolder.prepare(output, false);
    }

    @Test
    void refusesAFileWhereAFolderMustGo() throws IOException {
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.writeString(output.resolve(FileConnectors.DECISIONS_DIR), "x");
        assertThatThrownBy(() -> OutputFolder.prepare(output, true))
                .hasMessageContaining("decisions is a file; remove it, or choose another --output");
    }
}
