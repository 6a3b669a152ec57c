package io.flinksoftmax.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads back what a file run wrote. */
public final class ResultFiles {

    private ResultFiles() {}

    /** The lines (records) in all files of a result folder. */
    public static long countLines(Path folder) throws IOException {
        long count = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    count += lines.count();
                }
            }
        }
        return count;
    }
}
