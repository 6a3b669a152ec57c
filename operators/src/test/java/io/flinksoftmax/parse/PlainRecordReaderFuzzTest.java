package io.flinksoftmax.parse;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link PlainRecordReader} against Jackson under Jazzer, coverage-guided: whatever bytes the plain
 * reader reads, Jackson reads into the same fields ({@link PlainRecordReaderTest#checkAgreement}).
 * Nightly ({@code mvn -Pfuzz}); its seeds are in {@code PlainRecordReaderFuzzTestInputs/}, and
 * every {@code mvn test} replays them.
 */
class PlainRecordReaderFuzzTest {

    @FuzzTest
    @DictionaryEntries({
        "\"id\"",
        "\"kind\"",
        "\"click_scores\"",
        "\"candidate_score\"",
        "\"candidates\"",
        "\"score\"",
        "\"bid\"",
        "\"eligible\"",
        "\"logits\"",
        "\"labels\"",
        "\"expected\"",
        "\"ts\"",
        "\"temperature\"",
        "-0",
        "1e22",
        "1e23",
        "0.000000000000001",
        "123456789012345678",
        "9007199254740993",
        "true",
        "false",
        "null"
    })
    void fuzzPlainRecord(byte[] record) {
        PlainRecordReaderTest.checkAgreement(record);
    }
}
