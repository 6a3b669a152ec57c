package io.flinksoftmax.job;

import io.flinksoftmax.job.options.ScoringJobOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * Recognises the restore failure a changed job graph causes, and says it in one line that names the
 * job's own option. Flink's message (a checkpoint holds state of an operator the new job does not
 * have) recommends {@code --allowNonRestoredState}, an option of Flink's CLI that the job's own
 * resume from {@code --checkpoint-dir} does not read; the job's counterpart is {@code
 * --allow-non-restored-state}.
 */
@Internal
public final class RestoreFailure {

    /** What Flink's checkpoint loader says when a checkpoint's operator is not in the job. */
    private static final String MARKER = "is not available in the new program";

    private static final Pattern OPERATOR = Pattern.compile("for operator (\\S+) to the new");

    private RestoreFailure() {}

    /**
     * The one-line explanation when {@code failure} (or one of its causes) is Flink's refusal to
     * drop unclaimed state, else {@code null}.
     */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(MARKER)) {
                return "cannot resume: the checkpoint holds state of an operator this job no longer"
                        + " has (an input was removed or an operator renamed). Start with --"
                        + ScoringJobOptions.ALLOW_NON_RESTORED_STATE.key()
                        + " to drop that state, or with another --checkpoint-dir to start afresh"
                        + operator(message);
            }
        }
        return null;
    }

    /** Flink names the operator as "for operator <id> to the new program"; " (operator <id>)". */
    private static String operator(String message) {
        Matcher m = OPERATOR.matcher(message);
        return m.find() ? " (operator " + m.group(1) + ")" : "";
    }
}
