package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.operator.types.OpenRequestSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packed state of an open request gives back exactly the candidates put in, through the state
 * serializer and its copy too, and counts the heap it holds. Seeded random requests: ids across the
 * Unicode planes, records of any length, with and without sources and records.
 */
class OpenRequestTest {

    private static final String[] ID_PARTS = {
        "a", "Z", "0", "é", "\uE000", "\uFFFD", "\uD83D\uDE00", "\"", "\\", "-", " "
    };

    @Test
    void candidatesComeBackAsTheyWentInThroughTheSerializerAndItsCopy() throws Exception {
        Random random = new Random(30);
        OpenRequestSerializer serializer = OpenRequestSerializer.INSTANCE;
        for (int round = 0; round < 2_000; round++) {
            int expected = 1 + random.nextInt(random.nextBoolean() ? 12 : 200);
            CandidateScore head = candidate(random, "req-" + round, expected, random.nextInt(3));
            OpenRequest request = OpenRequest.of(head, random.nextLong());
            List<CandidateScore> added = new ArrayList<>();
            long previousBytes = request.heapBytes();
            int count = 1 + random.nextInt(expected);
            for (int i = 0; i < count; i++) {
                CandidateScore c =
                        i == 0 ? head : candidate(random, head.request(), expected, i % 3);
                c = sameRequestFields(c, head);
                request.add(c);
                added.add(c);
                long bytes = request.heapBytes();
                assertThat(bytes).isGreaterThanOrEqualTo(previousBytes);
                previousBytes = bytes;
            }
            assertThat(request.size()).isEqualTo(count);
            assertThat(request.isComplete()).isEqualTo(count == expected);
            assertThat(views(request.candidates())).isEqualTo(views(added));
            long records =
                    added.stream()
                            .mapToLong(c -> c.raw() == null ? 0 : c.raw().payload().length)
                            .sum();
            assertThat(request.heapBytes()).isGreaterThan(records);
            for (CandidateScore c : added) {
                assertThat(request.contains(OpenRequest.utf8(c.candidate()))).isTrue();
            }
            assertThat(request.contains(OpenRequest.utf8("never-" + round))).isFalse();

            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(request, out);
            OpenRequest read =
                    serializer.deserialize(
                            new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertThat(views(read.candidates())).isEqualTo(views(added));
            assertThat(read.opened()).isEqualTo(request.opened());
            assertThat(views(serializer.copy(request).candidates())).isEqualTo(views(added));
            assertThat(read.disagreement(added.get(0))).isNull();
        }
    }

    @Test
    void aFullRequestOfTenSimilarRecordsHoldsNoSpareRoom() {
        Random random = new Random(7);
        CandidateScore head = candidate(random, "r", 10, 1);
        OpenRequest request = OpenRequest.of(head, 0);
        long records = 0;
        for (int i = 0; i < 10; i++) {
            CandidateScore c = sameRequestFields(candidate(random, "r", 10, 1), head);
            request.add(c);
            records += c.raw().payload().length;
        }
        // Arrays sized to the ten; bytes within one record's size of what the ten need.
        assertThat(request.heapBytes() - OpenRequest.PER_REQUEST_OVERHEAD)
                .isLessThan(records + 10 * 100L + 300);
    }

    @Test
    void largeRecordsNeverMakeARequestReserveMuchMoreThanItHolds() {
        Random random = new Random(8);
        CandidateScore head = candidate(random, "big", 1_000, 1);
        OpenRequest request = OpenRequest.of(head, 0);
        long records = 0;
        for (int i = 0; i < 300; i++) {
            byte[] record = new byte[100_000 + random.nextInt(1_000)];
            request.add(
                    ("c" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    record,
                    true,
                    1.0,
                    Double.NaN,
                    true,
                    ScoringEvent.NO_EVENT_TS,
                    0,
                    null);
            records += record.length;
            // The byte array: what is held, plus at most an eighth (the slots' arrays aside).
            assertThat(request.heapBytes()).isLessThan(records * 9 / 8 + 64 * 1024 + 60_000);
        }
    }

    private static CandidateScore sameRequestFields(CandidateScore c, CandidateScore head) {
        return new CandidateScore(
                head.request(),
                c.candidate(),
                c.score(),
                c.bid(),
                c.eligible(),
                head.expected(),
                head.placement(),
                head.model(),
                head.temperature(),
                c.eventTs(),
                c.raw(),
                c.readAt(),
                head.unit());
    }

    /** A candidate; {@code sourceKind} 0: no record, 1: a record without source, 2: with one. */
    private static CandidateScore candidate(
            Random random, String request, int expected, int sourceKind) {
        StringBuilder id = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            id.append(ID_PARTS[random.nextInt(ID_PARTS.length)]);
        }
        id.append(random.nextInt(1_000_000));
        byte[] record = new byte[random.nextInt(400)];
        random.nextBytes(record);
        RawEvent raw =
                switch (sourceKind) {
                    case 0 -> null;
                    case 1 -> new RawEvent(record, record.length, null);
                    default ->
                            new RawEvent(
                                    record,
                                    record.length,
                                    new SourcePosition(
                                            random.nextBoolean() ? "scores" : "scores-2",
                                            random.nextInt(8),
                                            random.nextLong() & Long.MAX_VALUE));
                };
        return new CandidateScore(
                request,
                id.toString(),
                random.nextGaussian() * 10,
                random.nextBoolean() ? Double.NaN : random.nextDouble(),
                random.nextInt(5) > 0,
                expected,
                random.nextBoolean() ? null : "home",
                random.nextBoolean() ? null : "m-" + random.nextInt(3),
                random.nextBoolean() ? Double.NaN : 0.5,
                random.nextBoolean() ? ScoringEvent.NO_EVENT_TS : random.nextLong(),
                raw,
                random.nextLong(),
                random.nextBoolean() ? null : "u" + random.nextInt(9));
    }

    /** Every field, doubles by their bits and records by their bytes. */
    private static List<String> views(List<CandidateScore> candidates) {
        return candidates.stream()
                .map(
                        c ->
                                String.join(
                                        "|",
                                        c.request(),
                                        c.candidate(),
                                        Long.toHexString(Double.doubleToRawLongBits(c.score())),
                                        Long.toHexString(Double.doubleToRawLongBits(c.bid())),
                                        String.valueOf(c.eligible()),
                                        String.valueOf(c.expected()),
                                        String.valueOf(c.placement()),
                                        String.valueOf(c.model()),
                                        Long.toHexString(
                                                Double.doubleToRawLongBits(c.temperature())),
                                        String.valueOf(c.eventTs()),
                                        String.valueOf(c.readAt()),
                                        String.valueOf(c.unit()),
                                        c.raw() == null
                                                ? "no record"
                                                : java.util.Arrays.toString(c.raw().payload())
                                                        + c.raw().payloadBytes()
                                                        + c.raw().source()))
                .toList();
    }
}
