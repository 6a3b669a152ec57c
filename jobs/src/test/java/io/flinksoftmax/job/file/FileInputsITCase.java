package io.flinksoftmax.job.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.job.ResultFiles;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar on a folder a user might really have (issue 22): 10,000 files beside a FIFO, a link
 * to a device, a broken link and a link loop. The run reads every record of the regular files,
 * lists what it skipped and why, and its process ends with status 0 (two non-daemon source threads
 * used to keep it alive after the summary; the FIFO hung it; the device filled the disk; the broken
 * link failed it).
 */
class FileInputsITCase {

    private static final Path JAR = Path.of("target/flink-softmax.jar");
    private static final int FILES = 10_000;

    @TempDir Path dir;

    @Test
    void aFolderOfTenThousandFilesAndHostileEntriesRunsToTheEndAndExits() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(
                    input.resolve("part-" + i + ".jsonl"),
                    "{\"id\":\"e"
                            + i
                            + "\",\"kind\":\"class_logits\",\"logits\":[1,2,"
                            + (i % 7)
                            + "]}\n");
        }
        assertThat(new ProcessBuilder("mkfifo", input.resolve("fifo").toString()).start().waitFor())
                .isZero();
        Files.createSymbolicLink(input.resolve("urandom"), Path.of("/dev/urandom"));
        Files.createSymbolicLink(input.resolve("dangling"), dir.resolve("gone"));
        Files.createSymbolicLink(input.resolve("self"), Path.of("."));
        // A compressed file cut in half, as a failed copy leaves it.
        StringBuilder damaged = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            damaged.append("{\"id\":\"d")
                    .append(i)
                    .append("\",\"kind\":\"class_logits\",\"logits\":[3,2,1]}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(damaged.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Files.write(input.resolve("truncated.jsonl.gz"), Arrays.copyOf(whole, whole.length / 2));
        Path output = dir.resolve("out");
        Path log = dir.resolve("run.log");

        Process run =
                new ProcessBuilder(
                                List.of(
                                        System.getProperty("java.home") + "/bin/java",
                                        "-jar",
                                        JAR.toString(),
                                        "--scoring-config",
                                        "../config/scoring.yaml",
                                        "--input",
                                        input.toString(),
                                        "--output",
                                        output.toString(),
                                        "--quiet"))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean ended = run.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(ended).as("the process ended; it printed:%n%s", out).isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("skipping 4 entries under --input")
                .contains("fifo (not a regular file")
                .contains("urandom (a symbolic link to a pipe, device or socket)")
                .contains("dangling (a symbolic link to nothing")
                .contains("self (a symbolic link to a folder")
                .contains("unreadable_input")
                .contains("unreadable inputs (records before each failure were scored):")
                .contains("truncated.jsonl.gz: the read failed after")
                .contains("Unexpected end of ZLIB input stream")
                .doesNotContain("WARNING");
        // Every record of the 10,000 good files, and the ones before the damage.
        long decisions = ResultFiles.countLines(output.resolve(FileConnectors.DECISIONS_DIR));
        assertThat(decisions).isGreaterThan(FILES).isLessThan(FILES + 2_000);
        assertThat(out).containsPattern("decisions\\s+" + String.format("%,d", decisions));
    }
}
