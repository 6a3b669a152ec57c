package io.flinksoftmax.job.options;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Splits a command line into option values: {@code --key value}, {@code --key=value}, and a flag
 * given alone ({@code --overwrite}) reads as {@code true}; any other option given alone maps to
 * {@code null}. Types and names are checked later, against {@link ScoringJobOptions}.
 *
 * <p>Not Flink's {@code ParameterTool}: it takes a value that starts with {@code -} (such as {@code
 * -1s}) for the next option, and marks a flag with an internal placeholder value.
 */
final class CommandLine {

    private CommandLine() {}

    /**
     * @param flags the options that may be given without a value (booleans)
     * @throws IllegalArgumentException for a word that is not an option, or an option given twice
     */
    static Map<String, String> parse(String[] args, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "cannot read the command line: '" + arg + "' is not an option (--key)");
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 2) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                key = arg.substring(2);
                boolean hasNext = i + 1 < args.length && !args[i + 1].startsWith("--");
                if (hasNext) {
                    value = args[++i];
                } else if (flags.contains(key)) {
                    value = "true";
                } else {
                    value = null; // refused once the name is known to be right
                }
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException("--" + key + " is given twice; give it once");
            }
        }
        return values;
    }
}
