package io.flinksoftmax.job.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir Path dir;

    @Test
    void refusesAPipeOrDevice() {
        assertThatThrownBy(() -> InputFiles.check(Path.of("/dev/null")))
                .hasMessageContaining("--input /dev/null is not a regular file");
    }

    @Test
    void refusesASymlinkLoopAndNamesIt() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> InputFiles.check(a))
                .hasMessageContaining("is a symbolic link to nothing (broken or a loop)");
        assertThatThrownBy(() -> InputFiles.check(dir.resolve("missing")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesAPlainFileNamedLikeACompressedOne() throws IOException {
        Path fake = Files.writeString(dir.resolve("events.jsonl.gz"), "{\"id\":\"x\"}\n");
        assertThatThrownBy(() -> InputFiles.check(fake))
                .hasMessageContaining("is named .gz, so it would be decompressed, but it is not");
        Path xz = Files.writeString(dir.resolve("events.xz"), "{}\n");
        assertThatThrownBy(() -> InputFiles.check(xz)).hasMessageContaining("is named .xz");
        Path real = dir.resolve("real.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(real))) {
            out.write("{}\n".getBytes());
        }
        assertThatCode(() -> InputFiles.check(real)).doesNotThrowAnyException();
    }

    @Test
    void checksTheFilesOfAFolderAndListsTheSkippedOnes() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Files.writeString(folder.resolve("data.jsonl"), "{}\n");
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Files.writeString(folder.resolve(".data.jsonl.crc"), "x");
        assertThatCode(() -> InputFiles.check(folder)).doesNotThrowAnyException();
        assertThat(InputFiles.list(folder).skipped())
                .extracting(InputFiles.Skipped::path)
                .containsExactlyInAnyOrder(
                        folder.resolve("_SUCCESS"), folder.resolve(".data.jsonl.crc"));
        Files.writeString(folder.resolve("bad.gz"), "not gzip");
        assertThatThrownBy(() -> InputFiles.check(folder)).hasMessageContaining("bad.gz");
    }

    @Test
    void theSourceFilterReadsANamedFileWhateverItsName() {
        Path named = dir.resolve("_events.jsonl");
        var filter = InputFiles.filter(named);
        assertThat(filter.test(org.apache.flink.core.fs.Path.fromLocalFile(named.toFile())))
                .isTrue();
        var folderFilter = InputFiles.filter(dir);
        assertThat(
                        folderFilter.test(
                                org.apache.flink.core.fs.Path.fromLocalFile(
                                        dir.resolve("_SUCCESS").toFile())))
                .isFalse();
        assertThat(
                        folderFilter.test(
                                org.apache.flink.core.fs.Path.fromLocalFile(
                                        dir.resolve("x.jsonl").toFile())))
                .isTrue();
    }

    /**
     * Issue 22: a FIFO or a link to a device inside a folder hung the run or filled the disk, and a
     * broken link or a loop failed it. Now only regular files (and links to them) are read; the
     * rest is listed with its reason.
     */
    @Test
    void readsOnlyRegularFilesOfAFolderAndListsTheRestWithTheReason() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("in"));
        Path data = Files.writeString(folder.resolve("data.jsonl"), "{}\n");
        Path target = Files.writeString(dir.resolve("elsewhere.jsonl"), "{}\n");
        Path linked = Files.createSymbolicLink(folder.resolve("linked.jsonl"), target);
        Path sub = Files.createDirectories(folder.resolve("sub"));
        Path nested = Files.writeString(sub.resolve("more.jsonl"), "{}\n");
        Path fifo = folder.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path zero = Files.createSymbolicLink(folder.resolve("zero"), Path.of("/dev/zero"));
        Path dangling = Files.createSymbolicLink(folder.resolve("dangling"), dir.resolve("gone"));
        Path loop = Files.createSymbolicLink(folder.resolve("self"), Path.of("."));
        Path hiddenDir = Files.createDirectories(folder.resolve("_tmp"));
        Files.writeString(hiddenDir.resolve("x.jsonl"), "{}\n");

        InputFiles.Listing listing = InputFiles.list(folder);
        assertThat(listing.files()).containsExactly(data, linked, nested);
        assertThat(listing.skipped())
                .extracting(k -> k.path().getFileName() + ": " + k.why())
                .containsExactlyInAnyOrder(
                        "fifo: not a regular file: a pipe, device or socket would hang the run or"
                                + " never end",
                        "zero: a symbolic link to a pipe, device or socket",
                        "dangling: a symbolic link to nothing (broken, or a loop)",
                        "self: a symbolic link to a folder (not followed: it could loop)",
                        "_tmp: its name starts with '.' or '_'");
        assertThatCode(() -> InputFiles.check(folder)).doesNotThrowAnyException();
        assertThat(fifo).exists();
        assertThat(zero).isSymbolicLink();
        assertThat(dangling).isSymbolicLink();
        assertThat(loop).isSymbolicLink();
    }
}
