package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A valid {@code candidate_score} event: one candidate of a request whose candidates arrive one by
 * one (docs/events-and-decisions.md "Per-candidate events"). It is not scored alone: the request
 * assembler gathers a request's candidates and decides them together.
 *
 * @param request the request id, the decision's {@code id}
 * @param candidate the candidate's id, unique within its request
 * @param score a finite logit
 * @param bid finite and {@code >= 0}; {@code NaN} when the candidate has none
 * @param eligible {@code false}: probability 0 and never placed
 * @param expected how many candidates the request has, 1..{@code max_candidates}
 * @param placement the request's placement, or {@code null} ({@code default})
 * @param model the request's model tag, or {@code null}
 * @param temperature the request's temperature override, {@code NaN} when absent
 * @param eventTs epoch milliseconds, or {@link ScoringEvent#NO_EVENT_TS}
 * @param raw the record as read, for the dead letter if the candidate cannot be decided; {@code
 *     null} until the pipeline attaches it ({@link #withRaw})
 * @param readAt when the job read it, epoch milliseconds (0 until attached): the start of the
 *     assembly latency
 * @param unit the request's experiment unit ({@link ScoringEvent#unit()}), or {@code null}
 */
@PublicEvolving
public record CandidateScore(
        String request,
        String candidate,
        double score,
        double bid,
        boolean eligible,
        int expected,
        String placement,
        String model,
        double temperature,
        long eventTs,
        RawEvent raw,
        long readAt,
        String unit) {

    /** A candidate without a {@code unit}. */
    public CandidateScore(
            String request,
            String candidate,
            double score,
            double bid,
            boolean eligible,
            int expected,
            String placement,
            String model,
            double temperature,
            long eventTs,
            RawEvent raw,
            long readAt) {
        this(
                request,
                candidate,
                score,
                bid,
                eligible,
                expected,
                placement,
                model,
                temperature,
                eventTs,
                raw,
                readAt,
                null);
    }

    /** The value of {@code kind} that marks a per-candidate event. */
    public static final String KIND = "candidate_score";

    /** The same candidate, read from {@code record} at {@code when}. */
    public CandidateScore withRaw(RawEvent record, long when) {
        return new CandidateScore(
                request,
                candidate,
                score,
                bid,
                eligible,
                expected,
                placement,
                model,
                temperature,
                eventTs,
                record,
                when,
                unit);
    }

    public boolean hasBid() {
        return !Double.isNaN(bid);
    }

    public boolean hasEventTs() {
        return eventTs != ScoringEvent.NO_EVENT_TS;
    }

    /**
     * What must agree across the candidates of one request: {@code expected}, {@code placement},
     * {@code model}, {@code temperature} and {@code unit}; {@code null} when they agree with {@code
     * first}, else the first field that differs, named for the dead letter's message.
     */
    public String disagreement(CandidateScore first) {
        return disagreement(
                first.expected, first.placement, first.model, first.unit, first.temperature);
    }

    /**
     * As {@link #disagreement(CandidateScore)}, against a request's fields held apart from any
     * candidate (the assembler's open request).
     */
    public String disagreement(
            int theExpected,
            String thePlacement,
            String theModel,
            String theUnit,
            double theTemperature) {
        if (expected != theExpected) {
            return "expected "
                    + expected
                    + " (the request's first candidate said "
                    + theExpected
                    + ")";
        }
        if (!java.util.Objects.equals(placement, thePlacement)) {
            return "placement "
                    + quoted(placement)
                    + " (the first candidate's is "
                    + quoted(thePlacement)
                    + ")";
        }
        if (!java.util.Objects.equals(model, theModel)) {
            return "model "
                    + quoted(model)
                    + " (the first candidate's is "
                    + quoted(theModel)
                    + ")";
        }
        if (!java.util.Objects.equals(unit, theUnit)) {
            return "unit " + quoted(unit) + " (the first candidate's is " + quoted(theUnit) + ")";
        }
        if (Double.compare(temperature, theTemperature) != 0) {
            return "temperature "
                    + shown(temperature)
                    + " (the first candidate's is "
                    + shown(theTemperature)
                    + ")";
        }
        return null;
    }

    private static String quoted(String s) {
        return s == null ? "absent" : io.flinksoftmax.text.Texts.quote(s);
    }

    private static String shown(double t) {
        return Double.isNaN(t) ? "absent" : Double.toString(t);
    }
}
