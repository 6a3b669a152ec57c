package io.flinksoftmax.job.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * The record path under Jazzer, coverage-guided: bytes in, and every property of {@link
 * PipelineFuzzTest#check} must hold (one outcome, strict one-line JSON in well-formed UTF-8, size
 * bounds, the id unchanged). Where {@link PipelineFuzzTest} draws records from a grammar of hostile
 * JSON, Jazzer mutates real records (the seeds in {@code RecordFuzzTestInputs/fuzzRecord/}, taken
 * from the sample events) towards code neither has reached, inside our parser and Jackson's.
 *
 * <p>Every {@code mvn test} replays the inputs folder (regression mode); {@code mvn verify} then
 * fuzzes for {@code jazzer.max_duration} (20 s), and {@code mvn verify -Pfuzz} for an hour. A
 * finding is written into the inputs folder by Jazzer itself: commit it, and it is replayed from
 * then on.
 */
class RecordFuzzTest {

    @BeforeAll
    static void setUp() {
        PipelineFuzzTest.setUp();
    }

    @FuzzTest
    @DictionaryEntries({
        "\"id\"",
        "\"kind\"",
        "\"click_scores\"",
        "\"class_logits\"",
        "\"candidates\"",
        "\"score\"",
        "\"bid\"",
        "\"eligible\"",
        "\"logits\"",
        "\"labels\"",
        "\"label\"",
        "\"model\"",
        "\"placement\"",
        "\"ts\"",
        "\"temperature\"",
        "\"debug\"",
        "NaN",
        "-Infinity",
        "1e308",
        "4.9e-324",
        "\\ud800",
        "\\udc00",
        "\\u0000",
        "null",
        "true",
        "[]",
        "{}",
        "é",
        "😀"
    })
    void fuzzRecord(byte[] record) {
        PipelineFuzzTest.check(record);
    }
}
