package io.flinksoftmax.job.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.job.file.JsonLinesEncoder;
import io.flinksoftmax.job.kafka.DeadLetterRecordSerializer;
import io.flinksoftmax.job.kafka.DecisionRecordSerializer;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import io.flinksoftmax.text.Texts;
import io.flinksoftmax.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer: hostile records ({@link FuzzRecords}) through the whole path a record takes in the
 * job, parse -> validate -> score -> encode, then the Kafka serializers and the file encoder of
 * both outputs. Properties of every record:
 *
 * <ul>
 *   <li>nothing throws, and there is exactly one outcome (so records in = decisions + dead
 *       letters);
 *   <li>every output is strict JSON (RFC 8259: no NaN, no Infinity) in well-formed UTF-8, one line;
 *   <li>a decision is within {@code limits.max_output_bytes}, its key is the event id, and that id
 *       reads back exactly as the input's id: nothing was replaced on the way (this is what fails
 *       when the parser stops refusing unpaired surrogates, since the writer would then replace
 *       them);
 *   <li>a dead letter is within {@link Limits#MIN_OUTPUT_BYTES}, whatever the record's size.
 * </ul>
 *
 * <p>Plain seeded JUnit: {@code mvn verify} runs a fixed seed of 50,000 records (about 5 s here;
 * {@link RecordFuzzTest} then fuzzes the same path under Jazzer, coverage-guided, within the same
 * build's budget); {@code mvn verify -Pfuzz} runs 20,000,000 with a fresh seed, for nightly or
 * pre-release runs. A failing record is added to {@code fuzz-regressions.txt} (hex, one a line),
 * replayed by {@link #regressionsStayFixed()}.
 */
class PipelineFuzzTest {

    /** RFC 8259 as Jackson reads it by default: NaN and Infinity are not numbers. */
    private static final ObjectMapper STRICT = new ObjectMapper();

    /** How the job reads input (NaN and Infinity are numbers there, then refused by field). */
    private static final ObjectMapper LENIENT =
            JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static final SourcePosition SOURCE = new SourcePosition("scores", 0, 7L);

    private static ScoringConfig config;
    private static RecordPipeline pipeline;
    private static RecordPipeline fullPipeline;
    private static DecisionRecordSerializer decisionRecords;
    private static DeadLetterRecordSerializer deadLetterRecords;
    private static JsonLinesEncoder<EncodedDecision> decisionLines;
    private static JsonLinesEncoder<DeadLetter> deadLetterLines;

    @BeforeAll
    static void setUp() {
        config = ScoringConfigReader.read(Path.of("../config/scoring.yaml"));
        pipeline = new RecordPipeline(config);
        fullPipeline = new RecordPipeline(config.withOutput(OutputFormat.FULL));
        decisionRecords = new DecisionRecordSerializer("decisions");
        deadLetterRecords = new DeadLetterRecordSerializer("dead-letters");
        deadLetterRecords.open(null, null);
        decisionLines = JsonLinesEncoder.decisions();
        deadLetterLines = JsonLinesEncoder.deadLetters();
    }

    /** The fixed run of every {@code mvn verify}: the same 50,000 records each time. */
    @Test
    void everyRecordGivesOneBoundedStrictOutput() {
        fuzz(20261127L, 50_000);
    }

    /** The long run: {@code mvn verify -Pfuzz} (a fresh seed each time, printed first). */
    @Test
    @Tag("long-fuzz")
    void everyRecordGivesOneBoundedStrictOutputLongRun() {
        long seed = System.nanoTime();
        System.out.println("PipelineFuzzTest long run, seed " + seed);
        fuzz(seed, 20_000_000);
    }

    /**
     * {@code count} records from one generator seeded with {@code seed}; a failure names the seed,
     * the record's index and the record (hex, as {@code fuzz-regressions.txt} takes it).
     */
    private static void fuzz(long seed, int count) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] record = FuzzRecords.record(random);
            try {
                check(record);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "record "
                                + i
                                + " of seed "
                                + seed
                                + " (hex, for fuzz-regressions.txt): "
                                + HexFormat.of().formatHex(record),
                        e);
            }
        }
    }

    @Test
    void regressionsStayFixed() throws IOException {
        setUp();
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/fuzz-regressions.txt"));
        int replayed = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            check(HexFormat.of().parseHex(line.strip()));
            replayed++;
        }
        assertThat(replayed).isGreaterThan(10);
    }

    /** Both output shapes: the default (compact) and full; they decide alike. */
    static void check(byte[] record) {
        RawEvent raw = new RawEvent(record, record.length, SOURCE);
        Outcome compact = pipeline.process(raw, 1764230400000L);
        Outcome full = fullPipeline.process(raw, 1764230400000L);
        for (Outcome outcome : new Outcome[] {compact, full}) {
            if (outcome instanceof Outcome.Scored scored) {
                checkDecision(record, scored.encoded());
            } else {
                checkDeadLetter(((Outcome.Rejected) outcome).deadLetter());
            }
        }
        // Only size can tell them apart: the full shape is the larger.
        if (full instanceof Outcome.Scored) {
            assertThat(compact).isInstanceOf(Outcome.Scored.class);
        } else if (compact instanceof Outcome.Rejected rejected) {
            assertThat(((Outcome.Rejected) full).deadLetter().reason())
                    .isEqualTo(rejected.deadLetter().reason());
        } else {
            assertThat(((Outcome.Rejected) full).deadLetter().reason())
                    .isEqualTo(Reason.OUTPUT_TOO_LARGE);
        }
    }

    private static void checkDecision(byte[] record, EncodedDecision encoded) {
        assertThat(encoded.size()).isLessThanOrEqualTo(config.limits().maxOutputBytes());
        String id = strict(encoded.json());
        assertThat(wellFormed(encoded.key())).isTrue();
        assertThat(new String(encoded.key(), StandardCharsets.UTF_8)).isEqualTo(id);
        // The id a reader finds in the input is the one the output carries, unchanged.
        String inputId;
        try {
            inputId = LENIENT.readTree(record).get("id").asText();
        } catch (IOException e) {
            throw new AssertionError("scored a record Jackson cannot read", e);
        }
        assertThat(id).isEqualTo(inputId);
        assertThat(Texts.hasUnpairedSurrogate(id)).isFalse();

        ProducerRecord<byte[], byte[]> kafka = decisionRecords.serialize(encoded, null, 1L);
        assertThat(kafka.key()).isEqualTo(encoded.key());
        assertThat(kafka.value()).isEqualTo(encoded.json());
        assertOneLine(encodeLine(decisionLines, encoded));
    }

    private static void checkDeadLetter(DeadLetter letter) {
        assertThat(letter.reason()).isNotNull();
        ProducerRecord<byte[], byte[]> kafka = deadLetterRecords.serialize(letter, null, 1L);
        assertThat(kafka.value().length).isLessThanOrEqualTo(Limits.MIN_OUTPUT_BYTES);
        strict(kafka.value());
        if (kafka.key() != null) {
            assertThat(wellFormed(kafka.key())).isTrue();
        }
        for (Header header : kafka.headers()) {
            assertThat(wellFormed(header.value())).isTrue();
        }
        assertOneLine(encodeLine(deadLetterLines, letter));
    }

    private static <T> byte[] encodeLine(JsonLinesEncoder<T> encoder, T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.encode(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void assertOneLine(byte[] line) {
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        for (int i = 0; i < line.length - 1; i++) {
            assertThat(line[i]).as("raw newline inside a JSON line").isNotEqualTo((byte) '\n');
        }
        strict(java.util.Arrays.copyOf(line, line.length - 1));
    }

    private static boolean wellFormed(byte[] bytes) {
        return Utf8.firstInvalid(bytes, bytes.length) < 0;
    }

    /**
     * Reads {@code json} with a strict streaming parser (one root object, no NaN or Infinity,
     * well-formed UTF-8), checks that every {@code probability} is a number in [0, 1], and returns
     * the root's {@code id}. Streaming, not a tree: a million of these must stay cheap.
     */
    private static String strict(byte[] json) {
        assertThat(wellFormed(json)).as("well-formed UTF-8").isTrue();
        String id = null;
        try (JsonParser p = STRICT.getFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (depth == 1 && name.equals("id")) {
                        p.nextToken();
                        id = p.getValueAsString();
                    } else if (name.equals("probability")) {
                        p.nextToken();
                        double v = p.getDoubleValue();
                        assertThat(v >= 0 && v <= 1).as("probability %s", v).isTrue();
                    } else if (name.equals("probabilities")) {
                        // The compact shape: an array of probabilities.
                        assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                        for (JsonToken v = p.nextToken();
                                v != JsonToken.END_ARRAY;
                                v = p.nextToken()) {
                            double q = p.getDoubleValue();
                            assertThat(q >= 0 && q <= 1).as("probability %s", q).isTrue();
                        }
                    }
                }
            }
            assertThat(p.nextToken()).as("content after the object").isNull();
        } catch (IOException e) {
            throw new AssertionError(
                    "not strict JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
        return id;
    }
}
