package io.flinksoftmax.job.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFormatTest {

    @Test
    void splitsLinesAndSkipsBlankOnes() throws IOException {
        List<RawEvent> events = read("{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}", 100);
        assertThat(events)
                .extracting(e -> text(e))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(events.get(0).payloadBytes()).isEqualTo(7);
    }

    @Test
    void keepsOnlyAPrefixOfAnOversizedLineButCountsItAll() throws IOException {
        String huge = "{\"id\":\"" + "x".repeat(10_000_000) + "\"}";
        List<RawEvent> events = read(huge + "\n{\"next\":true}\n", 1000);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).payload()).hasSize(1000);
        assertThat(events.get(0).payloadBytes()).isEqualTo(huge.length());
        assertThat(text(events.get(1))).isEqualTo("{\"next\":true}");
    }

    /** Issue 22: {@code maxLineBytes + 1} overflowed and every record was dropped silently. */
    @Test
    void readsEveryLineWithTheLargestLimit() throws IOException {
        List<RawEvent> events = read("{\"a\":1}\r\n{\"b\":2}\n", Integer.MAX_VALUE);
        assertThat(events).extracting(e -> text(e)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void readsLinesThatSpanManyBuffers() throws IOException {
        String line = "y".repeat(200_000);
        List<RawEvent> events = read(line + "\n" + line, 1 << 20);
        assertThat(events).hasSize(2);
        assertThat(text(events.get(1))).isEqualTo(line);
    }

    @Test
    void countsACrlfLineLikeItsLfTwin() throws IOException {
        String record = "x".repeat(10);
        for (String ending : new String[] {"\n", "\r\n"}) {
            List<RawEvent> events = read(record + ending + record + "y" + ending, 10);
            assertThat(events).hasSize(2);
            assertThat(events.get(0).payloadBytes()).as("ending %s", ending).isEqualTo(10);
            assertThat(text(events.get(0))).isEqualTo(record);
            assertThat(events.get(1).payloadBytes()).isEqualTo(11);
            assertThat(events.get(1).payload()).hasSize(10);
        }
    }

    @Test
    void keepsAnOversizedLineWhosePrefixIsBlank() throws IOException {
        List<RawEvent> events = read(" ".repeat(20) + "{}\n   \n", 8);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).payloadBytes()).isEqualTo(22);
    }

    /**
     * Issue 22: a truncated .gz beside a good file lost every record of the run. Now the file's
     * records before the damage stand, and the damage is one unreadable event naming the file.
     */
    @Test
    void aTruncatedCompressedFileGivesItsRecordsThenOneUnreadableEvent(@TempDir Path dir)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            lines.append("{\"id\":\"e").append(i).append("\",\"kind\":\"class_logits\"}\n");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Path truncated = dir.resolve("events.jsonl.gz");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        List<RawEvent> events = readFile(truncated);
        RawEvent last = events.get(events.size() - 1);
        assertThat(last.isUnreadable()).isTrue();
        assertThat(text(last))
                .startsWith("file:" + truncated + ": the read failed after ")
                .contains("Unexpected end of ZLIB input stream");
        List<RawEvent> records = events.subList(0, events.size() - 1);
        assertThat(records).isNotEmpty().noneMatch(RawEvent::isUnreadable);
        // Whole lines only, in order, from the first.
        for (int i = 0; i < records.size(); i++) {
            assertThat(text(records.get(i)))
                    .isEqualTo("{\"id\":\"e" + i + "\",\"kind\":\"class_logits\"}");
        }

        List<RawEvent> missing = readFile(dir.resolve("gone.jsonl"));
        assertThat(missing).hasSize(1);
        assertThat(missing.get(0).isUnreadable()).isTrue();
        assertThat(text(missing.get(0))).contains("gone.jsonl: cannot be opened");
    }

    /** Through the format as the file source uses it: one split, batches until null. */
    private static List<RawEvent> readFile(Path file) throws IOException {
        org.apache.flink.core.fs.Path path =
                org.apache.flink.core.fs.Path.fromLocalFile(file.toFile());
        FileSourceSplit split =
                new FileSourceSplit("0", path, 0, Long.MAX_VALUE, 0, Long.MAX_VALUE);
        List<RawEvent> events = new ArrayList<>();
        BulkFormat.Reader<RawEvent> reader =
                new JsonLinesFormat(1000).createReader(new Configuration(), split);
        BulkFormat.RecordIterator<RawEvent> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<RawEvent> record;
            while ((record = batch.next()) != null) {
                events.add(record.getRecord());
            }
            batch.releaseBatch();
        }
        reader.close();
        return events;
    }

    private static List<RawEvent> read(String content, int maxLineBytes) throws IOException {
        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        JsonLinesFormat.LineReader reader =
                new JsonLinesFormat.LineReader(in, maxLineBytes, "test");
        List<RawEvent> events = new ArrayList<>();
        RawEvent event;
        while ((event = reader.read()) != null) {
            events.add(event);
        }
        reader.close();
        return events;
    }

    private static String text(RawEvent event) {
        return new String(event.payload(), StandardCharsets.UTF_8);
    }
}
