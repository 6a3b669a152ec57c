package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {

    @TempDir Path dir;

    @Test
    void startsFreshWithoutCheckpoints() {
        Configuration conf = CheckpointResume.configuration(dir);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(dir.toUri().toString());
        assertThat(conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void resumesFromTheNewestCompleteCheckpointOfAnyEarlierRun() throws IOException {
        Path older = checkpoint("job-a", "chk-7", Instant.parse("2026-11-27T10:00:00Z"));
        Path newer = checkpoint("job-b", "chk-3", Instant.parse("2026-11-27T11:00:00Z"));
        // A checkpoint still being written has no _metadata and must be ignored.
        Files.createDirectories(dir.resolve("job-b/chk-4"));
        Files.createDirectories(dir.resolve("job-b/shared"));

        assertThat(CheckpointResume.latest(dir)).contains(newer);
        assertThat(CheckpointResume.configuration(dir).get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newer.toUri().toString());
        assertThat(older).exists();
    }

    private Path checkpoint(String job, String name, Instant completed) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(job).resolve(name));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(completed));
        return chk;
    }
}
