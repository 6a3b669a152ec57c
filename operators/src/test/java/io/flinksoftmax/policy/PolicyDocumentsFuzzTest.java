package io.flinksoftmax.policy;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Policy documents under Jazzer, coverage-guided: any bytes meet {@link
 * PolicyDocumentsTest#meetsTheContract}. Nightly ({@code mvn -Pfuzz -pl jobs -am test}); its seeds
 * are in {@code PolicyDocumentsFuzzTestInputs/fuzzDocument/}, and a finding Jazzer writes there is
 * replayed from then on.
 */
class PolicyDocumentsFuzzTest {

    @FuzzTest
    @DictionaryEntries({
        "\"version\"",
        "\"policies\"",
        "\"default\"",
        "\"limits\"",
        "\"output\"",
        "\"slots\"",
        "\"temperature\"",
        "\"mode\"",
        "\"softmax\"",
        "\"sigmoid\"",
        "\"rank_by\"",
        "\"expected_value\"",
        "\"min_probability\"",
        "\"top_k\"",
        "\"exploration\"",
        "\"boltzmann\"",
        "\"epsilon_greedy\"",
        "\"epsilon\"",
        "\"seed\"",
        "NaN",
        "1e308",
        "-1"
    })
    void fuzzDocument(byte[] document) {
        PolicyDocumentsTest.meetsTheContract(document, document.length);
    }
}
