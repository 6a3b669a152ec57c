package io.flinksoftmax.job.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.file.src.enumerate.DefaultFileFilter;

/**
 * What {@code --input} names, checked before the job starts, so that a wrong input is a message and
 * not a stack trace from inside the file source.
 *
 * <ul>
 *   <li>It must be a regular file or a folder: a pipe or device ({@code /dev/stdin}) cannot be
 *       split and re-read as a file source needs; a broken or looping symbolic link is named so.
 *   <li>Flink decompresses by file name ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .deflate}):
 *       a file so named must start with that format's magic bytes.
 *   <li>A file named explicitly is read whatever its name. In a folder, names starting with {@code
 *       .} or {@code _} are skipped, the convention for markers such as {@code _SUCCESS} and {@code
 *       .crc} files.
 *   <li>A folder is listed here, once, and the file source gets the list ({@link #list}): only
 *       regular files, and symbolic links to regular files. Pipes, devices and sockets (they would
 *       hang the run or never end), links to folders, broken links and loops, and what cannot be
 *       read are skipped and listed with the reason, so the job can say so at start.
 * </ul>
 */
@Internal
public final class InputFiles {

    /** Magic bytes of the formats Flink decompresses by extension. */
    private static final Map<String, byte[]> MAGIC =
            Map.of(
                    ".gz", new byte[] {0x1F, (byte) 0x8B},
                    ".gzip", new byte[] {0x1F, (byte) 0x8B},
                    ".bz2", new byte[] {'B', 'Z', 'h'},
                    ".xz", new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0},
                    ".deflate", new byte[] {0x78});

    /** Stateless, and not serializable: each JVM makes its own. */
    private static final DefaultFileFilter FLINK_FILTER = new DefaultFileFilter();

    private InputFiles() {}

    /**
     * @throws IllegalArgumentException naming the input and what to do instead
     */
    public static void check(Path input) {
        if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(
                    "--input "
                            + input
                            + " does not exist; point it at a JSON-lines file or a folder of them");
        }
        if (!Files.exists(input)) {
            throw new IllegalArgumentException(
                    "--input " + input + " is a symbolic link to nothing (broken or a loop)");
        }
        if (Files.isDirectory(input)) {
            try {
                list(input).files().forEach(InputFiles::checkCompression);
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException(
                        "--input " + input + " cannot be listed: " + e.getMessage(), e);
            }
            return;
        }
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException(
                    "--input "
                            + input
                            + " is not a regular file (a pipe or a device?): the file source"
                            + " reads files it can reopen; write the events to a file first");
        }
        checkCompression(input);
    }

    /** A file under a folder {@code --input} that the job does not read, and why. */
    public record Skipped(Path path, String why) {}

    /**
     * What a run reads: the files, in a stable order, and what it skips.
     *
     * @param files regular files to read (a named {@code --input} file alone)
     * @param skipped entries of an input folder that are not read
     */
    public record Listing(List<Path> files, List<Skipped> skipped) {
        public Listing {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Lists {@code input}: a file is read whatever its name and kind (the start-up check refuses
     * what is not a regular file); a folder is walked without following links to folders.
     */
    public static Listing list(Path input) {
        if (!Files.isDirectory(input)) {
            return new Listing(List.of(input), List.of());
        }
        List<Path> files = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try {
            Files.walkFileTree(
                    input,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(input) && isHidden(dir)) {
                                skipped.add(new Skipped(dir, HIDDEN));
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String why = whyNot(file, attrs);
                            if (why == null) {
                                files.add(file);
                            } else {
                                skipped.add(new Skipped(file, why));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            skipped.add(new Skipped(file, "cannot be read: " + e));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --input " + input, e);
        }
        files.sort(null);
        return new Listing(files, skipped);
    }

    private static final String HIDDEN = "its name starts with '.' or '_'";

    /** Why an entry of an input folder is not read, or {@code null} when it is. */
    private static String whyNot(Path file, BasicFileAttributes attrs) {
        if (isHidden(file)) {
            return HIDDEN;
        }
        if (attrs.isRegularFile()) {
            return null;
        }
        if (attrs.isSymbolicLink()) {
            if (!Files.exists(file)) {
                return "a symbolic link to nothing (broken, or a loop)";
            }
            if (Files.isRegularFile(file)) {
                return null;
            }
            return Files.isDirectory(file)
                    ? "a symbolic link to a folder (not followed: it could loop)"
                    : "a symbolic link to a pipe, device or socket";
        }
        return "not a regular file: a pipe, device or socket would hang the run or never end";
    }

    /**
     * The file source's filter when it is given a folder: the folder itself, hidden names inside it
     * never. (Used for a folder with nothing to read; otherwise the source gets {@link #list}.)
     */
    static Predicate<org.apache.flink.core.fs.Path> filter(Path input) {
        return new Filter(
                org.apache.flink.core.fs.Path.fromLocalFile(input.toAbsolutePath().toFile()));
    }

    /**
     * Flink's own rule for what a folder source skips ({@link DefaultFileFilter}): a name that
     * starts with {@code .} or {@code _}. (Tested on the name here: Flink's filter, given a local
     * folder's path, sees its trailing slash and no name.)
     */
    private static boolean isHidden(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        return !s.isEmpty() && (s.charAt(0) == '.' || s.charAt(0) == '_');
    }

    private static void checkCompression(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, byte[]> format : MAGIC.entrySet()) {
            if (!name.endsWith(format.getKey())) {
                continue;
            }
            byte[] magic = format.getValue();
            byte[] head = new byte[magic.length];
            int read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read " + file + ": " + e.getMessage(), e);
            }
            if (read < magic.length || !Arrays.equals(head, magic)) {
                throw new IllegalArgumentException(
                        file
                                + " is named "
                                + format.getKey()
                                + ", so it would be decompressed, but it is not "
                                + format.getKey().substring(1)
                                + "-compressed: rename it, or compress it");
            }
        }
    }

    private static final class Filter
            implements Predicate<org.apache.flink.core.fs.Path>, Serializable {
        private static final long serialVersionUID = 1L;
        private final org.apache.flink.core.fs.Path root;

        Filter(org.apache.flink.core.fs.Path root) {
            this.root = root;
        }

        @Override
        public boolean test(org.apache.flink.core.fs.Path path) {
            return path.equals(root) || FLINK_FILTER.test(path);
        }
    }
}
