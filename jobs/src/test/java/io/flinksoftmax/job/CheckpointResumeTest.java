package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.job.options.JobOptions;
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
        Configuration conf = CheckpointResume.configuration(dir, false);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(dir.toUri().toString());
        assertThat(conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void resumesFromTheNewestCompleteCheckpointOfAnEarlierRun() throws IOException {
        Path older = checkpoint("job-a", "chk-7", Instant.parse("2026-11-27T10:00:00Z"));
        Path newer = checkpoint("job-b", "chk-3", Instant.parse("2026-11-27T11:00:00Z"));
        // A checkpoint still being written has no _metadata and must be ignored.
        Files.createDirectories(dir.resolve("job-b/chk-4"));
        Files.createDirectories(dir.resolve("job-b/shared"));
        Files.writeString(dir.resolve("instance.lock"), "pid 1");

        assertThat(CheckpointResume.latest(dir)).contains(newer);
        assertThat(
                        CheckpointResume.configuration(dir, false)
                                .get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newer.toUri().toString());
        assertThat(older).exists();
    }

    @Test
    void keepsOnlyTheNewestRunsFolders() throws IOException {
        for (int run = 0; run < 6; run++) {
            checkpoint(
                    "job-" + run, "chk-1", Instant.parse("2026-11-27T10:00:00Z").plusSeconds(run));
        }
        CheckpointResume.configuration(dir, false);
        assertThat(dir.resolve("job-5")).exists();
        assertThat(dir.resolve("job-4")).exists();
        assertThat(dir.resolve("job-3")).exists();
        assertThat(dir.resolve("job-2")).doesNotExist();
        assertThat(dir.resolve("job-0")).doesNotExist();
        assertThat(CheckpointResume.latest(dir)).contains(dir.resolve("job-5/chk-1"));
    }

    /**
     * Issue 23: a supervisor restarting a job that cannot reach Kafka leaves run folders without a
     * checkpoint, each newer than the last good run; pruning must never take the good run.
     */
    @Test
    void failedStartsNeverPruneTheRunWithTheNewestCheckpoint() throws IOException {
        Path good = checkpoint("job-good", "chk-9", Instant.parse("2026-11-27T10:00:00Z"));
        for (int start = 0; start < 5; start++) {
            Path failed = Files.createDirectories(dir.resolve("job-failed-" + start));
            Files.setLastModifiedTime(
                    failed,
                    FileTime.from(Instant.parse("2026-11-27T11:00:00Z").plusSeconds(start)));
            CheckpointResume.configuration(dir, false);
        }
        assertThat(good).exists();
        assertThat(CheckpointResume.latest(dir)).contains(good);
        assertThat(
                        CheckpointResume.configuration(dir, false)
                                .get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(good.toUri().toString());
    }

    @Test
    void allowNonRestoredStateGoesWithTheRestore() throws IOException {
        checkpoint("job-a", "chk-1", Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(
                        CheckpointResume.configuration(dir, true)
                                .get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE))
                .isTrue();
        assertThat(
                        CheckpointResume.configuration(dir, false)
                                .get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE))
                .isFalse();
    }

    @Test
    void deploymentsHaveTheirOwnFolders() {
        JobOptions a = kafka("--group-id", "a");
        JobOptions b = kafka("--group-id", "b");
        assertThat(a.deploymentName()).isNotEqualTo(b.deploymentName());
        assertThat(a.deploymentName()).startsWith("a_scores_decisions_dead-letters-");
        assertThat(a.deploymentName()).isEqualTo(kafka("--group-id", "a").deploymentName());
        // Prefixes that read alike as folder names still get different folders.
        assertThat(kafka("--transactional-id-prefix", "x/y").deploymentName())
                .isNotEqualTo(kafka("--transactional-id-prefix", "x_y").deploymentName());
    }

    private static JobOptions kafka(String... extra) {
        String[] base = {"--scoring-config", "../config/scoring.yaml", "--source", "kafka"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return JobOptions.parse(args);
    }

    private Path checkpoint(String job, String name, Instant completed) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(job).resolve(name));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(completed));
        return chk;
    }
}
