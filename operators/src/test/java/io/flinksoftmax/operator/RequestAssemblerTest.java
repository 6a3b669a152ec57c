package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The request assembler on Flink's operator harness: requests decided complete, at their deadline
 * or at the end of the input, bit for bit as the equivalent whole event; every candidate in exactly
 * one decision or dead letter, also across a restore.
 */
class RequestAssemblerTest {

    private static final long NOW = 1764230400012L;
    private static final AssemblySettings SETTINGS =
            new AssemblySettings(Duration.ofMillis(50), Duration.ofMinutes(1), 1000);

    /** The output's serializer (the harness would otherwise ask Flink's type extractor). */
    private static final org.apache.flink.api.common.typeutils.TypeSerializer<RawEvent> RAW_EVENTS =
            io.flinksoftmax.operator.types.ScoringTypes.RAW_EVENT.createSerializer(
                    new org.apache.flink.api.common.serialization.SerializerConfigImpl());

    private final RecordPipeline pipeline = new RecordPipeline(ScoringConfig.defaults());

    /** One candidate record, as the scoring operator routes it. */
    private CandidateScore candidate(String json) {
        Outcome outcome = pipeline.process(RawEvent.of(utf8(json)), NOW);
        assertThat(outcome).as(json).isInstanceOf(Outcome.Candidate.class);
        return ((Outcome.Candidate) outcome).candidate();
    }

    private static String candidateJson(
            String request, String id, double score, int expected, String extra) {
        return String.format(
                Locale.ROOT,
                "{\"kind\":\"candidate_score\",\"request\":%s,\"candidate\":%s,\"score\":%s,"
                        + "\"expected\":%d%s}",
                quote(request),
                quote(id),
                Double.toString(score),
                expected,
                extra);
    }

    /** An assembler restored from {@code snapshot} at processing time 20. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent>
            restored(OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RequestAssembler(SETTINGS), CandidateScore::request, Types.STRING);
        h.setup(RAW_EVENTS);
        h.setProcessingTime(20);
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent> harness(
            AssemblySettings settings) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new RequestAssembler(settings), CandidateScore::request, Types.STRING);
        h.setup(RAW_EVENTS);
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    @Test
    void completeRequestsAreDecidedBitForBitAsTheWholeEventInAnyArrivalOrder() throws Exception {
        Random random = new Random(30);
        try (var h = harness(SETTINGS)) {
            List<String> expected = new ArrayList<>();
            for (int r = 0; r < 300; r++) {
                String request = "req-" + r;
                int n = 1 + random.nextInt(12);
                List<String[]> candidates = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                while (ids.size() < n) {
                    String id = randomId(random);
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                }
                StringBuilder whole =
                        new StringBuilder(
                                "{\"id\":" + quote(request) + ",\"kind\":\"click_scores\"");
                whole.append(",\"ts\":").append(1764230400000L + r).append(",\"candidates\":[");
                List<String> sorted = new ArrayList<>(ids);
                sorted.sort(
                        Comparator.comparing(
                                s -> new String(utf8(s), StandardCharsets.ISO_8859_1)));
                List<String> wholeCandidates = new ArrayList<>();
                for (String id : ids) {
                    double score = randomScore(random);
                    String bid =
                            random.nextInt(3) == 0 ? "" : ",\"bid\":" + random.nextDouble() * 3;
                    String eligible =
                            !id.equals(ids.get(0)) && random.nextInt(8) == 0
                                    ? ",\"eligible\":false"
                                    : "";
                    long ts = 1764230400000L + r + random.nextInt(40);
                    candidates.add(
                            new String[] {
                                candidateJson(
                                        request,
                                        id,
                                        score,
                                        n,
                                        bid
                                                + eligible
                                                + (id.equals(ids.get(0))
                                                        ? ",\"ts\":" + (1764230400000L + r)
                                                        : ",\"ts\":" + ts))
                            });
                    wholeCandidates.add(
                            "{\"id\":" + quote(id) + ",\"score\":" + score + bid + eligible + "}");
                }
                // The whole event lists them in ascending id order (by code point = UTF-8 bytes).
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    order.add(i);
                }
                order.sort(
                        Comparator.comparing(
                                i -> new String(utf8(ids.get(i)), StandardCharsets.ISO_8859_1)));
                for (int k = 0; k < n; k++) {
                    whole.append(k > 0 ? "," : "").append(wholeCandidates.get(order.get(k)));
                }
                whole.append("]}");
                expected.add(decide(RawEvent.of(utf8(whole.toString()))));
                Collections.shuffle(candidates, random);
                for (String[] c : candidates) {
                    h.processElement(new StreamRecord<>(candidate(c[0])));
                }
            }
            List<RawEvent> assembled = outputs(h.getOutput());
            assertThat(assembled).hasSize(300);
            for (int r = 0; r < 300; r++) {
                RawEvent request = assembled.get(r);
                assertThat(request.assembly().received()).isEqualTo(request.assembly().expected());
                String decision = decide(request);
                String withoutAssembly =
                        decision.replaceFirst(",\"assembly\":\\{[^}]*\\}\\}$", "}");
                assertThat(withoutAssembly).as("request %d", r).isEqualTo(expected.get(r));
                assertThat(decision)
                        .endsWith(
                                ",\"assembly\":{\"received\":"
                                        + request.assembly().received()
                                        + ",\"expected\":"
                                        + request.assembly().expected()
                                        + "}}");
            }
        }
    }

    @Test
    void aPartialRequestIsDecidedAtItsDeadlineAndItsStragglersAreLate() throws Exception {
        try (var h = harness(SETTINGS)) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "b", 1.0, 3, ""))));
            h.setProcessingTime(30);
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "a", 2.0, 3, ""))));
            assertThat(outputs(h.getOutput())).isEmpty();
            h.setProcessingTime(50); // 50 ms after the first candidate
            List<RawEvent> decided = outputs(h.getOutput());
            assertThat(decided).hasSize(1);
            assertThat(decided.get(0).assembly().received()).isEqualTo(2);
            assertThat(decided.get(0).assembly().expected()).isEqualTo(3);
            assertThat(text(decided.get(0).payload()))
                    .contains("\"candidates\":[{\"id\":\"a\",\"score\":2.0},{\"id\":\"b\"");
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "c", 0.0, 3, ""))));
            assertThat(outputs(h.getOutput())).hasSize(1);
            assertThat(reasons(h)).containsExactly(Reason.LATE_CANDIDATE);
            assertThat(deadLetters(h).get(0).payload()).contains("\"candidate\":\"c\"");
        }
    }

    @Test
    void duplicateAndInconsistentCandidatesAreDeadLettersAndTheFirstStays() throws Exception {
        try (var h = harness(SETTINGS)) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "a", 1.0, 3, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "a", 9.0, 3, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "b", 1.0, 4, ""))));
            h.processElement(
                    new StreamRecord<>(
                            candidate(candidateJson("r", "c", 1.0, 3, ",\"model\":\"other\""))));
            h.processElement(
                    new StreamRecord<>(
                            candidate(candidateJson("r", "d", 1.0, 3, ",\"temperature\":2"))));
            assertThat(reasons(h))
                    .containsExactly(
                            Reason.DUPLICATE_CANDIDATE,
                            Reason.INCONSISTENT_REQUEST,
                            Reason.INCONSISTENT_REQUEST,
                            Reason.INCONSISTENT_REQUEST);
            assertThat(deadLetters(h).get(1).message()).contains("expected 4");
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "b", 1.0, 3, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r", "c", 1.0, 3, ""))));
            List<RawEvent> decided = outputs(h.getOutput());
            assertThat(decided).hasSize(1);
            assertThat(text(decided.get(0).payload())).contains("{\"id\":\"a\",\"score\":1.0}");
        }
    }

    @Test
    void beyondMaxOpenRequestsACandidateIsAnOverflowAndOpenRequestsGoOn() throws Exception {
        try (var h =
                harness(new AssemblySettings(Duration.ofMillis(50), Duration.ofMinutes(1), 2))) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("r1", "a", 1.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r2", "a", 1.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r3", "a", 1.0, 2, ""))));
            assertThat(reasons(h)).containsExactly(Reason.ASSEMBLY_OVERFLOW);
            h.processElement(new StreamRecord<>(candidate(candidateJson("r1", "b", 1.0, 2, ""))));
            assertThat(outputs(h.getOutput())).hasSize(1);
            // r1 is decided: a new request may open.
            h.processElement(new StreamRecord<>(candidate(candidateJson("r3", "a", 1.0, 2, ""))));
            assertThat(reasons(h)).containsExactly(Reason.ASSEMBLY_OVERFLOW);
        }
    }

    @Test
    void beyondMaxOpenBytesACandidateIsAnOverflowAndTheHeldBytesAreFreedByDecisions()
            throws Exception {
        // Room for about two requests of one candidate each.
        try (var h =
                harness(
                        new AssemblySettings(
                                Duration.ofMillis(50), Duration.ofMinutes(1), 1000, 1_400))) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("r1", "a", 1.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r2", "a", 1.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("r3", "a", 1.0, 2, ""))));
            assertThat(reasons(h)).containsExactly(Reason.ASSEMBLY_OVERFLOW);
            assertThat(deadLetters(h).get(0).message()).contains("max-open-bytes (1400)");
            assertThat(deadLetters(h).get(0).payload()).contains("\"request\":\"r3\"");
            // A candidate of an open request is refused too when it does not fit.
            h.processElement(new StreamRecord<>(candidate(candidateJson("r1", "b", 1.0, 2, ""))));
            assertThat(reasons(h)).hasSize(2);
            h.endInput();
            assertThat(outputs(h.getOutput())).hasSize(2);
            // Decided requests free their bytes: a new one opens.
            h.processElement(new StreamRecord<>(candidate(candidateJson("r4", "a", 1.0, 1, ""))));
            assertThat(outputs(h.getOutput())).hasSize(3);
            assertThat(reasons(h)).hasSize(2);
        }
    }

    /**
     * A savepoint of the first assembler (a list of parsed candidates per request, written by the
     * code before {@link OpenRequest} and kept as a file): its open requests are decided at their
     * restored deadlines with every candidate, record and source, and its decided ids stay decided.
     */
    @Test
    void aSavepointOfTheFirstAssemblerLosesNoOpenCandidate() throws Exception {
        OperatorSubtaskState snapshot =
                org.apache.flink.streaming.util.OperatorSnapshotUtil.readStateHandle(
                        java.nio.file.Path.of(
                                        "src/test/resources/golden/assembler-1/open-requests.snapshot")
                                .toString());
        try (var h = restored(snapshot)) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("done", "y", 1.0, 1, ""))));
            assertThat(reasons(h)).containsExactly(Reason.LATE_CANDIDATE);
            h.setProcessingTime(100);
            List<RawEvent> decided = outputs(h.getOutput());
            assertThat(decided).hasSize(2);
            RawEvent three =
                    decided.stream()
                            .filter(d -> text(d.payload()).startsWith("{\"id\":\"open-3\""))
                            .findFirst()
                            .orElseThrow();
            assertThat(text(three.payload()))
                    .isEqualTo(
                            "{\"id\":\"open-3\",\"kind\":\"click_scores\",\"model\":\"m1\","
                                    + "\"unit\":\"u-1\",\"ts\":1764230400100,\"candidates\":["
                                    + "{\"id\":\"a\",\"score\":-2.0,\"eligible\":false},"
                                    + "{\"id\":\"b\",\"score\":1.5,\"bid\":0.25}]}");
            assertThat(three.assembly().expected()).isEqualTo(3);
            assertThat(three.assembly().candidates())
                    .extracting(RawEvent::source)
                    .extracting(io.flinksoftmax.event.SourcePosition::offset)
                    .containsExactly(40L, 41L);
            assertThat(text(three.assembly().candidates().get(1).payload()))
                    .contains("\"candidate\":\"a\"");
            RawEvent two =
                    decided.stream()
                            .filter(d -> text(d.payload()).startsWith("{\"id\":\"open-2\""))
                            .findFirst()
                            .orElseThrow();
            assertThat(text(two.payload())).contains("\"temperature\":0.5").contains("\u00e9");
            h.endInput();
            assertThat(outputs(h.getOutput())).hasSize(2);
        }
    }

    @Test
    void theEndOfABoundedInputDecidesEveryOpenRequest() throws Exception {
        try (var h = harness(SETTINGS)) {
            for (int r = 0; r < 5; r++) {
                h.processElement(
                        new StreamRecord<>(candidate(candidateJson("r" + r, "a", r, 3, ""))));
            }
            h.endInput();
            List<RawEvent> decided = outputs(h.getOutput());
            assertThat(decided).hasSize(5);
            assertThat(decided).allSatisfy(d -> assertThat(d.assembly().received()).isEqualTo(1));
            // Their deadlines come later and find nothing open.
            h.setProcessingTime(1000);
            assertThat(outputs(h.getOutput())).hasSize(5);
        }
    }

    @Test
    void afterARestoreEveryRequestIsDecidedOnceAndDecidedOnesStayDecided() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(SETTINGS)) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("open", "a", 1.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("late", "a", 1.0, 3, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("done", "a", 1.0, 1, ""))));
            assertThat(outputs(h.getOutput())).hasSize(1);
            snapshot = h.snapshot(1L, 10L);
        }
        try (var h = restored(snapshot)) {
            h.processElement(new StreamRecord<>(candidate(candidateJson("open", "b", 2.0, 2, ""))));
            h.processElement(new StreamRecord<>(candidate(candidateJson("done", "b", 2.0, 1, ""))));
            List<RawEvent> decided = outputs(h.getOutput());
            assertThat(decided).hasSize(1);
            assertThat(text(decided.get(0).payload())).startsWith("{\"id\":\"open\"");
            assertThat(decided.get(0).assembly().received()).isEqualTo(2);
            assertThat(reasons(h)).containsExactly(Reason.LATE_CANDIDATE);
            // The restored deadline of "late" fires once; "open"'s finds it decided.
            h.setProcessingTime(100);
            decided = outputs(h.getOutput());
            assertThat(decided).hasSize(2);
            assertThat(text(decided.get(1).payload())).startsWith("{\"id\":\"late\"");
            h.endInput();
            assertThat(outputs(h.getOutput())).hasSize(2);
        }
    }

    @Test
    void anAssembledRequestTakesItsEarliestCandidatesTimestamp() throws Exception {
        try (var h = harness(SETTINGS)) {
            h.processElement(
                    new StreamRecord<>(
                            candidate(candidateJson("r", "a", 1.0, 2, ",\"ts\":1764230400500"))));
            h.processElement(
                    new StreamRecord<>(
                            candidate(candidateJson("r", "b", 1.0, 2, ",\"ts\":1764230400100"))));
            @SuppressWarnings("unchecked")
            StreamRecord<RawEvent> out = (StreamRecord<RawEvent>) h.getOutput().peek();
            assertThat(out.getTimestamp()).isEqualTo(1764230400100L);
            assertThat(text(out.getValue().payload())).contains("\"ts\":1764230400100");
        }
    }

    private String decide(RawEvent raw) {
        Outcome outcome = pipeline.process(raw, NOW);
        assertThat(outcome).as(text(raw.payload())).isInstanceOf(Outcome.Scored.class);
        EncodedDecision encoded = ((Outcome.Scored) outcome).encoded();
        return text(encoded.json());
    }

    @SuppressWarnings("unchecked")
    private static List<RawEvent> outputs(ConcurrentLinkedQueue<Object> output) {
        List<RawEvent> out = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof StreamRecord<?> r) {
                out.add(((StreamRecord<RawEvent>) r).getValue());
            }
        }
        return out;
    }

    private static List<DeadLetter> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent> h) {
        var side = h.getSideOutput(OutputTags.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static List<Reason> reasons(
            KeyedOneInputStreamOperatorTestHarness<String, CandidateScore, RawEvent> h) {
        return deadLetters(h).stream().map(DeadLetter::reason).toList();
    }

    /** Ids that tell code-point order from UTF-16 order: BMP private use against astral ones. */
    private static String randomId(Random random) {
        String[] alphabet = {
            "a", "b", "Z", "0", "é", "\uE000", "\uFFFD", "\uD83D\uDE00", "\uD800\uDC00", "-"
        };
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    /** Scores whose sum depends on the order they are added in. */
    private static double randomScore(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextGaussian() * 3;
            case 1 -> random.nextGaussian() * 1e4;
            case 2 -> Math.scalb(random.nextDouble(), -40);
            default -> random.nextInt(5) - 2.0;
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
