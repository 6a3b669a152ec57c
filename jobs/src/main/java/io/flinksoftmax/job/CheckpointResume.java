package io.flinksoftmax.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Keeps checkpoints in {@code --checkpoint-dir} and resumes from the newest one: Flink writes
 * {@code <dir>/<job id>/chk-<n>/_metadata} once a checkpoint is complete, and keeps it when the job
 * is cancelled or its process dies, so a restarted embedded run continues where the last one
 * stopped (offsets, open transactions) instead of starting over.
 */
final class CheckpointResume {

    private CheckpointResume() {}

    /** Flink settings that keep checkpoints in {@code dir} and restore the newest, if any. */
    static Configuration configuration(Path dir) {
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.toAbsolutePath().toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        latest(dir)
                .ifPresent(
                        checkpoint ->
                                conf.set(
                                        StateRecoveryOptions.SAVEPOINT_PATH,
                                        checkpoint.toUri().toString()));
        return conf;
    }

    /** The newest complete checkpoint under {@code dir}, if there is one. */
    static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(CheckpointResume::completeCheckpoints)
                    .max(Comparator.comparing(CheckpointResume::completedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --checkpoint-dir " + dir, e);
        }
    }

    private static Stream<Path> completeCheckpoints(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
