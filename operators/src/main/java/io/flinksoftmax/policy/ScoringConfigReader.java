package io.flinksoftmax.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.TimeUtils;

/**
 * Reads a {@link ScoringConfig} from YAML, failing with a message that names the file, the key and
 * what it should hold:
 *
 * <pre>{@code
 * limits:            # all optional, see Limits.DEFAULTS
 *   max_candidates: 1000
 *   max_classes: 10000
 *   max_payload_bytes: 1048576
 *   max_id_length: 256
 *   max_output_bytes: 1000000
 *   min_event_ts: 2000-01-01      # a date, an instant (2000-01-01T00:00:00Z) or epoch ms
 *   max_event_ts_ahead: 1 h       # a duration: how far past the clock a ts may be
 * policies:          # 'default' is required
 *   default:
 *     mode: softmax            # softmax | sigmoid
 *     temperature: 1.0         # > 0
 *     slots: 3                 # >= 0
 *     rank_by: probability     # probability | expected_value
 *     min_probability: 0.0     # in [0, 1]
 *     top_k: 5                 # >= 1
 *     exploration: none        # none | boltzmann | epsilon_greedy
 *     epsilon: 0.1             # epsilon_greedy only, and required there: in [0, 1]
 *     seed: 0                  # exploration draws: a whole number
 *     shadows:                 # judged against this policy's decisions, never served
 *       colder: {temperature: 0.5}   # a shadow's keys override the policy's; the rest inherit
 *     experiment:              # a deterministic traffic split (GrowthBook's hashing)
 *       key: feed-temp         # logged with each decision
 *       seed: feed-temp        # the hash seed; the key when left out
 *       coverage: 1.0          # the share of units in the experiment
 *       variants:              # weights add up to 1; a variant's keys override the policy's
 *         control: {weight: 0.5}
 *         warm: {weight: 0.5, temperature: 2.0}
 * output_format: compact  # compact | full: which fields decisions carry
 * job: {}            # options of the job runner; not read here
 * }</pre>
 */
@PublicEvolving
public final class ScoringConfigReader {

    /** Top-level sections; {@code job} belongs to the job runner and is skipped here. */
    private static final Set<String> SECTIONS =
            Set.of("limits", "policies", "output_format", "job");

    private static final Set<String> LIMIT_KEYS =
            Set.of(
                    "max_candidates",
                    "max_classes",
                    "max_payload_bytes",
                    "max_id_length",
                    "max_output_bytes",
                    "min_event_ts",
                    "max_event_ts_ahead");
    private static final Set<String> POLICY_KEYS =
            Set.of(
                    "mode",
                    "temperature",
                    "slots",
                    "rank_by",
                    "min_probability",
                    "top_k",
                    "exploration",
                    "epsilon",
                    "seed",
                    "shadows",
                    "experiment");

    /** A shadow's keys: a policy's, but a shadow has no shadows and runs no experiment. */
    private static final Set<String> SHADOW_KEYS =
            POLICY_KEYS.stream()
                    .filter(k -> !k.equals("shadows") && !k.equals("experiment"))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A variant's keys: its weight, and a policy's but no experiment of its own. */
    private static final Set<String> VARIANT_KEYS =
            java.util.stream.Stream.concat(
                            POLICY_KEYS.stream().filter(k -> !k.equals("experiment")),
                            java.util.stream.Stream.of("weight"))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Set<String> EXPERIMENT_KEYS =
            Set.of("key", "seed", "coverage", "variants");

    private ScoringConfigReader() {}

    /**
     * Reads and validates a scoring config file.
     *
     * @throws IllegalArgumentException if the file is missing, not YAML, or holds a bad value; the
     *     message says which key and what to write instead
     */
    public static ScoringConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("scoring config " + file + " does not exist");
        }
        JsonNode tree = readYaml(file);
        try {
            return fromTree(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one YAML document of {@code file} as a tree (an empty file is an empty mapping). Refused,
     * with a message that names the file: what is not YAML, a key given twice (a second {@code
     * default:} would silently replace the first), an alias ({@code *name}: Jackson would read it
     * as the string {@code name}), and a second document after {@code ---} (it would be ignored).
     *
     * @throws IllegalArgumentException saying which of these and where
     */
    public static JsonNode readYaml(Path file) {
        ObjectMapper mapper =
                new ObjectMapper(YAML).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        try {
            refuseAliases(file);
            try (MappingIterator<JsonNode> documents =
                    mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
                JsonNode root = documents.hasNextValue() ? documents.nextValue() : null;
                if (documents.hasNextValue()) {
                    throw new IllegalArgumentException(
                            file
                                    + " holds more than one YAML document (a '---' line): only"
                                    + " the first would be read; keep one document");
                }
                return root == null || root.isMissingNode() || root.isNull()
                        ? mapper.createObjectNode()
                        : root;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static final YAMLFactory YAML = new YAMLFactory();

    private static void refuseAliases(Path file) throws IOException {
        try (YAMLParser p = YAML.createParser(file.toFile())) {
            while (p.nextToken() != null) {
                if (p.isCurrentAlias()) {
                    throw new IllegalArgumentException(
                            file
                                    + " uses a YAML alias (*"
                                    + p.getText()
                                    + ", line "
                                    + p.currentLocation().getLineNr()
                                    + "): aliases are not supported; write the value out in full");
                }
            }
        }
    }

    /** Builds the config from an already parsed tree. */
    public static ScoringConfig fromTree(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with 'policies' and 'limits'");
        }
        checkKeys(root, SECTIONS, "");
        Limits limits = limits(root.path("limits"));
        return new ScoringConfig(
                policies(root.path("policies"), 0L),
                limits,
                enumValue(root, "output_format", "", OutputFormat.class, OutputFormat.COMPACT));
    }

    /**
     * The {@code policies} mapping of a config file or a policy document, each policy stamped with
     * {@code version}. Whether {@code default} is there is checked by {@link ScoringConfig}.
     */
    static Map<String, ScoringPolicy> policies(JsonNode policiesNode, long version) {
        if (!policiesNode.isObject()) {
            throw new IllegalArgumentException(
                    "'policies' must be a mapping from placement name to policy, with at least"
                            + " 'default'");
        }
        Map<String, ScoringPolicy> policies = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = policiesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            // A placement names metric groups and calibration keys, which join parts with a
            // control character: a name must not hold one.
            if (entry.getKey().isEmpty()
                    || entry.getKey().chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "policy name "
                                + io.flinksoftmax.text.Texts.quote(entry.getKey())
                                + " must be non-empty without control characters");
            }
            policies.put(
                    entry.getKey(), policy(entry.getKey(), entry.getValue()).withVersion(version));
        }
        return policies;
    }

    private static Limits limits(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Limits.DEFAULTS;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'limits' must be a mapping");
        }
        checkKeys(node, LIMIT_KEYS, "limits.");
        Limits d = Limits.DEFAULTS;
        return new Limits(
                intValue(node, "max_candidates", "limits.", d.maxCandidates()),
                intValue(node, "max_classes", "limits.", d.maxClasses()),
                intValue(node, "max_payload_bytes", "limits.", d.maxPayloadBytes()),
                intValue(node, "max_id_length", "limits.", d.maxIdLength()),
                intValue(node, "max_output_bytes", "limits.", d.maxOutputBytes()),
                new EventTimeBounds(
                        instantValue(node, "min_event_ts", d.eventTime().notBefore()),
                        durationValue(node, "max_event_ts_ahead", d.eventTime().maxAheadMillis())));
    }

    private static ScoringPolicy policy(String name, JsonNode node) {
        String path = "policies." + name + ".";
        if (node.isNull()) {
            return PolicyDefaults.policy(name);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'policies." + name + "' must be a mapping");
        }
        checkKeys(node, POLICY_KEYS, path);
        ScoringPolicy p = settings(name, node, path);
        return new ScoringPolicy(
                name,
                p.mode(),
                p.temperature(),
                p.slots(),
                p.rankBy(),
                p.minProbability(),
                p.topK(),
                p.exploration(),
                0L,
                shadows(name, (ObjectNode) node, path),
                experiment(name, (ObjectNode) node, path));
    }

    /**
     * The policy's {@code experiment}, or {@code null}: each variant a mapping of its {@code
     * weight} and the policy keys it changes (its shadows included), the others inherited; a
     * variant that sets {@code exploration} does not inherit {@code epsilon}.
     */
    private static Experiment experiment(String name, ObjectNode policy, String path) {
        JsonNode node = policy.get("experiment");
        if (node == null || node.isNull()) {
            return null;
        }
        String at = path + "experiment.";
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    path
                            + "experiment must be a mapping with key, variants, and optionally seed"
                            + " and coverage");
        }
        checkKeys(node, EXPERIMENT_KEYS, at);
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual()) {
            throw new IllegalArgumentException(at + "key is required: a string naming it");
        }
        JsonNode seed = node.get("seed");
        if (seed != null && !seed.isNull() && !seed.isTextual()) {
            throw new IllegalArgumentException(at + "seed must be a string");
        }
        double coverage = doubleValue(node, "coverage", at, 1.0);
        JsonNode variants = node.get("variants");
        if (variants == null || !variants.isObject() || variants.isEmpty()) {
            throw new IllegalArgumentException(
                    at + "variants is required: a mapping from variant name to {weight, ...}");
        }
        java.util.List<Variant> list = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = variants.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String vat = at + "variants." + entry.getKey() + ".";
            JsonNode own = entry.getValue();
            if (!own.isObject() || !own.has("weight")) {
                throw new IllegalArgumentException(
                        vat.substring(0, vat.length() - 1)
                                + " must be a mapping with its weight and the policy keys it"
                                + " changes, such as {weight: 0.5, temperature: 2.0}");
            }
            checkKeys(own, VARIANT_KEYS, vat);
            ObjectNode merged = policy.deepCopy();
            merged.remove("experiment");
            if (own.has("exploration")) {
                merged.remove("epsilon");
            }
            ObjectNode keys = ((ObjectNode) own).deepCopy();
            keys.remove("weight");
            merged.setAll(keys);
            try {
                ScoringPolicy p = settings(name, merged, vat);
                list.add(
                        new Variant(
                                entry.getKey(),
                                doubleValue(own, "weight", vat, Double.NaN),
                                new ScoringPolicy(
                                        name,
                                        p.mode(),
                                        p.temperature(),
                                        p.slots(),
                                        p.rankBy(),
                                        p.minProbability(),
                                        p.topK(),
                                        p.exploration(),
                                        0L,
                                        shadows(name, merged, vat))));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(vat)
                        ? e
                        : new IllegalArgumentException(vat + " " + e.getMessage(), e);
            }
        }
        try {
            return new Experiment(
                    key.asText(),
                    seed == null || seed.isNull() ? key.asText() : seed.asText(),
                    coverage,
                    list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + " " + e.getMessage(), e);
        }
    }

    /** The settings of {@code node}, a policy's keys (without shadows). */
    private static ScoringPolicy settings(String name, JsonNode node, String path) {
        return new ScoringPolicy(
                name,
                enumValue(node, "mode", path, Mode.class, PolicyDefaults.MODE),
                doubleValue(node, "temperature", path, PolicyDefaults.TEMPERATURE),
                intValue(node, "slots", path, PolicyDefaults.SLOTS),
                enumValue(node, "rank_by", path, RankBy.class, PolicyDefaults.RANK_BY),
                doubleValue(node, "min_probability", path, PolicyDefaults.MIN_PROBABILITY),
                intValue(node, "top_k", path, PolicyDefaults.TOP_K),
                exploration(node, path),
                0L);
    }

    /**
     * The policy's {@code shadows}: each a mapping of the policy keys it changes (or empty), the
     * others inherited. A shadow that sets {@code exploration} does not inherit {@code epsilon}.
     */
    private static java.util.List<Shadow> shadows(String name, ObjectNode policy, String path) {
        JsonNode node = policy.get("shadows");
        if (node == null || node.isNull()) {
            return java.util.List.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    path
                            + "shadows must be a mapping from shadow name to the policy keys it"
                            + " changes, such as {colder: {temperature: 0.5}}");
        }
        java.util.List<Shadow> shadows = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = path + "shadows." + entry.getKey() + ".";
            JsonNode own = entry.getValue();
            if (!own.isNull() && !own.isObject()) {
                throw new IllegalArgumentException(
                        at.substring(0, at.length() - 1)
                                + " must be a mapping of the policy keys the shadow changes");
            }
            ObjectNode merged = policy.deepCopy();
            merged.remove("shadows");
            if (own.isObject()) {
                checkKeys(own, SHADOW_KEYS, at);
                if (own.has("exploration")) {
                    merged.remove("epsilon");
                }
                merged.setAll((ObjectNode) own);
            }
            try {
                shadows.add(
                        new Shadow(
                                entry.getKey(),
                                settings(name, merged, at),
                                own.isObject() && own.hasNonNull("temperature")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + " " + e.getMessage(), e);
            }
        }
        if (shadows.size() > ScoringPolicy.MAX_SHADOWS) {
            throw new IllegalArgumentException(
                    path
                            + "shadows lists "
                            + shadows.size()
                            + "; at most "
                            + ScoringPolicy.MAX_SHADOWS
                            + " are allowed");
        }
        return shadows;
    }

    private static Exploration exploration(JsonNode node, String path) {
        Exploration.Kind kind =
                enumValue(node, "exploration", path, Exploration.Kind.class, Exploration.Kind.NONE);
        boolean hasEpsilon = node.hasNonNull("epsilon");
        if (kind == Exploration.Kind.EPSILON_GREEDY && !hasEpsilon) {
            throw new IllegalArgumentException(
                    path
                            + "epsilon is required with exploration: epsilon_greedy (a number in [0, 1])");
        }
        if (kind != Exploration.Kind.EPSILON_GREEDY && hasEpsilon) {
            throw new IllegalArgumentException(
                    path
                            + "epsilon applies to exploration: epsilon_greedy only; this policy has"
                            + " exploration: "
                            + kind.wireName());
        }
        double epsilon = doubleValue(node, "epsilon", path, 0.0);
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException(
                    path + "epsilon must be in [0, 1], got '" + node.get("epsilon").asText() + "'");
        }
        return new Exploration(kind, epsilon, longValue(node, "seed", path, 0L));
    }

    private static long longValue(JsonNode node, String key, String path, long fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(
                    path + key + " must be a whole number, got '" + value.asText() + "'");
        }
        return value.longValue();
    }

    /** A date (UTC midnight), an ISO-8601 instant, or epoch milliseconds, as epoch millis. */
    private static long instantValue(JsonNode node, String key, long fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        String text = value.asText().trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "limits."
                            + key
                            + " must be a date (2000-01-01), an instant (2000-01-01T00:00:00Z) or"
                            + " epoch milliseconds, got '"
                            + value.asText()
                            + "'");
        }
    }

    /** A duration as Flink writes them ({@code 1 h}, {@code 30 min}, {@code 500 ms}), in millis. */
    private static long durationValue(JsonNode node, String key, long fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        try {
            return TimeUtils.parseDuration(value.asText()).toMillis();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "limits."
                            + key
                            + " must be a duration such as '1 h' or '30 min', got '"
                            + value.asText()
                            + "'");
        }
    }

    private static void checkKeys(JsonNode node, Set<String> known, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '"
                                + path
                                + key
                                + "'; the keys there are "
                                + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static int intValue(JsonNode node, String key, String path, int fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(
                    path + key + " must be a whole number, got '" + value.asText() + "'");
        }
        return value.intValue();
    }

    private static double doubleValue(JsonNode node, String key, String path, double fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(
                    path + key + " must be a number, got '" + value.asText() + "'");
        }
        return value.doubleValue();
    }

    private static <E extends Enum<E>> E enumValue(
            JsonNode node, String key, String path, Class<E> type, E fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        String text = value.asText();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " or ")
                    .append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(
                path + key + " must be " + allowed + ", got '" + text + "'");
    }
}
