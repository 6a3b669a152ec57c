package io.flinksoftmax.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.EventTimeBounds;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The event time a source reads (issue 23): the top-level {@code ts}, nothing else; and whatever
 * the record, the source never moves event time with a value the parser would not accept as the
 * event's time.
 */
class EventTimestampsTest {

    private static final long NOW = System.currentTimeMillis();
    private static final EventTimestamps ASSIGNER = new EventTimestamps(EventTimeBounds.DEFAULTS);

    @Test
    void readsTheTopLevelTsWhereverItIsAndNothingNested() {
        assertThat(ts("{\"ts\":1764230400000,\"id\":\"a\"}")).isEqualTo(1764230400000L);
        assertThat(
                        ts(
                                "{\"id\":\"a\",\"candidates\":[{\"id\":\"c\",\"ts\":5,\"x\":{\"ts\":6}}],"
                                        + "\"meta\":{\"ts\":7},\"ts\":1764230400000}"))
                .isEqualTo(1764230400000L);
        assertThat(ts("{\"id\":\"a\",\"meta\":{\"ts\":7}}")).isEqualTo(EventTimestamps.NO_TIME);
        assertThat(ts("{\"ts\":1764230400000,\"ts\":2}"))
                .as("the first of two (the parser refuses such a record anyway)")
                .isEqualTo(1764230400000L);
        assertThat(ts("{\"ts\":1764230400000,\"id\":"))
                .as("read no further than ts: a record broken after it (a dead letter) keeps it")
                .isEqualTo(1764230400000L);
    }

    @Test
    void anythingButAWholeNumberIsNoTime() {
        for (String record :
                new String[] {
                    "{\"ts\":\"1764230400000\"}",
                    "{\"ts\":1764230400000.0}",
                    "{\"ts\":1.7e12}",
                    "{\"ts\":null}",
                    "{\"ts\":99999999999999999999}",
                    "{\"ts\":[1764230400000]}",
                    "[{\"ts\":1764230400000}]",
                    "not json",
                    "",
                    "[".repeat(5000)
                }) {
            assertThat(ts(record)).as(record).isEqualTo(EventTimestamps.NO_TIME);
        }
        assertThat(EventTimestamps.ts(RawEvent.tombstone(null))).isEqualTo(EventTimestamps.NO_TIME);
        assertThat(EventTimestamps.ts(RawEvent.unreadable("{\"ts\":1764230400000}")))
                .isEqualTo(EventTimestamps.NO_TIME);
        byte[] prefix = "{\"ts\":1764230400000,\"id\":".getBytes(StandardCharsets.UTF_8);
        assertThat(EventTimestamps.ts(new RawEvent(prefix, 5L << 20, null)))
                .as("only a prefix of an oversized record was kept")
                .isEqualTo(EventTimestamps.NO_TIME);
    }

    /** A clock in 2100, or milliseconds read as seconds, never reach the watermark. */
    @Test
    void anImplausibleTsIsNoTime() {
        long in2100 = 4_102_444_800_000L;
        assertThat(ts("{\"ts\":" + in2100 + "}")).isEqualTo(in2100);
        assertThat(ASSIGNER.extractTimestamp(raw("{\"ts\":" + in2100 + "}"), 0L))
                .isEqualTo(EventTimestamps.NO_TIME);
        assertThat(ASSIGNER.extractTimestamp(raw("{\"ts\":1764230400}"), 0L))
                .isEqualTo(EventTimestamps.NO_TIME);
        assertThat(ASSIGNER.extractTimestamp(raw("{\"ts\":1764230400000}"), 0L))
                .isEqualTo(1764230400000L);
        assertThat(ASSIGNER.extractTimestamp(raw("{\"ts\":" + Long.MAX_VALUE + "}"), 0L))
                .isEqualTo(EventTimestamps.NO_TIME);
    }

    /**
     * The property the watermarks rest on, over the sample records and 100,000 seeded mutations of
     * them (bytes changed, cut, digits and keys swapped): the source never throws, and when the
     * parser accepts an event with a {@code ts}, the source read that same time; when the parser
     * says {@code invalid_ts}, the source read no time.
     */
    @Test
    void agreesWithTheParserOnEveryRecordItAccepts() throws IOException {
        EventParser parser =
                new EventParser(ScoringConfigReader.read(Path.of("../config/scoring.yaml")));
        List<byte[]> samples = new ArrayList<>();
        for (String line :
                Files.readAllLines(
                        Path.of("../config/samples/events.jsonl"), StandardCharsets.ISO_8859_1)) {
            byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length < 20_000) {
                samples.add(bytes);
            }
        }
        SplittableRandom random = new SplittableRandom(20261204L);
        int timed = 0;
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] record = mutate(samples.get(random.nextInt(samples.size())), random);
            long now = NOW + random.nextLong(-1_000, 1_000);
            ParseResult parsed = parser.parse(record, record.length, record.length, now);
            long read = EventTimestamps.ts(RawEvent.of(record));
            boolean plausible =
                    read != EventTimestamps.NO_TIME
                            && EventTimeBounds.DEFAULTS.plausible(read, now);
            if (parsed instanceof ParseResult.Accepted a && a.event().hasEventTs()) {
                timed++;
                assertThat(read)
                        .as(new String(record, StandardCharsets.UTF_8))
                        .isEqualTo(a.event().eventTs());
                assertThat(plausible).isTrue();
            } else if (parsed instanceof ParseResult.Rejected r
                    && r.reason() == io.flinksoftmax.deadletter.Reason.INVALID_TS) {
                refused++;
                assertThat(plausible).as(new String(record, StandardCharsets.UTF_8)).isFalse();
            }
        }
        assertThat(timed).as("accepted events with a ts").isGreaterThan(10_000);
        assertThat(refused).as("invalid_ts").isGreaterThan(1_000);
    }

    /** One small change: a byte, a cut, a ts scaled or moved, a key renamed. */
    private static byte[] mutate(byte[] record, SplittableRandom random) {
        String s = new String(record, StandardCharsets.ISO_8859_1);
        switch (random.nextInt(6)) {
            case 0 -> {
                return record;
            }
            case 1 -> {
                byte[] b = record.clone();
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                return b;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(record, random.nextInt(record.length + 1));
            }
            case 3 -> s = s.replace("\"ts\":", "\"ts\":" + random.nextInt(10));
            case 4 -> s = s.replace("\"ts\":1", "\"ts\":" + (random.nextBoolean() ? "41" : "-1"));
            default -> s = s.replaceFirst("\"id\"", "\"ts\"");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long ts(String json) {
        return EventTimestamps.ts(raw(json));
    }

    private static RawEvent raw(String json) {
        return RawEvent.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
