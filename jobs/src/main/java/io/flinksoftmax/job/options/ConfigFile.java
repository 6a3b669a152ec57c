package io.flinksoftmax.job.options;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --scoring-config} file, read once: its scoring policies and limits, and its {@code
 * job:} section of option defaults.
 *
 * @param scoring the policies and limits, validated
 * @param jobSection the {@code job:} section's keys and values as written, unchecked
 */
record ConfigFile(ScoringConfig scoring, Map<String, String> jobSection) {

    /**
     * @throws IllegalArgumentException naming the file and the key when the file is missing, not
     *     YAML, repeats a key, or holds a bad value
     */
    static ConfigFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--scoring-config "
                            + file
                            + " does not exist; pass the scoring policies file (see "
                            + ScoringJobOptions.SCORING_CONFIG.defaultValue()
                            + ")");
        }
        JsonNode tree = ScoringConfigReader.readYaml(file);
        try {
            return new ConfigFile(ScoringConfigReader.fromTree(tree), jobSection(tree));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> jobSection(JsonNode tree) {
        JsonNode job = tree.path("job");
        Map<String, String> values = new LinkedHashMap<>();
        if (job.isMissingNode() || job.isNull()) {
            return values;
        }
        if (!job.isObject()) {
            throw new IllegalArgumentException("'job' must be a mapping");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = job.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }
}
