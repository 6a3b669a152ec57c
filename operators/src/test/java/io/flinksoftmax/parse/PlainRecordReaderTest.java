package io.flinksoftmax.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.text.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainRecordReader}'s one obligation: whatever record it reads, Jackson's reader ({@link
 * EventParser#read}) reads without complaint into the same {@link Fields}, bit for bit. Checked on
 * the sample records, on seeded records from a grammar that varies order, spacing, number
 * spellings, strings and types, and on byte-level mutations of both; and it must read the common
 * records, or it is no fast path.
 */
class PlainRecordReaderTest {

    private static final ScoringConfig CONFIG = ScoringConfig.defaults();

    private final EventParser jackson = new EventParser(CONFIG);
    private final Fields plainFields = new Fields(16);
    private final PlainRecordReader plain = new PlainRecordReader(plainFields, CONFIG.limits());

    /** What {@link #agrees} puts after a record: each closes some records cut short. */
    private static final byte[][] PAST_THE_END = {
        "\"}]}".getBytes(StandardCharsets.US_ASCII),
        "}]}".getBytes(StandardCharsets.US_ASCII),
        "]}".getBytes(StandardCharsets.US_ASCII),
        "}".getBytes(StandardCharsets.US_ASCII),
        "0}]}".getBytes(StandardCharsets.US_ASCII),
        "\":1}]}".getBytes(StandardCharsets.US_ASCII)
    };

    /** One comparison per fuzz input: {@link PlainRecordReaderFuzzTest}. */
    static void checkAgreement(byte[] record) {
        PlainRecordReaderTest test = new PlainRecordReaderTest();
        test.nonAsciiIsSeen(record); // whatever the bytes: the parser relies on it for UTF-8
        if (Utf8.firstInvalid(record, record.length) < 0) { // the parser refuses the rest first
            test.agrees(record);
        }
    }

    @Test
    void readsEverySampleRecordAsJacksonDoes() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String file : List.of("events.jsonl", "candidates.jsonl", "evaluation-events.jsonl")) {
            byte[] all = Files.readAllBytes(samples().resolve(file));
            for (int from = 0, to; from < all.length; from = to + 1) {
                to = from;
                while (to < all.length && all[to] != '\n') {
                    to++;
                }
                byte[] line = Arrays.copyOfRange(all, from, to);
                if (Utf8.firstInvalid(line, line.length)
                        < 0) { // the parser refuses the others first
                    lines.add(line);
                }
            }
        }
        int read = 0;
        for (byte[] line : lines) {
            read += agrees(line) ? 1 : 0;
        }
        // The samples' bad records (escapes, wrong types, unknown fields) are left to Jackson; the
        // rest are plain.
        assertThat(read).isGreaterThan(lines.size() * 8 / 10);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"id\":\"a\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"x\",\"score\":-0}]}",
                "{\"id\":\"a\",\"kind\":\"class_logits\",\"logits\":[-0,0,-0.0,0.0,1e400,-1e400]}",
                "{\"id\":\"a\",\"kind\":\"class_logits\",\"logits\":[4.9e-324,2.4703282292062328e-324]}",
                "{\"id\":\"a\",\"kind\":\"class_logits\",\"logits\":[123456789012345678,1E+2,1e-2]}",
                "{\"id\":\"a\",\"kind\":\"class_logits\",\"logits\":[9007199254740993,0.1]}",
                "{\"id\":\"a\",\"ts\":-123456789012345678}",
                "{\"kind\":\"candidate_score\",\"request\":\"r\",\"candidate\":\"c\",\"score\":1,"
                        + "\"bid\":0,\"eligible\":false,\"expected\":3}",
                " \t\r\n{ \"id\" : \"é😀\" , \"labels\" : [ \"a\" , \"b\" ] } \n",
                "{}",
                "{\"candidates\":[],\"logits\":[],\"labels\":[]}",
                "{\"candidates\":[{}]}",
                // candidate names read as words, and by the generic path (spaces, eligible)
                "{\"candidates\":[{\"score\":1,\"bid\":2,\"id\":\"x\"},{\"id\" : \"y\" ,"
                        + " \"score\" :0.5,\"bid\"\t:1,\"eligible\":false}]}",
                "{\"candidates\":[{\"bid\":1}]}",
            })
    void readsPlainRecords(String record) {
        assertThat(agrees(record.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"id\":\"a\\\"b\"}",
                "{\"id\":\"a\",\"id\":\"b\"}",
                "{\"id\":\"a\",\"debug\":1}",
                "{\"id\":null}",
                "{\"id\":1}",
                "{\"ts\":1234567890123456789}",
                "{\"ts\":1.0}",
                "{\"logits\":[01]}",
                "{\"logits\":[1.]}",
                "{\"logits\":[NaN]}",
                "{\"logits\":[+1]}",
                "{\"logits\":[1234567890123456789]}",
                "{\"candidates\":[{\"id\":\"x\",\"id\":\"y\"}]}",
                "{\"candidates\":[{\"eligible\":truex}]}",
                "{\"candidates\":[{\"score\":1,\"score\":2}]}",
                "{\"candidates\":[{\"scores\":1}]}",
                "{\"candidates\":[{\"ids\":\"x\"}]}",
                "{\"candidates\":[{\"bids\":1}]}",
                "{\"candidates\":[{\"score\":1,}]}",
                "{\"id\":\"a\"} x",
                "{\"id\":\"a\"}{}",
                "\uFEFF{\"id\":\"a\"}",
                "{\"id\":\"a\"",
                "[]",
                "",
            })
    void leavesTheRestToJackson(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        plainFields.reset();
        assertThat(plain.read(bytes, bytes.length)).isFalse();
    }

    @Test
    void leavesArraysPastTheLimitsToJackson() {
        StringBuilder logits = new StringBuilder("{\"logits\":[0");
        for (int i = 1; i <= CONFIG.limits().maxClasses(); i++) {
            logits.append(",0");
        }
        byte[] bytes = logits.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        plainFields.reset();
        assertThat(plain.read(bytes, bytes.length)).isFalse();
    }

    @Test
    void agreesWithJacksonOnSeededRecordsAndTheirMutations() {
        SplittableRandom random = new SplittableRandom(20261205L);
        int generated = 0;
        int generatedRead = 0;
        int mutatedRead = 0;
        for (int n = 0; n < 40_000; n++) {
            byte[] record = RecordGrammar.record(random).getBytes(StandardCharsets.UTF_8);
            generated++;
            nonAsciiIsSeen(record);
            generatedRead += agrees(record) ? 1 : 0;
            for (int m = 0; m < 4; m++) {
                byte[] mutated = RecordGrammar.mutate(record, random);
                nonAsciiIsSeen(mutated);
                if (Utf8.firstInvalid(mutated, mutated.length) < 0) {
                    mutatedRead += agrees(mutated) ? 1 : 0;
                }
            }
        }
        // Not vacuous: the grammar's plain records are read, and some mutations stay readable.
        assertThat(generatedRead).isGreaterThan(generated / 4);
        assertThat(mutatedRead).isGreaterThan(generated / 10);
    }

    /**
     * Whatever the bytes, valid UTF-8 or not: a record the plain reader reads is all ASCII unless
     * it says otherwise, since the parser then skips the UTF-8 check.
     */
    private void nonAsciiIsSeen(byte[] record) {
        plainFields.reset();
        if (plain.read(record, record.length)) {
            boolean nonAscii = false;
            for (byte b : record) {
                nonAscii |= b < 0;
            }
            assertThat(plain.nonAscii())
                    .as(java.util.HexFormat.of().formatHex(record))
                    .isEqualTo(nonAscii);
        }
    }

    /**
     * Reads {@code record} both ways; if the plain reader reads it, Jackson must read it without
     * complaint into the same fields. Returns whether the plain reader read it.
     */
    private boolean agrees(byte[] record) {
        // First within a longer array (as a kept prefix of an oversized record is), followed by
        // bytes that would complete many a cut record: a reader that took the array's end for the
        // record's would read those records, or trailing content, differently (checked).
        byte[] tail = PAST_THE_END[record.length % PAST_THE_END.length];
        byte[] padded = Arrays.copyOf(record, record.length + tail.length);
        System.arraycopy(tail, 0, padded, record.length, tail.length);
        plainFields.reset();
        boolean readPadded = plain.read(padded, record.length);
        String fromPadded = describe(plainFields);
        plainFields.reset();
        boolean read = plain.read(record, record.length);
        String text = new String(record, StandardCharsets.UTF_8);
        assertThat(readPadded).as(text).isEqualTo(read);
        if (!read) {
            return false;
        }
        assertThat(fromPadded).as(text).isEqualTo(describe(plainFields));
        jackson.fields.reset();
        ParseResult.Rejected malformed = jackson.read(record, record.length);
        assertThat(malformed).as(text).isNull();
        assertThat(describe(plainFields)).as(text).isEqualTo(describe(jackson.fields));
        return true;
    }

    /** Every field a reader fills, doubles by their bits. */
    static String describe(Fields f) {
        StringBuilder b = new StringBuilder();
        b.append("seen=").append(f.seen);
        b.append(" problem=").append(f.problem).append(':').append(f.problemMessage);
        b.append(" candidateProblem=")
                .append(f.candidateProblem)
                .append(':')
                .append(f.candidateProblemMessage);
        b.append(" id=").append(f.id).append(" kind=").append(f.kind);
        b.append(" model=").append(f.model).append(" placement=").append(f.placement);
        b.append(" label=").append(f.label).append(" unit=").append(f.unit);
        b.append(" ts=").append(f.ts);
        b.append(" temperature=").append(f.hasTemperature).append(bits(f.temperature));
        b.append(" request=").append(f.request).append(" candidate=").append(f.candidate);
        b.append(" score=").append(f.hasScore1).append(bits(f.score));
        b.append(" bid=").append(bits(f.bid)).append(" eligible=").append(f.eligible1);
        b.append(" expected=").append(f.expectedGiven).append(f.expected);
        b.append(" candidates=").append(f.hasCandidates).append(f.candidateCount);
        for (int i = 0; i < f.candidateCount; i++) {
            b.append(" [")
                    .append(
                            f.hasCandidateId(i)
                                    ? Arrays.toString(
                                            Arrays.copyOfRange(
                                                    f.idBytes(), f.idStart(i), f.idEnd(i)))
                                    : "no id")
                    .append(f.hasScore[i] ? bits(f.scores[i]) : "no score")
                    .append(f.hasBid[i])
                    .append(bits(f.bids[i]))
                    .append(f.eligible[i])
                    .append(']');
        }
        b.append(" logits=").append(f.hasLogits).append(f.logitCount);
        for (int i = 0; i < f.logitCount; i++) {
            b.append(' ').append(bits(f.logits[i]));
        }
        b.append(" labels=").append(f.hasLabels).append(f.labelCount);
        for (int i = 0; i < f.labelCount; i++) {
            b.append(' ').append(f.labels[i]);
        }
        return b.toString();
    }

    private static String bits(double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }

    private static Path samples() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("config/samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/samples not found above " + here);
    }
}
