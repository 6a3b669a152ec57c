package io.flinksoftmax.job.options;

import io.flinksoftmax.job.options.ScoringJobOptions.Documented;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

/**
 * Typed option values: Flink's {@link Configuration} converts them (durations, enums, booleans,
 * numbers); this adds the job's range checks (durations and counts positive, strings not blank) and
 * turns every refusal into a message that names the option and what it should be.
 */
final class OptionReader {

    /**
     * The longest duration any option takes: a year. Longer values only come from a slip (a unit
     * read as another) and overflow later arithmetic: milliseconds of a window times the state TTL
     * factor, event time plus a window.
     */
    static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * The highest parallelism: Flink's own upper bound on max parallelism (2^15, {@code
     * KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM}); above it a job fails at run time.
     */
    static final int MAX_PARALLELISM = 1 << 15;

    private final Map<String, String> raw;
    private final Configuration conf;

    OptionReader(Map<String, String> given) {
        this.raw = new TreeMap<>();
        given.forEach((key, value) -> raw.put(key, value.strip()));
        this.conf = Configuration.fromMap(raw);
    }

    /** The value given, or the option's default. */
    <T> T get(ConfigOption<T> option) {
        return optional(option).orElse(option.defaultValue());
    }

    /** The value given, if any. */
    <T> Optional<T> optional(ConfigOption<T> option) {
        if (!raw.containsKey(option.key())) {
            return Optional.empty();
        }
        T value;
        try {
            value = conf.get(option);
        } catch (IllegalArgumentException e) {
            throw refused(option);
        }
        boolean inRange = true;
        if (value instanceof Duration d) {
            inRange = !d.isZero() && !d.isNegative() && d.compareTo(MAX_DURATION) <= 0;
        } else if (value instanceof Integer n) {
            inRange = n >= 1 && (n <= MAX_PARALLELISM || !isParallelism(option));
        } else if (value instanceof MemorySize size) {
            inRange = size.getBytes() > 0;
        } else if (value instanceof String s) {
            inRange = !s.isBlank();
        }
        if (!inRange) {
            throw refused(option);
        }
        return Optional.of(value);
    }

    private static boolean isParallelism(ConfigOption<?> option) {
        return option.equals(ScoringJobOptions.PARALLELISM);
    }

    /** Every option under {@code prefix}, with the prefix removed, sorted by name. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        raw.forEach(
                (name, value) -> {
                    if (name.startsWith(prefix)) {
                        result.put(name.substring(prefix.length()), value);
                    }
                });
        return result;
    }

    private IllegalArgumentException refused(ConfigOption<?> option) {
        return new IllegalArgumentException(
                "--"
                        + option.key()
                        + " must be "
                        + expected(option)
                        + ", got '"
                        + raw.get(option.key())
                        + "'");
    }

    /** What an option accepts, in words, from how the docs write its argument. */
    private static String expected(ConfigOption<?> option) {
        String argument =
                ScoringJobOptions.ALL.stream()
                        .filter(d -> d.option().equals(option))
                        .map(Documented::argument)
                        .findFirst()
                        .orElse("");
        return switch (argument) {
            case "<duration>" -> "a positive duration such as 5s or 500ms, at most 365 d";
            case "<n>" -> "a whole number from 1 to " + MAX_PARALLELISM;
            case "<count>" -> "a whole number from 1 to " + Integer.MAX_VALUE;
            case "<size>" -> "a positive size such as 256mb or 1gb";
            case "[true|false]" -> "true or false";
            default -> argument.contains("|") ? argument.replace("|", " or ") : "non-empty";
        };
    }
}
