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

    private static final String PART = "decisions-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-0.jsonl";

    @Test
    void overwriteDeletesOnlyTheJobsOwnPartFiles() throws IOException {
        Path output = dir.resolve("out");
        Path decisions = Files.createDirectories(output.resolve(FileConnectors.DECISIONS_DIR));
        Files.writeString(decisions.resolve(PART), "{}");
        Files.writeString(
                decisions.resolve(
                        ".decisions-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-1.jsonl.inprogress."
                                + "11111111-2222-3333-4444-555555555555"),
                "{}");
        Path letters = Files.createDirectories(output.resolve(FileConnectors.DEAD_LETTERS_DIR));
        Files.writeString(
                letters.resolve("dead-letters-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-3.jsonl"), "{}");
        OutputFolder.prepare(output, true);
        assertThat(decisions).isEmptyDirectory();
        assertThat(letters).isEmptyDirectory();
    }

    /** Issue 22: a user's file in a result folder survives, and nothing is deleted then. */
    @Test
    void overwriteRefusesAndDeletesNothingWhenAFolderHoldsOtherFiles() throws IOException {
        Path output = dir.resolve("out");
        Path decisions = Files.createDirectories(output.resolve(FileConnectors.DECISIONS_DIR));
        Path part = Files.writeString(decisions.resolve(PART), "{}");
        Path mine = Files.writeString(decisions.resolve("events.jsonl"), "{\"id\":\"1\"}");
        // A dead-letters part file in decisions/ is not a part file of that folder.
        Path misplaced =
                Files.writeString(
                        decisions.resolve(
                                "dead-letters-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-0.jsonl"),
                        "x");
        Files.createDirectories(decisions.resolve("sub"));
        Path letters = Files.createDirectories(output.resolve(FileConnectors.DEAD_LETTERS_DIR));
        Path letter =
                Files.writeString(
                        letters.resolve(
                                "dead-letters-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-3.jsonl"),
                        "{}");
        assertThatThrownBy(() -> OutputFolder.prepare(output, true))
                .hasMessageContaining("holds 3 file(s) this job did not write")
                .hasMessageContaining("move them, or choose another --output");
        assertThat(mine).exists();
        assertThat(misplaced).exists();
        assertThat(part).exists();
        assertThat(letter).exists();
    }

    @Test
    void refusesAResultFolderThatIsALink() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path output = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(output.resolve(FileConnectors.DECISIONS_DIR), elsewhere);
        assertThatThrownBy(() -> OutputFolder.prepare(output, true))
                .hasMessageContaining("is a link");
    }

    @Test
    void refusesAnInputInOrAroundTheOutput() throws IOException {
        Path output = dir.resolve("out");
        Path input = Files.createDirectories(output.resolve(FileConnectors.DECISIONS_DIR));
        Path events = Files.writeString(input.resolve("events.jsonl"), "{}");
        assertThatThrownBy(() -> OutputFolder.overlap("--input", events, output))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> OutputFolder.overlap("--input", dir, output))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> OutputFolder.overlap("--input", output, output))
                .hasMessageContaining("overlap");
        // Through a link to the output folder, and spelled with ..
        Path link = Files.createSymbolicLink(dir.resolve("link"), output);
        assertThatThrownBy(
                        () ->
                                OutputFolder.overlap(
                                        "--input", link.resolve("decisions/events.jsonl"), output))
                .hasMessageContaining("overlap");
        assertThatThrownBy(
                        () ->
                                OutputFolder.overlap(
                                        "--input", output.resolve("x/../decisions"), output))
                .hasMessageContaining("overlap");
        // Siblings do not overlap, nor does a name that only starts alike.
        Path beside = Files.writeString(dir.resolve("events.jsonl"), "{}");
        OutputFolder.overlap("--input", beside, output);
        OutputFolder.overlap("--input", Files.createDirectories(dir.resolve("out2")), output);
        assertThat(events).exists();
    }
}
