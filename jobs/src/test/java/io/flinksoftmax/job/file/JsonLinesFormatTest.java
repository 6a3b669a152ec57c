package io.flinksoftmax.job.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    private static List<RawEvent> read(String content, int maxLineBytes) throws IOException {
        InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        JsonLinesFormat.LineReader reader = new JsonLinesFormat.LineReader(in, maxLineBytes);
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
