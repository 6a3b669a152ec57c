package io.flinksoftmax.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDocumentsTest {

    private static final ScoringConfig BASE =
            ScoringConfig.defaults().withOutput(OutputFormat.FULL);

    private static final String VALID =
            "{\"version\":8,\"policies\":{\"default\":{\"slots\":1},"
                    + "\"feed\":{\"exploration\":\"epsilon_greedy\",\"epsilon\":0.1,\"seed\":4}}}";

    @Test
    void aValidDocumentReplacesThePoliciesAndKeepsLimitsAndOutput() {
        PolicyDocuments.Valid valid = (PolicyDocuments.Valid) read(VALID);
        assertThat(valid.version()).isEqualTo(8);
        ScoringConfig config = valid.config();
        assertThat(config.policies()).containsOnlyKeys("default", "feed");
        assertThat(config.policyFor(null).slots()).isEqualTo(1);
        assertThat(config.policyFor("feed").exploration())
                .isEqualTo(new Exploration(Exploration.Kind.EPSILON_GREEDY, 0.1, 4));
        assertThat(config.policies().values())
                .allSatisfy(p -> assertThat(p.version()).isEqualTo(8));
        assertThat(config.limits()).isEqualTo(BASE.limits());
        assertThat(config.output()).isEqualTo(OutputFormat.FULL);
    }

    /** A document can start, change or stop shadows: they come with its version. */
    @Test
    void aDocumentCarriesShadowsOfItsVersion() {
        PolicyDocuments.Valid valid =
                (PolicyDocuments.Valid)
                        read(
                                "{\"version\":9,\"policies\":{\"default\":{\"exploration\":"
                                        + "\"boltzmann\",\"shadows\":{\"colder\":"
                                        + "{\"temperature\":0.5}}}}}");
        Shadow colder = valid.config().policyFor(null).shadows().get(0);
        assertThat(colder.name()).isEqualTo("colder");
        assertThat(colder.policy().version()).isEqualTo(9);
        assertThat(colder.policy().temperature()).isEqualTo(0.5);
        PolicyDocuments.Invalid invalid =
                (PolicyDocuments.Invalid)
                        read(
                                "{\"version\":10,\"policies\":{\"default\":{\"shadows\":"
                                        + "{\"logging\":{}}}}}");
        assertThat(invalid.toString()).contains("logging");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not JSON | {\"version\":8, | not a JSON policy document",
                "trailing garbage | {\"version\":8,\"policies\":{\"default\":{}}} x | not a JSON policy document",
                "an array | [1,2] | a policy document is a JSON object",
                "no version | {\"policies\":{\"default\":{}}} | 'version' is required",
                "version 0 | {\"version\":0,\"policies\":{\"default\":{}}} | 'version' must be a whole number >= 1",
                "version as text | {\"version\":\"8\",\"policies\":{\"default\":{}}} | got '8'",
                "fractional version | {\"version\":8.5,\"policies\":{\"default\":{}}} | 'version' must be a whole number",
                "huge version | {\"version\":123456789012345678901234567890,\"policies\":{\"default\":{}}} | 'version' must be a whole number",
                "no policies | {\"version\":8} | 'policies' is required",
                "no default | {\"version\":8,\"policies\":{\"feed\":{}}} | needs a policy named 'default'",
                "limits | {\"version\":8,\"limits\":{},\"policies\":{\"default\":{}}} | 'limits' cannot change while the job runs",
                "output format | {\"version\":8,\"output_format\":\"full\",\"policies\":{\"default\":{}}} | 'output_format' cannot change",
                "unknown key | {\"version\":8,\"polices\":{}} | unknown key 'polices'",
                "bad value | {\"version\":8,\"policies\":{\"default\":{\"temperature\":-1}}} | temperature must be a finite number > 0",
                "unknown policy key | {\"version\":8,\"policies\":{\"default\":{\"slotz\":1}}} | unknown key 'policies.default.slotz'",
                "duplicate key | {\"version\":8,\"version\":9,\"policies\":{\"default\":{}}} | not a JSON policy document",
                "policies not a mapping | {\"version\":8,\"policies\":[]} | 'policies' must be a mapping",
                "epsilon without its exploration | {\"version\":8,\"policies\":{\"default\":{\"epsilon\":0.2}}} | epsilon applies to exploration: epsilon_greedy only",
            })
    void anInvalidDocumentIsRefusedWholeWithWhatIsWrong(String name, String json, String expected) {
        PolicyDocuments.Result result = read(json);
        assertThat(result).isInstanceOf(PolicyDocuments.Invalid.class);
        assertThat(((PolicyDocuments.Invalid) result).message()).contains(expected);
    }

    @Test
    void theVersionOfARefusedDocumentIsReportedWhenItCanBeRead() {
        PolicyDocuments.Invalid invalid =
                (PolicyDocuments.Invalid)
                        read("{\"version\":12,\"policies\":{\"default\":{\"slots\":-2}}}");
        assertThat(invalid.version()).isEqualTo(12);
        assertThat(((PolicyDocuments.Invalid) read("{")).version()).isEqualTo(-1);
    }

    /**
     * Over 20,000 random cuts and byte flips of a valid document, reading never throws, and each
     * result is one the contract allows: a valid document's policies all meet the policy rules,
     * carry its version (>= 1) and keep the base limits and output format, and reading the same
     * bytes again gives the same result; a refusal says why, with the version only when the bytes
     * hold it.
     */
    @Test
    void anyBytesGiveAResultTheContractAllows() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(12L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = valid.clone();
            int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            if (meetsTheContract(bytes, length)) {
                accepted++;
            }
        }
        assertThat(accepted).as("mutations that are still valid documents").isGreaterThan(1_000);
    }

    /**
     * The reader's contract for any bytes (also {@link PolicyDocumentsFuzzTest}'s): the same bytes
     * give the same result; an accepted document has a positive version found in its text, a
     * default policy, the base's limits and output, and only policies within their ranges; a
     * refused one says why, with its version when the text has one.
     *
     * @return whether the document was accepted
     */
    static boolean meetsTheContract(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        PolicyDocuments.Result result = PolicyDocuments.read(bytes, length, BASE);
        assertThat(PolicyDocuments.read(bytes, length, BASE)).as(text).isEqualTo(result);
        if (result instanceof PolicyDocuments.Valid v) {
            ScoringConfig config = v.config();
            assertThat(v.version()).as(text).isPositive();
            assertThat(text).contains(Long.toString(v.version()));
            assertThat(config.policies()).as(text).containsKey(ScoringPolicy.DEFAULT);
            assertThat(config.limits()).isEqualTo(BASE.limits());
            assertThat(config.output()).isEqualTo(BASE.output());
            assertThat(config.policies().values())
                    .as(text)
                    .allSatisfy(
                            p -> {
                                assertThat(p.version()).isEqualTo(v.version());
                                assertThat(p.temperature()).isFinite().isPositive();
                                assertThat(p.slots()).isNotNegative();
                                assertThat(p.minProbability()).isBetween(0.0, 1.0);
                                assertThat(p.topK()).isPositive();
                                assertThat(p.exploration().epsilon()).isBetween(0.0, 1.0);
                            });
            return true;
        }
        PolicyDocuments.Invalid refused = (PolicyDocuments.Invalid) result;
        assertThat(refused.message()).as(text).isNotBlank();
        if (refused.version() >= 0) {
            assertThat(text).contains(Long.toString(refused.version()));
        } else {
            assertThat(refused.version()).isEqualTo(-1);
        }
        return false;
    }

    private static PolicyDocuments.Result read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return PolicyDocuments.read(bytes, bytes.length, BASE);
    }
}
