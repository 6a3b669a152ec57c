package io.flinksoftmax.calibration;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feedback records under Jazzer, coverage-guided: any bytes meet {@link
 * FeedbackParserTest#meetsTheContract}. Nightly ({@code mvn -Pfuzz -pl jobs -am test}); its seeds
 * are in {@code FeedbackParserFuzzTestInputs/fuzzFeedback/}, and a finding Jazzer writes there is
 * replayed from then on.
 */
class FeedbackParserFuzzTest {

    @FuzzTest
    @DictionaryEntries({
        "\"id\"",
        "\"candidate\"",
        "\"label\"",
        "\"event\"",
        "\"click\"",
        "\"ts\"",
        "\\ud800",
        "\\u0000",
        "1764230400000",
        "-9223372036854775808",
        "null"
    })
    void fuzzFeedback(byte[] record) {
        FeedbackParserTest.meetsTheContract(record, record.length, 1_764_230_500_000L);
    }
}
