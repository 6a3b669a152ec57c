package io.flinksoftmax.job.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/**
 * The file sink's output folder, made ready before a run: both result folders exist, and results of
 * an earlier run are never mixed with new ones (part file names are unique per run, so old files
 * would silently stay beside the new ones).
 */
@Internal
public final class OutputFolder {

    private OutputFolder() {}

    /**
     * Creates {@code decisions/}, {@code dead-letters/} and {@code calibration/} (empty without
     * feedback) under {@code output}, replacing earlier results only when {@code overwrite} is set.
     *
     * @throws IllegalArgumentException when earlier results are there and {@code overwrite} is not
     *     set, or a result folder's name is taken by a file; the message says what to do
     */
    public static void prepare(Path output, boolean overwrite) {
        for (String dir :
                new String[] {
                    FileConnectors.DECISIONS_DIR,
                    FileConnectors.DEAD_LETTERS_DIR,
                    FileConnectors.CALIBRATION_DIR
                }) {
            Path path = output.resolve(dir);
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new IllegalArgumentException(
                        path + " is a file; remove it, or choose another --output");
            }
            if (isNonEmptyDirectory(path)) {
                if (!overwrite) {
                    throw new IllegalArgumentException(
                            path
                                    + " holds results of an earlier run; pass --overwrite to"
                                    + " replace them, or choose another --output");
                }
                deleteRecursively(path);
            }
            // The folders exist after a run, even when one stays empty: the summary names them.
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create " + path + ": " + e, e);
            }
        }
    }

    private static boolean isNonEmptyDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
    }
}
