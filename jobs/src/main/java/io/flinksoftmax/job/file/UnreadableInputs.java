package io.flinksoftmax.job.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/**
 * The inputs a file run could not read to the end, for its summary: read back from the dead letters
 * it wrote ({@code unreadable_input}), so the summary names each file and how far it got.
 */
@Internal
public final class UnreadableInputs {

    /** Named in the summary; the rest are counted. */
    static final int SHOWN = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnreadableInputs() {}

    /** The summary's lines on the unreadable inputs among the dead letters in {@code folder}. */
    public static String render(Path folder) {
        List<String> messages = messages(folder);
        StringBuilder s =
                new StringBuilder("unreadable inputs (records before each failure were scored):")
                        .append(System.lineSeparator());
        messages.stream()
                .limit(SHOWN)
                .forEach(m -> s.append("  ").append(m).append(System.lineSeparator()));
        if (messages.size() > SHOWN) {
            s.append("  ... and ")
                    .append(messages.size() - SHOWN)
                    .append(" more (reason unreadable_input in ")
                    .append(folder)
                    .append(')')
                    .append(System.lineSeparator());
        }
        return s.toString();
    }

    /** The messages of the {@code unreadable_input} dead letters in {@code folder}, sorted. */
    static List<String> messages(Path folder) {
        List<String> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    for (String line : (Iterable<String>) lines::iterator) {
                        // Cheap test first: most dead letters are of other reasons.
                        if (line.contains(Reason.UNREADABLE_INPUT.code())) {
                            JsonNode letter = JSON.readTree(line);
                            if (Reason.UNREADABLE_INPUT
                                    .code()
                                    .equals(letter.path("reason").asText())) {
                                messages.add(letter.path("message").asText());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dead letters in " + folder, e);
        }
        messages.sort(null);
        return messages;
    }
}
