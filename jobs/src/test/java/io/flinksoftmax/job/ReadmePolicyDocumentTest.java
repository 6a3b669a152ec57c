package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.policy.PolicyDocuments;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The README's example policy document, pasted as a user would: valid, and keeping every placement
 * the samples use (a document replaces all policies, so a missing one turns those events into
 * {@code unknown_placement} dead letters).
 */
class ReadmePolicyDocumentTest {

    @Test
    void theReadmesPolicyDocumentIsValidAndKeepsTheSamplesPlacements() throws Exception {
        List<String> documents =
                Files.readAllLines(Path.of("../README.md")).stream()
                        .filter(l -> l.startsWith("{\"version\":"))
                        .toList();
        assertThat(documents).isNotEmpty();
        ScoringConfig base = ScoringConfigReader.read(Path.of("../config/scoring.yaml"));
        Set<String> placements = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(SampleFile.PATH, StandardCharsets.ISO_8859_1)) {
            try {
                JsonNode placement = mapper.readTree(line).path("placement");
                if (placement.isTextual()) {
                    placements.add(placement.asText());
                }
            } catch (Exception notJson) {
                // the samples' bad records
            }
        }
        assertThat(placements).contains("home_top", "feed", "sidebar");
        for (String document : documents) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            PolicyDocuments.Result result = PolicyDocuments.read(bytes, bytes.length, base);
            assertThat(result).as(document).isInstanceOf(PolicyDocuments.Valid.class);
            Set<String> kept = ((PolicyDocuments.Valid) result).config().policies().keySet();
            for (String placement : placements) {
                if (base.policies().containsKey(placement)) {
                    assertThat(kept).as(document).contains(placement);
                }
            }
        }
    }
}
