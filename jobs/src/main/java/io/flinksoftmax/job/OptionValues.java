package io.flinksoftmax.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.TimeUtils;

/**
 * Option values by name (the config file's {@code job:} section overridden by the command line),
 * read once into typed values; every bad value fails with a message that names the option and what
 * it should be.
 */
final class OptionValues {

    private final Map<String, String> values;

    OptionValues(Map<String, String> values) {
        this.values = values;
    }

    String string(String name, String fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return value.trim();
    }

    Path path(String name, String fallback) {
        String value = string(name, fallback);
        return value == null ? null : Path.of(value);
    }

    /** A whole number >= 1, or {@code fallback} when not given. */
    int positiveInt(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "--" + name + " must be a whole number >= 1, got '" + value + "'");
    }

    boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "--" + name + " must be true or false, got '" + value + "'");
        };
    }

    /** A positive duration such as {@code 5s}, {@code 500 ms} or {@code 1 min}. */
    Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = TimeUtils.parseDuration(value.trim());
            if (!d.isZero() && !d.isNegative()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "--"
                        + name
                        + " must be a positive duration such as 5s or 500ms, got '"
                        + value
                        + "'");
    }

    /** One of the enum's constants, written in lower case with '-' for '_'. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            String spelled = spell(constant);
            if (spelled.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return constant;
            }
            allowed.append(allowed.length() == 0 ? "" : " or ").append(spelled);
        }
        throw new IllegalArgumentException(
                "--" + name + " must be " + allowed + ", got '" + value + "'");
    }

    /** Every option under {@code prefix}, with the prefix removed, sorted by name. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        values.forEach(
                (name, value) -> {
                    if (name.startsWith(prefix)) {
                        result.put(name.substring(prefix.length()), value);
                    }
                });
        return result;
    }

    /**
     * How an enum constant is written as an option value: {@code AT_LEAST_ONCE} -> {@code
     * at-least-once}.
     */
    static String spell(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
