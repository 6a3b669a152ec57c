package io.flinksoftmax.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Keeps checkpoints in {@code --checkpoint-dir} and resumes from the newest one of the same
 * deployment. Layout: {@code <dir>/<deployment>/<job id>/chk-<n>/_metadata}, where {@code
 * <deployment>} is {@link JobOptions#deploymentName()}: jobs that share a checkpoint dir but not
 * their identity never resume from each other's checkpoints, and the instance lock ({@link
 * io.flinksoftmax.job.embedded.InstanceLock}, in the same folder) keeps a second copy of the same
 * deployment from starting. Flink keeps a checkpoint when the job is cancelled or its process dies,
 * so a restarted run continues where the last one stopped (offsets, open transactions). Of earlier
 * runs' folders, the newest {@value #KEEP_RUNS} are kept; older ones are deleted at start.
 */
final class CheckpointResume {

    /** Earlier runs whose checkpoints are kept: the one resumed from, and two to fall back on. */
    static final int KEEP_RUNS = 3;

    private CheckpointResume() {}

    /**
     * Flink settings that keep checkpoints in {@code deploymentDir} and restore the newest, if any
     * (dropping state no operator claims only when {@code allowNonRestoredState}); prunes old runs
     * first. The caller holds the deployment's {@link io.flinksoftmax.job.embedded.InstanceLock}.
     */
    static Configuration configuration(Path deploymentDir, boolean allowNonRestoredState) {
        prune(deploymentDir);
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                deploymentDir.toAbsolutePath().toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        latest(deploymentDir)
                .ifPresent(
                        checkpoint -> {
                            conf.set(
                                    StateRecoveryOptions.SAVEPOINT_PATH,
                                    checkpoint.toUri().toString());
                            conf.set(
                                    StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE,
                                    allowNonRestoredState);
                        });
        return conf;
    }

    /** The newest complete checkpoint under {@code dir}, if there is one. */
    static Optional<Path> latest(Path dir) {
        return runs(dir).stream().map(Run::newest).flatMap(Optional::stream).findFirst();
    }

    /**
     * Deletes all but {@link #KEEP_RUNS} run folders: runs with a complete checkpoint come first,
     * newest checkpoint first, then runs without one (a start that never checkpointed, e.g. one
     * that could not reach Kafka), newest folder first. So no number of failed starts can prune
     * away the run that holds the newest complete checkpoint.
     */
    static void prune(Path dir) {
        List<Run> runs =
                runs(dir).stream()
                        .sorted(
                                Comparator.comparing((Run r) -> r.newest().isEmpty())
                                        .thenComparing(Run::time, Comparator.reverseOrder()))
                        .toList();
        for (Run old : runs.subList(Math.min(KEEP_RUNS, runs.size()), runs.size())) {
            try (Stream<Path> walk = Files.walk(old.folder())) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the old checkpoints " + old, e);
            }
        }
    }

    /** One earlier run's folder and its newest complete checkpoint. */
    private record Run(Path folder, Optional<Path> newest, FileTime time) {}

    /** Run folders under {@code dir}, newest first; a run without a checkpoint by folder time. */
    private static List<Run> runs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .map(CheckpointResume::run)
                    .sorted(Comparator.comparing(Run::time).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --checkpoint-dir " + dir, e);
        }
    }

    private static Run run(Path jobDir) {
        Optional<Path> newest =
                completeCheckpoints(jobDir)
                        .max(Comparator.comparing(CheckpointResume::completedAt));
        FileTime time = newest.map(CheckpointResume::completedAt).orElseGet(() -> modified(jobDir));
        return new Run(jobDir, newest, time);
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
        return modified(checkpoint.resolve("_metadata"));
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
