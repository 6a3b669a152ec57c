package io.flinksoftmax.job.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
 *       .crc} files; {@link #skipped} lists them, so the job can say so at start.
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
            try (Stream<Path> files = Files.walk(input)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> !isHidden(f))
                        .forEach(InputFiles::checkCompression);
            } catch (IOException | UncheckedIOException e) {
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

    /** Files under a folder {@code input} that the job skips by name. */
    public static List<Path> skipped(Path input) {
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        List<Path> skipped = new ArrayList<>();
        try (Stream<Path> files = Files.walk(input)) {
            files.filter(f -> !f.equals(input)).filter(InputFiles::isHidden).forEach(skipped::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return skipped;
    }

    /** The file source's filter: the named input always, hidden names inside folders never. */
    static Predicate<org.apache.flink.core.fs.Path> filter(Path input) {
        return new Filter(
                org.apache.flink.core.fs.Path.fromLocalFile(input.toAbsolutePath().toFile()));
    }

    /** Flink's own rule for files a folder source skips ({@link DefaultFileFilter}). */
    private static boolean isHidden(Path file) {
        return !FLINK_FILTER.test(
                org.apache.flink.core.fs.Path.fromLocalFile(file.toAbsolutePath().toFile()));
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
