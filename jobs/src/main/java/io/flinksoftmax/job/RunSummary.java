package io.flinksoftmax.job;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.operator.AttributionFunction;
import io.flinksoftmax.operator.CalibrationWindows;
import io.flinksoftmax.operator.EvaluationWindows;
import io.flinksoftmax.operator.ParseFeedbackFunction;
import io.flinksoftmax.operator.ScoringMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * What a bounded run did, from the job's accumulators: records read, decisions, dead letters by
 * reason, wall time and throughput.
 *
 * @param deadLettersByReason only reasons that occurred, by code
 * @param policyUpdates what the control input did
 * @param feedback feedback records read ({@code records}), refused ({@code dead letters}) and how
 *     the accepted ones ended ({@code attributed}, {@code late}, ...); empty without feedback
 * @param attribution with feedback, how the decisions ended in attribution ({@code calibrated},
 *     {@code no click}, ..., {@code late decision}), {@code decisions without ts} (not attributed),
 *     and the calibration outcomes and evaluation samples that came {@code late} for their window;
 *     only counts above 0
 */
@Internal
public record RunSummary(
        long recordsIn,
        long decisions,
        Map<String, Long> deadLettersByReason,
        Duration wallTime,
        PolicyUpdates policyUpdates,
        Map<String, Long> feedback,
        Map<String, Long> attribution,
        Assembly assembly) {

    /**
     * What became of the per-candidate records: {@code candidates} valid ones reached the
     * assembler; {@code decided} of them are in the {@code complete + partial} assembled decisions
     * (counted in {@link #decisions()} too); the rest are dead letters.
     */
    public record Assembly(long candidates, long decided, long complete, long partial) {
        public long requests() {
            return complete + partial;
        }
    }

    /**
     * What the control input did (README "Changing policies at runtime"), once per document.
     * Refused documents are also dead letters ({@code invalid_policy}) in the dead-letter output,
     * but not in {@link #deadLetters()}, which counts events.
     */
    public record PolicyUpdates(long applied, long ignored, long rejected) {
        public long total() {
            return applied + ignored + rejected;
        }
    }

    /** Reads the summary out of the accumulator results of a finished job. */
    public static RunSummary fromAccumulators(Map<String, Object> accumulators, Duration wallTime) {
        Map<String, Long> byReason = new TreeMap<>();
        for (Reason reason : Reason.values()) {
            long count =
                    count(accumulators, ScoringMetrics.ACC_DEAD_LETTERS_PREFIX + reason.code())
                            + count(
                                    accumulators,
                                    ScoringMetrics.ACC_ASSEMBLY_DEAD_LETTERS_PREFIX
                                            + reason.code());
            if (count > 0) {
                byReason.put(reason.code(), count);
            }
        }
        return new RunSummary(
                count(accumulators, ScoringMetrics.ACC_RECORDS_IN),
                count(accumulators, ScoringMetrics.ACC_DECISIONS),
                byReason,
                wallTime,
                new PolicyUpdates(
                        count(accumulators, ScoringMetrics.ACC_POLICY_UPDATES_APPLIED),
                        count(accumulators, ScoringMetrics.ACC_POLICY_UPDATES_IGNORED),
                        count(accumulators, ScoringMetrics.ACC_POLICY_UPDATES_REJECTED)),
                feedbackCounts(accumulators),
                attributionCounts(accumulators),
                new Assembly(
                        count(accumulators, ScoringMetrics.ACC_CANDIDATES_IN),
                        count(accumulators, ScoringMetrics.ACC_CANDIDATES_DECIDED),
                        count(accumulators, ScoringMetrics.ACC_REQUESTS_COMPLETE),
                        count(accumulators, ScoringMetrics.ACC_REQUESTS_PARTIAL)));
    }

    /** How decisions ended in attribution, by the names of the summary; empty without feedback. */
    private static Map<String, Long> attributionCounts(Map<String, Object> accumulators) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        if (count(accumulators, ParseFeedbackFunction.ACC_FEEDBACK_IN) == 0) {
            return counts;
        }
        for (AttributionFunction.DecisionCount c : AttributionFunction.DecisionCount.values()) {
            put(
                    counts,
                    c.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    count(accumulators, c.accumulatorName()));
        }
        put(
                counts,
                "decisions without ts",
                count(accumulators, ScoringMetrics.ACC_DECISIONS_WITHOUT_TS));
        put(counts, "late outcomes", count(accumulators, CalibrationWindows.ACC_LATE_OUTCOMES));
        put(
                counts,
                "late evaluation samples",
                count(accumulators, EvaluationWindows.ACC_LATE_SAMPLES));
        return counts;
    }

    private static void put(Map<String, Long> counts, String name, long n) {
        if (n > 0) {
            counts.put(name, n);
        }
    }

    /**
     * Feedback records read, refused, and how each accepted one ended (only those that occurred).
     */
    private static Map<String, Long> feedbackCounts(Map<String, Object> accumulators) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        long in = count(accumulators, ParseFeedbackFunction.ACC_FEEDBACK_IN);
        if (in == 0) {
            return counts;
        }
        counts.put("records", in);
        counts.put(
                "dead letters",
                count(accumulators, ParseFeedbackFunction.ACC_FEEDBACK_DEAD_LETTERS));
        for (AttributionFunction.Count c : AttributionFunction.Count.values()) {
            long n = count(accumulators, c.accumulatorName());
            if (n > 0) {
                counts.put(c.name().toLowerCase(Locale.ROOT).replace('_', ' '), n);
            }
        }
        return counts;
    }

    /** Dead letters of events (the balance's); see {@link #deadLetterRecords()} for all. */
    public long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Every record written to the dead-letter output: events', refused policy documents' and
     * refused feedback records' (they share the output).
     */
    public long deadLetterRecords() {
        return deadLetters() + policyUpdates.rejected() + feedback.getOrDefault("dead letters", 0L);
    }

    /**
     * Nothing was lost: every record read is in one decision or one dead letter. A whole event is
     * one decision; the candidates of an assembled request share one.
     */
    public boolean balanced() {
        return recordsIn == decisions - assembly.requests() + assembly.decided() + deadLetters();
    }

    /** A few lines for a person at a terminal. */
    public String render(String decisionsAt, String deadLettersAt) {
        StringBuilder s = new StringBuilder();
        double seconds = wallTime.toNanos() / 1e9;
        s.append(String.format(Locale.ROOT, "events read    %,10d%n", recordsIn));
        s.append(
                String.format(
                        Locale.ROOT, "decisions      %,10d  -> %s%n", decisions, decisionsAt));
        if (assembly.candidates() > 0) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  assembled      %,8d  from %,d of %,d candidate records (complete"
                                    + " %,d, partial %,d)%n",
                            assembly.requests(),
                            assembly.decided(),
                            assembly.candidates(),
                            assembly.complete(),
                            assembly.partial()));
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "dead letters   %,10d  -> %s%s%n",
                        deadLetters(),
                        deadLettersAt,
                        deadLetterRecords() > deadLetters() ? " (events')" : ""));
        deadLettersByReason.forEach(
                (reason, count) ->
                        s.append(String.format(Locale.ROOT, "  %-24s %,8d%n", reason, count)));
        if (policyUpdates.total() > 0) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "policy updates %,10d  applied %,d, ignored as stale %,d, refused %,d"
                                    + " (dead letters invalid_policy)%n",
                            policyUpdates.total(),
                            policyUpdates.applied(),
                            policyUpdates.ignored(),
                            policyUpdates.rejected()));
        }
        if (!feedback.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            feedback.forEach(
                    (kind, n) -> {
                        if (!kind.equals("records")) {
                            kinds.append(kinds.length() == 0 ? "" : ", ")
                                    .append(kind)
                                    .append(' ')
                                    .append(String.format(Locale.ROOT, "%,d", n));
                        }
                    });
            s.append(
                    String.format(
                            Locale.ROOT,
                            "feedback       %,10d  %s%n",
                            feedback.get("records"),
                            kinds));
        }
        if (!attribution.isEmpty()) {
            StringBuilder kinds = new StringBuilder();
            attribution.forEach(
                    (kind, n) ->
                            kinds.append(kinds.length() == 0 ? "" : ", ")
                                    .append(kind)
                                    .append(' ')
                                    .append(String.format(Locale.ROOT, "%,d", n)));
            s.append(String.format(Locale.ROOT, "attribution    %s%n", kinds));
        }
        if (deadLetterRecords() > deadLetters()) {
            // The folder or topic holds more than the events' dead letters: say what it holds.
            s.append(
                    String.format(
                            Locale.ROOT,
                            "dead-letter records %,5d  -> %s: events %,d, policy documents %,d,"
                                    + " feedback %,d%n",
                            deadLetterRecords(),
                            deadLettersAt,
                            deadLetters(),
                            policyUpdates.rejected(),
                            feedback.getOrDefault("dead letters", 0L)));
        }
        s.append(
                String.format(
                        Locale.ROOT, "wall time      %10.2f s (job start-up included)%n", seconds));
        s.append(
                String.format(
                        Locale.ROOT,
                        "throughput     %,10.0f events/s%n",
                        seconds > 0 ? recordsIn / seconds : 0.0));
        if (!balanced()) {
            s.append(
                            "WARNING: events read != decisions + dead letters (a candidate record"
                                    + " counts once, in its request's decision or as a dead"
                                    + " letter)")
                    .append(System.lineSeparator());
        }
        return s.toString();
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
