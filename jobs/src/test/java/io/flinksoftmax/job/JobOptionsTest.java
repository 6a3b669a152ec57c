package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

    @TempDir Path dir;
    private Path config;
    private Path input;

    @BeforeEach
    void writeFiles() throws IOException {
        input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        config =
                Files.writeString(
                        dir.resolve("scoring.yaml"),
                        "policies:\n  default: {}\njob:\n  input: "
                                + input
                                + "\n  output: "
                                + dir.resolve("from-file")
                                + "\n  parallelism: 3\n");
    }

    @Test
    void readsTheJobSectionOfTheConfigFile() {
        JobOptions options = JobOptions.parse(new String[] {"--config", config.toString()});
        assertThat(options.input()).isEqualTo(input);
        assertThat(options.output()).isEqualTo(dir.resolve("from-file"));
        assertThat(options.parallelism()).isEqualTo(3);
        assertThat(options.overwrite()).isFalse();
        assertThat(options.scoring().policyFor(null).name()).isEqualTo("default");
    }

    @Test
    void commandLineOverridesTheFileInBothSpellings() {
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--config",
                            config.toString(),
                            "--output=" + dir.resolve("cli"),
                            "--parallelism",
                            "1",
                            "--overwrite"
                        });
        assertThat(options.output()).isEqualTo(dir.resolve("cli"));
        assertThat(options.parallelism()).isEqualTo(1);
        assertThat(options.overwrite()).isTrue();
    }

    @Test
    void shippedDefaultsWorkFromTheProjectRoot() {
        // The README's run command relies on these defaults (run from the repository root).
        assertThat(Path.of("..", JobOptions.DEFAULT_CONFIG)).isRegularFile();
        assertThat(Path.of("..", JobOptions.DEFAULT_INPUT)).isRegularFile();
    }

    @Test
    void failsAtStartWithMessagesThatSayWhatToFix() {
        String c = config.toString();
        assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--config", c, "--paralelism", "2"}))
                .hasMessageContaining("unknown option --paralelism")
                .hasMessageContaining("--parallelism <n>");
        assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--config", c, "--parallelism", "0"}))
                .hasMessageContaining("--parallelism must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--config", c, "--input", "nope"}))
                .hasMessageContaining("--input nope does not exist");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--config", c, "--overwrite", "maybe"}))
                .hasMessageContaining("--overwrite must be true or false");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--config", "missing.yaml"}))
                .hasMessageContaining("--config missing.yaml does not exist");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--config", c, "--output", input.toString()}))
                .hasMessageContaining("is a file");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--config", c, "stray"}))
                .hasMessageContaining("cannot read the command line");
    }

    @Test
    void rejectsABadConfigFileNamingIt() throws IOException {
        Path bad =
                Files.writeString(
                        dir.resolve("bad.yaml"), "policies:\n  default:\n    slots: -1\n");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--config", bad.toString()}))
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("slots must be >= 0");
        Path badJob =
                Files.writeString(
                        dir.resolve("job.yaml"), "policies:\n  default: {}\njob:\n  inptu: x\n");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--config", badJob.toString()}))
                .hasMessageContaining("unknown key 'job.inptu'");
    }
}
