package io.flinksoftmax.job.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/**
 * The file sink's output folder, made ready before a run: the result folders exist, and results of
 * an earlier run are never mixed with new ones (part file names are unique per run, so old files
 * would silently stay beside the new ones).
 *
 * <p>{@code --overwrite} deletes only what a run of this job writes: part files named {@code
 * <folder>-<uuid>-<n>.jsonl} (and their hidden in-progress forms) directly in the result folders.
 * Anything else there (a user's file, a folder, a link) makes the run refuse to start, before
 * anything is deleted; so does an input that lies in or around the output ({@link #overlap}).
 */
@Internal
public final class OutputFolder {

    private static final String UUID =
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static final List<String> RESULT_DIRS =
            List.of(
                    FileConnectors.DECISIONS_DIR,
                    FileConnectors.DEAD_LETTERS_DIR,
                    FileConnectors.CALIBRATION_DIR,
                    FileConnectors.EVALUATION_DIR);

    /**
     * A part file of {@code FileSink} as {@link FileConnectors} names them, per result folder: the
     * folder's name as prefix, the writer's UUID, a counter, {@code .jsonl}; hidden while in
     * progress.
     */
    private static final Map<String, Pattern> PART_FILES =
            RESULT_DIRS.stream()
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    dir -> dir,
                                    dir ->
                                            Pattern.compile(
                                                    "\\.?"
                                                            + Pattern.quote(dir)
                                                            + "-"
                                                            + UUID
                                                            + "-[0-9]+\\.jsonl(\\.inprogress\\."
                                                            + UUID
                                                            + ")?")));

    private OutputFolder() {}

    /**
     * Refuses an input that is the output folder, lies under it, or contains it: a run would read
     * its own results, and {@code --overwrite} could delete its input.
     *
     * @param what the option that names {@code input}, for the message
     * @throws IllegalArgumentException naming both paths
     */
    public static void overlap(String what, Path input, Path output) {
        Path in = resolved(input);
        Path out = resolved(output);
        if (in.startsWith(out) || out.startsWith(in)) {
            throw new IllegalArgumentException(
                    what
                            + " "
                            + input
                            + " and --output "
                            + output
                            + " overlap: the run would read its own results, and --overwrite could"
                            + " delete its input. Choose an --output outside the input");
        }
    }

    /** The path with symbolic links resolved as far as it exists, absolute and normalised. */
    private static Path resolved(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    private static boolean isPartFile(Path path, String dir) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && PART_FILES.get(dir).matcher(path.getFileName().toString()).matches();
    }

    private static List<Path> entries(Path dir, Predicate<Path> which) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(which).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Creates {@code decisions/}, {@code dead-letters/} and {@code calibration/} (empty without
     * feedback) under {@code output}, deleting earlier part files only when {@code overwrite} is
     * set.
     *
     * @throws IllegalArgumentException when earlier results are there and {@code overwrite} is not
     *     set, a result folder holds anything but part files, or a result folder's name is taken by
     *     a file; the message says what to do. Nothing is deleted then.
     */
    public static void prepare(Path output, boolean overwrite) {
        for (String dir : RESULT_DIRS) {
            Path path = output.resolve(dir);
            if (Files.isSymbolicLink(path)) {
                throw new IllegalArgumentException(
                        path
                                + " is a link; the job writes its results into a folder of its"
                                + " own: remove the link, or choose another --output");
            }
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
                List<Path> foreign = entries(path, p -> !isPartFile(p, dir));
                if (!foreign.isEmpty()) {
                    throw new IllegalArgumentException(
                            path
                                    + " holds "
                                    + foreign.size()
                                    + " file(s) this job did not write (e.g. "
                                    + foreign.get(0).getFileName()
                                    + "); --overwrite replaces only the job's own part files:"
                                    + " move them, or choose another --output");
                }
            }
        }
        for (String dir : RESULT_DIRS) {
            Path path = output.resolve(dir);
            if (overwrite && Files.isDirectory(path)) {
                for (Path part : entries(path, p -> isPartFile(p, dir))) {
                    delete(part);
                }
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

    private static void delete(Path part) {
        try {
            Files.delete(part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + part, e);
        }
    }
}
