package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded Kafka run without {@code --checkpoint-dir} whose state is far above the 5 MB that
 * Flink's default checkpoint storage (the JobManager's memory) accepts: 8,000 open requests of 9
 * candidates. It checkpoints into a temporary folder, and the folder is gone when the process ends.
 * A real process of the built jar against a real broker.
 */
@ExtendWith(KafkaBroker.class)
class EmbeddedCheckpointsITCase {

    private static final Path JAR = Path.of("target/flink-softmax.jar");
    private static final long FIVE_MB = 5L << 20;

    @TempDir Path dir;

    @Test
    void aRunWithoutACheckpointFolderCheckpointsLargeStateAndCleansUp() throws Exception {
        JobTopics t = JobTopics.create(1);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 8_000; r++) {
            for (int k = 0; k < 9; k++) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "{\"kind\":\"candidate_score\",\"request\":\"req-%d\","
                                        + "\"candidate\":\"ad-%d-%d\",\"score\":%d.25,\"bid\":1.5,"
                                        + "\"expected\":10,\"placement\":\"feed\","
                                        + "\"model\":\"ctr-v12\"}",
                                r,
                                r,
                                k,
                                k));
            }
        }
        KafkaTopics.produceLines(KafkaBroker.bootstrapServers(), t.input(), lines);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("run.log");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                ProcessHandle.current()
                                        .info()
                                        .command()
                                        .orElse(System.getProperty("java.home") + "/bin/java"),
                                "-Xmx512m",
                                "-Djava.io.tmpdir=" + tmp,
                                "-jar",
                                JAR.toString()));
        command.addAll(
                t.args(
                        "--delivery-guarantee", "at-least-once",
                        "--checkpoint-interval", "1s",
                        "--assembly-timeout", "1h",
                        "--assembly-memory", "1h",
                        "--parallelism", "1"));
        Process run =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .directory(new File("."))
                        .start();
        Path scratch;
        try {
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!bigCheckpointIn(tmp)) {
                assertThat(run.isAlive())
                        .as("the run is alive; it printed:%n%s", read(log))
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("a checkpoint above 5 MB in time; the run printed:%n%s", read(log))
                        .isLessThan(end);
                Thread.sleep(250);
            }
            scratch = scratchFolder(tmp);
            assertThat(read(log)).contains("in " + scratch + " (deleted at exit");
        } finally {
            run.destroy(); // SIGTERM, as a supervisor stops it
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(scratch).as("the temporary checkpoint folder, after the exit").doesNotExist();
        assertThat(read(log)).doesNotContain("maximum permitted memory-backed state");
    }

    /** Whether a completed checkpoint (its {@code _metadata} written) holds more than 5 MB. */
    private static boolean bigCheckpointIn(Path tmp) throws IOException {
        Path scratch = scratchFolder(tmp);
        if (scratch == null) {
            return false;
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path metadata :
                    files.filter(p -> p.getFileName().toString().equals("_metadata")).toList()) {
                if (size(metadata.getParent()) > FIVE_MB) {
                    return true;
                }
            }
        } catch (UncheckedIOException | IOException e) {
            return false; // a checkpoint subsumed while we looked
        }
        return false;
    }

    private static Path scratchFolder(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(
                            p ->
                                    p.getFileName()
                                            .toString()
                                            .startsWith("flink-softmax-checkpoints-"))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
