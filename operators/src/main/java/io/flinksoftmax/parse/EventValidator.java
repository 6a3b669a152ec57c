package io.flinksoftmax.parse;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.EventKind;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.text.Texts;
import java.util.Arrays;

/**
 * Turns the fields of a syntactically valid record into an event, applying the rules of the event
 * contract in a fixed order so that a record with several problems always gets the same reason.
 *
 * <p>Identifier-like values (event and candidate ids, model, labels) are bounded by {@code
 * limits.max_id_length} code points, so an accepted event's output is bounded too; messages quote
 * user values only through {@link Texts#quote(String)}, so a dead letter stays small.
 */
final class EventValidator {

    /** How many placement names an unknown_placement message lists. */
    private static final int PLACEMENTS_LISTED = 10;

    private final ScoringConfig config;
    private final Limits limits;
    private final EventArrays arrays;

    /** A validator whose events are values: {@link EventArrays#FRESH}. */
    EventValidator(ScoringConfig config) {
        this(config, EventArrays.FRESH);
    }

    /**
     * @param arrays where an accepted {@code click_scores} event's arrays come from
     */
    EventValidator(ScoringConfig config, EventArrays arrays) {
        this.config = config;
        this.limits = config.limits();
        this.arrays = arrays;
    }

    ParseResult validate(Fields f) {
        if (CandidateScore.KIND.equals(f.kind)) {
            return candidate(f);
        }
        String id = f.id;
        if (id != null && !isIdentifier(id, 1)) {
            return reject(Reason.INVALID_ID, lengthMessage("id", 1, id), null);
        }
        if (f.problem != null) {
            return reject(f.problem, f.problemMessage, id);
        }
        if (f.model != null && !isIdentifier(f.model, 0)) {
            return reject(Reason.INVALID_ID, lengthMessage("model", 0, f.model), id);
        }
        if (f.unit != null && !isIdentifier(f.unit, 1)) {
            return reject(Reason.INVALID_ID, lengthMessage("unit", 1, f.unit), id);
        }
        if (id == null) {
            return reject(Reason.MISSING_FIELD, "id is required", null);
        }
        if (f.kind == null) {
            return reject(Reason.MISSING_FIELD, "kind is required: " + kinds(), id);
        }
        EventKind kind = EventKind.fromWireName(f.kind);
        if (kind == null) {
            return reject(
                    Reason.UNKNOWN_KIND,
                    "kind must be " + kinds() + ", got " + Texts.quote(f.kind),
                    id);
        }
        ParseResult.Rejected request = requestProblem(f, id);
        if (request != null) {
            return request;
        }
        ScoringPolicy policy = config.policyFor(f.placement);
        return kind == EventKind.CLICK_SCORES ? clickScores(f, policy) : classLogits(f);
    }

    private ParseResult clickScores(Fields f, ScoringPolicy policy) {
        String id = f.id;
        int n = f.candidateCount;
        if (!f.hasCandidates) {
            return reject(Reason.MISSING_FIELD, "candidates is required for kind click_scores", id);
        }
        if (n == 0) {
            return reject(Reason.EMPTY_INPUT, "candidates is empty", id);
        }
        boolean anyEligible = false;
        for (int i = 0; i < n; i++) {
            if (!f.hasCandidateId(i)) {
                return reject(Reason.MISSING_FIELD, "candidates[" + i + "].id is required", id);
            }
            if (!limits.fitsIdUtf8(f.idBytes(), f.idStart(i), f.idEnd(i), 1)) {
                return reject(
                        Reason.INVALID_ID,
                        lengthMessage("candidates[" + i + "].id", 1, f.candidateId(i)),
                        id);
            }
            if (!f.hasScore[i]) {
                return reject(Reason.MISSING_FIELD, "candidates[" + i + "].score is required", id);
            }
            if (!Double.isFinite(f.scores[i])) {
                return reject(
                        Reason.NON_FINITE_SCORE,
                        "candidates[" + i + "].score must be a finite number",
                        id);
            }
            if (f.hasBid[i] && !(f.bids[i] >= 0 && Double.isFinite(f.bids[i]))) {
                return reject(
                        Reason.INVALID_BID,
                        "candidates[" + i + "].bid must be a finite number >= 0, got " + f.bids[i],
                        id);
            }
            anyEligible |= f.eligible[i];
        }
        String duplicate = Duplicates.findIds(f, n);
        if (duplicate != null) {
            return reject(Reason.DUPLICATE_ID, duplicate, id);
        }
        if (!anyEligible) {
            return reject(Reason.NO_ELIGIBLE_CANDIDATES, "every candidate has eligible: false", id);
        }
        if (policy.rankBy() == RankBy.EXPECTED_VALUE) {
            for (int i = 0; i < n; i++) {
                if (f.eligible[i] && !f.hasBid[i]) {
                    return reject(
                            Reason.MISSING_BID,
                            "candidates["
                                    + i
                                    + "].bid is required: policy '"
                                    + policy.name()
                                    + "' ranks by expected_value",
                            id);
                }
            }
        }
        return new ParseResult.Accepted(
                new ClickScores(
                        id,
                        f.model,
                        f.placement,
                        f.ts,
                        f.temperature,
                        f.candidateIds(n, arrays),
                        arrays.scores(f.scores, n),
                        arrays.bids(f.bids, n),
                        arrays.eligible(f.eligible, n),
                        f.unit));
    }

    /**
     * A {@code candidate_score} event: {@code request} takes the place of {@code id} (which it
     * ignores), its candidate follows the rules of a {@code click_scores} candidate, and {@code
     * expected} is 1..{@code max_candidates}.
     */
    private ParseResult candidate(Fields f) {
        String request = f.request;
        if (request != null && !isIdentifier(request, 1)) {
            return reject(Reason.INVALID_ID, lengthMessage("request", 1, request), null);
        }
        if (f.problem != null) {
            return reject(f.problem, f.problemMessage, request);
        }
        if (f.candidateProblem != null) {
            return reject(f.candidateProblem, f.candidateProblemMessage, request);
        }
        if (f.model != null && !isIdentifier(f.model, 0)) {
            return reject(Reason.INVALID_ID, lengthMessage("model", 0, f.model), request);
        }
        if (f.unit != null && !isIdentifier(f.unit, 1)) {
            return reject(Reason.INVALID_ID, lengthMessage("unit", 1, f.unit), request);
        }
        if (request == null) {
            return reject(
                    Reason.MISSING_FIELD, "request is required for kind candidate_score", null);
        }
        ParseResult.Rejected problem = requestProblem(f, request);
        if (problem != null) {
            return problem;
        }
        ScoringPolicy policy = config.policyFor(f.placement);
        if (f.candidate == null) {
            return reject(
                    Reason.MISSING_FIELD,
                    "candidate is required for kind candidate_score",
                    request);
        }
        if (!isIdentifier(f.candidate, 1)) {
            return reject(Reason.INVALID_ID, lengthMessage("candidate", 1, f.candidate), request);
        }
        if (!f.hasScore1) {
            return reject(Reason.MISSING_FIELD, "score is required", request);
        }
        if (!Double.isFinite(f.score)) {
            return reject(Reason.NON_FINITE_SCORE, "score must be a finite number", request);
        }
        boolean hasBid = !Double.isNaN(f.bid);
        if (hasBid && !(f.bid >= 0 && Double.isFinite(f.bid))) {
            return reject(
                    Reason.INVALID_BID, "bid must be a finite number >= 0, got " + f.bid, request);
        }
        if (!f.expectedGiven) {
            return reject(
                    Reason.MISSING_FIELD,
                    "expected is required: how many candidates the request has",
                    request);
        }
        if (f.expected < 1) {
            return reject(
                    Reason.EMPTY_INPUT, "expected must be at least 1, got " + f.expected, request);
        }
        if (f.expected > limits.maxCandidates()) {
            return reject(
                    Reason.TOO_MANY_INPUTS,
                    "expected is "
                            + f.expected
                            + "; limits.max_candidates is "
                            + limits.maxCandidates(),
                    request);
        }
        if (policy.rankBy() == RankBy.EXPECTED_VALUE && f.eligible1 && !hasBid) {
            return reject(
                    Reason.MISSING_BID,
                    "bid is required: policy '" + policy.name() + "' ranks by expected_value",
                    request);
        }
        return new ParseResult.Candidate(
                new CandidateScore(
                        request,
                        f.candidate,
                        f.score,
                        f.bid,
                        f.eligible1,
                        (int) f.expected,
                        f.placement,
                        f.model,
                        f.temperature,
                        f.ts,
                        null,
                        0L,
                        f.unit));
    }

    private ParseResult classLogits(Fields f) {
        String id = f.id;
        int n = f.logitCount;
        if (!f.hasLogits) {
            return reject(Reason.MISSING_FIELD, "logits is required for kind class_logits", id);
        }
        if (n == 0) {
            return reject(Reason.EMPTY_INPUT, "logits is empty", id);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(f.logits[i])) {
                return reject(
                        Reason.NON_FINITE_SCORE, "logits[" + i + "] must be a finite number", id);
            }
        }
        String[] labels = null;
        if (f.hasLabels) {
            if (f.labelCount != n) {
                return reject(
                        Reason.LABELS_MISMATCH,
                        "labels has " + f.labelCount + " entries but logits has " + n,
                        id);
            }
            for (int i = 0; i < n; i++) {
                if (f.labels[i] != null && !isIdentifier(f.labels[i], 1)) {
                    return reject(
                            Reason.INVALID_ID,
                            lengthMessage("labels[" + i + "]", 1, f.labels[i]),
                            id);
                }
            }
            String duplicate = Duplicates.find(f.labels, n, "labels[%d]");
            if (duplicate != null) {
                return reject(Reason.DUPLICATE_ID, duplicate, id);
            }
            labels = Arrays.copyOf(f.labels, n);
        }
        ClassLogits event =
                new ClassLogits(
                        id,
                        f.model,
                        f.placement,
                        f.ts,
                        f.temperature,
                        Arrays.copyOf(f.logits, n),
                        labels,
                        f.label,
                        f.unit);
        if (f.label != null && event.labelIndex() < 0) {
            return reject(
                    Reason.UNKNOWN_LABEL,
                    "label " + Texts.quote(f.label) + " is not one of the event's " + n + " labels",
                    id);
        }
        return new ParseResult.Accepted(event);
    }

    /**
     * What the request-level fields every kind shares get wrong: a {@code placement} without a
     * policy, a {@code temperature} that is not finite and above 0; {@code null} when both are
     * fine.
     */
    private ParseResult.Rejected requestProblem(Fields f, String id) {
        if (config.policyFor(f.placement) == null) {
            return new ParseResult.Rejected(
                    Reason.UNKNOWN_PLACEMENT,
                    "placement "
                            + Texts.quote(f.placement)
                            + " has no policy; known: "
                            + knownPlacements(),
                    id);
        }
        if (f.hasTemperature && !(f.temperature > 0 && Double.isFinite(f.temperature))) {
            return new ParseResult.Rejected(
                    Reason.INVALID_TEMPERATURE,
                    "temperature must be a finite number > 0, got " + f.temperature,
                    id);
        }
        return null;
    }

    /** Whether {@code value} has {@code min..max_id_length} code points. */
    private boolean isIdentifier(String value, int min) {
        return limits.fitsId(value, min);
    }

    private String lengthMessage(String field, int min, String value) {
        return limits.idLengthMessage(field, min, value);
    }

    private String knownPlacements() {
        var names = config.policies().keySet().stream().sorted().toList();
        return names.size() <= PLACEMENTS_LISTED
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, PLACEMENTS_LISTED)) + ", ...";
    }

    private static String kinds() {
        return EventKind.CLICK_SCORES.wireName()
                + ", "
                + EventKind.CLASS_LOGITS.wireName()
                + " or "
                + CandidateScore.KIND;
    }

    private static ParseResult reject(Reason reason, String message, String id) {
        return new ParseResult.Rejected(reason, message, id);
    }
}
