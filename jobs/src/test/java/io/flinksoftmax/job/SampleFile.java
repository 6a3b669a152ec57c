package io.flinksoftmax.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped samples, {@code config/samples/events.jsonl}, read as the job reads them: as bytes.
 * One sample is deliberately not valid UTF-8, so a text reader (which throws on it) cannot read the
 * file.
 */
public final class SampleFile {

    public static final Path PATH = Path.of("../config/samples/events.jsonl");

    private SampleFile() {}

    /** Every non-blank line, as bytes. */
    public static List<byte[]> records() throws IOException {
        byte[] all = Files.readAllBytes(PATH);
        List<byte[]> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                byte[] line = java.util.Arrays.copyOfRange(all, start, i);
                if (!new String(line, StandardCharsets.ISO_8859_1).isBlank()) {
                    records.add(line);
                }
                start = i + 1;
            }
        }
        return records;
    }

    /** The records that are valid UTF-8, as text (for producers that send strings). */
    public static List<String> textRecords() throws IOException {
        List<String> lines = new ArrayList<>();
        for (byte[] record : records()) {
            try {
                lines.add(
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(record))
                                .toString());
            } catch (CharacterCodingException notText) {
                // the ill-formed sample: only a byte-level producer can send it
            }
        }
        return lines;
    }
}
