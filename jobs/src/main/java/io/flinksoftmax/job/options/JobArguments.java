package io.flinksoftmax.job.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Separates the job's own options from the {@code -D key=value} settings a Flink entrypoint adds to
 * them. In application mode the image's {@code standalone-job.sh} appends the JobManager's computed
 * {@code -D jobmanager.memory.*=...} pairs after the user's arguments, and the entrypoint's parser
 * (which stops at the first option it does not know) hands them on to {@code main()}. They are
 * settings of the JobManager process, already in force there, so the job does not apply them; the
 * caller says once that they were ignored.
 *
 * <p>Both spellings are taken, anywhere on the line: {@code -D key=value} and {@code -Dkey=value}.
 * A {@code -D} without a {@code key=value} after it is refused: it is neither a setting nor one of
 * the job's options.
 *
 * @param jobArgs the arguments for the job's own parser, in their order
 * @param flinkSettings the {@code -D} settings, in their order (a key given twice keeps the last)
 */
public record JobArguments(List<String> jobArgs, Map<String, String> flinkSettings) {

    private static final String DYNAMIC_PROPERTY = "-D";

    public JobArguments {
        jobArgs = List.copyOf(jobArgs);
        flinkSettings = Map.copyOf(flinkSettings);
    }

    /**
     * @throws IllegalArgumentException for a {@code -D} that is not followed by {@code key=value}
     */
    public static JobArguments split(String[] args) {
        List<String> job = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(DYNAMIC_PROPERTY)) {
                String pair = i + 1 < args.length ? args[++i] : "";
                put(settings, pair, arg + " " + pair);
            } else if (arg.startsWith(DYNAMIC_PROPERTY) && arg.length() > 2) {
                put(settings, arg.substring(2), arg);
            } else {
                job.add(arg);
            }
        }
        return new JobArguments(job, settings);
    }

    private static void put(Map<String, String> settings, String pair, String given) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(
                    "cannot read the command line: '"
                            + given.strip()
                            + "' is neither a job option (--key value) nor a Flink setting"
                            + " (-D key=value)");
        }
        settings.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
}
