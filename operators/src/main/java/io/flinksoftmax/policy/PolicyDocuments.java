package io.flinksoftmax.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.text.StrictJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Reads a policy document from the control input (README "Changing policies at runtime"):
 *
 * <pre>{@code
 * {"version": 8, "policies": {"default": {...}, "home_top": {...}}}
 * }</pre>
 *
 * <p>The policies are read by the same code as {@code scoring.yaml}'s, so the same keys, defaults
 * and refusals apply; the document replaces all policies at once ({@code default} is required).
 * Limits and the output format are fixed at start: a document that names them is refused, as a
 * change of either would change what consumers and sinks get without a restart. {@code version} is
 * a whole number {@code >= 1} (the {@code --scoring-config} file is version 0). A document is valid
 * or refused whole; reading never throws.
 */
@Internal
public final class PolicyDocuments {

    private static final Set<String> KEYS = Set.of("version", "policies");

    private PolicyDocuments() {}

    /** What one control record says. */
    @Internal
    public sealed interface Result permits Valid, Invalid {}

    /**
     * A document that can be applied.
     *
     * @param config the policies of the document, stamped with its version, with the limits and
     *     output format of the config the job started with
     */
    @Internal
    public record Valid(ScoringConfig config) implements Result {
        public long version() {
            return config.version();
        }
    }

    /**
     * A refused document.
     *
     * @param message what is wrong, naming the key
     * @param version the document's version if it could be read, else -1
     */
    @Internal
    public record Invalid(String message, long version) implements Result {}

    /**
     * Reads one document.
     *
     * @param payload the document's UTF-8 JSON
     * @param length how many bytes of {@code payload} hold it
     * @param base the config the job started with: its limits and output format are kept
     */
    public static Result read(byte[] payload, int length, ScoringConfig base) {
        JsonNode root;
        try {
            root = StrictJson.READER.readTree(payload, 0, length);
        } catch (JsonProcessingException e) {
            return new Invalid("not a JSON policy document: " + e.getOriginalMessage(), -1);
        } catch (IOException e) { // reading a byte array does no I/O
            return new Invalid("not a JSON policy document: " + e.getMessage(), -1);
        }
        if (root == null || !root.isObject()) {
            return new Invalid(
                    "a policy document is a JSON object {\"version\": N, \"policies\": {...}}", -1);
        }
        long version = -1;
        try {
            version = version(root.get("version"));
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    return new Invalid(unknownKey(key), version);
                }
            }
            if (!root.has("policies")) {
                return new Invalid(
                        "'policies' is required: the whole set, with at least 'default'", version);
            }
            return new Valid(
                    new ScoringConfig(
                            ScoringConfigReader.policies(root.get("policies"), version),
                            base.limits(),
                            base.output()));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage(), version);
        }
    }

    private static long version(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("'version' is required: a whole number >= 1");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw new IllegalArgumentException(
                    "'version' must be a whole number >= 1 (0 is the --scoring-config file), got '"
                            + node.asText()
                            + "'");
        }
        return node.longValue();
    }

    private static String unknownKey(String key) {
        if (key.equals("limits") || key.equals("output_format") || key.equals("job")) {
            return "'"
                    + key
                    + "' cannot change while the job runs (it changes what sinks and consumers"
                    + " get): change it in the --scoring-config file and restart; a document holds"
                    + " 'version' and 'policies'";
        }
        return "unknown key '" + key + "'; a policy document holds 'version' and 'policies'";
    }
}
