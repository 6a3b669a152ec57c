package io.flinksoftmax.encode;

import static io.flinksoftmax.encode.JsonBuffer.token;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.CandidateIds;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.policy.OutputFormat;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Writes a {@link Decision} as one JSON object (docs/events-and-decisions.md "Output: one decision
 * per valid event"), in one of two shapes ({@link OutputFormat}): compact, the default, with what a
 * consumer acts on (click candidates as two aligned arrays, {@code ranked} ids and their {@code
 * probabilities}, in decision order); or full, with one object per candidate, the input's scores
 * and bids, and every diagnostic. Every field of a shape is always present, with {@code null} where
 * there is no value (no bid, no slot, no true label, the log probability of an ineligible
 * candidate), so consumers can rely on the schema. Doubles are written in the shortest form that
 * reads back to the same value. The two values that can legitimately be infinite are written as
 * strings, so that {@code null} keeps one meaning: {@code "-Infinity"} for the log probability of
 * an eligible candidate whose probability underflowed, {@code "Infinity"} for the loss of a true
 * label with probability 0.
 *
 * <p>Not thread safe (it reuses its buffer): one per operator instance.
 *
 * <pre>{@code
 * byte[] json = new DecisionJson(OutputFormat.COMPACT).toJson(decision);
 * }</pre>
 */
@PublicEvolving
public final class DecisionJson {

    private static final byte[] ID = token("{\"id\":");
    private static final byte[] KIND = token(",\"kind\":");
    private static final byte[] PLACEMENT = token(",\"placement\":");
    private static final byte[] MODEL = token(",\"model\":");
    private static final byte[] POLICY = token(",\"policy\":");
    private static final byte[] POLICY_VERSION = token(",\"policy_version\":");
    private static final byte[] EXPERIMENT = token(",\"experiment\":");
    private static final byte[] VARIANT = token(",\"variant\":");
    private static final byte[] MODE = token(",\"mode\":");
    private static final byte[] TEMPERATURE = token(",\"temperature\":");
    private static final byte[] RANK_BY = token(",\"rank_by\":");
    private static final byte[] CANDIDATES = token(",\"candidates\":[");
    private static final byte[] CANDIDATE_ID = token("{\"id\":");
    private static final byte[] SCORE = token(",\"score\":");
    private static final byte[] BID = token(",\"bid\":");
    private static final byte[] ELIGIBLE = token(",\"eligible\":");
    private static final byte[] PROBABILITY = token(",\"probability\":");
    private static final byte[] LOG_PROBABILITY = token(",\"log_probability\":");
    private static final byte[] EXPECTED_VALUE = token(",\"expected_value\":");
    private static final byte[] RANK = token(",\"rank\":");
    private static final byte[] SLOT = token(",\"slot\":");
    private static final byte[] PLACED = token("],\"placed\":[");
    private static final byte[] PROPENSITY = token(",\"propensity\":");
    private static final byte[] PROPENSITIES = token("],\"propensities\":[");
    private static final byte[] RANKING_PROPENSITY = token("],\"ranking_propensity\":");
    private static final byte[] FULL_RANKING_PROPENSITY = token(",\"ranking_propensity\":");
    private static final byte[] PREDICTED = token(",\"predicted\":");
    private static final byte[] PROBABILITIES = token(",\"probabilities\":[");
    private static final byte[] LOG_PROBABILITIES = token("],\"log_probabilities\":[");
    private static final byte[] TOP_K = token("],\"top_k\":[");
    private static final byte[] LABEL_FIRST = token("{\"label\":");
    private static final byte[] LABEL = token("],\"label\":");
    private static final byte[] LOSS = token(",\"loss\":");
    private static final byte[] CORRECT = token(",\"correct\":");
    private static final byte[] CONFIDENCE = token(",\"confidence\":{\"top_probability\":");
    private static final byte[] MARGIN = token(",\"margin\":");
    private static final byte[] ENTROPY = token(",\"entropy\":");
    private static final byte[] NORMALIZED_ENTROPY = token(",\"normalized_entropy\":");
    private static final byte[] EVENT_TS = token("},\"event_ts\":");
    private static final byte[] SCORED_TS = token(",\"scored_ts\":");
    private static final byte[] ASSEMBLY_RECEIVED = token(",\"assembly\":{\"received\":");
    private static final byte[] ASSEMBLY_EXPECTED = token(",\"expected\":");
    private static final byte[] RANKED = token(",\"ranked\":[");
    private static final byte[] RANKED_PROBABILITIES = token("],\"probabilities\":[");
    private static final byte[] COMPACT_TOP_K = token(",\"top_k\":[");

    private final JsonBuffer out = new JsonBuffer();
    private final boolean full;

    /** A writer of the default, {@link OutputFormat#COMPACT}, shape. */
    public DecisionJson() {
        this(OutputFormat.COMPACT);
    }

    public DecisionJson(OutputFormat format) {
        this.full = format == OutputFormat.FULL;
    }

    /** The decision as UTF-8 JSON, without a trailing newline. */
    public byte[] toJson(Decision d) {
        return toJson(d, null);
    }

    /**
     * The decision of an assembled request: also {@code "assembly":{"received":n,"expected":m}}
     * (none when {@code assembly} is {@code null}).
     */
    public byte[] toJson(Decision d, RawEvent.Assembly assembly) {
        out.reset();
        out.raw(ID).string(d.id());
        out.raw(KIND).string(d.event().kind().wireName());
        if (full) {
            out.raw(PLACEMENT).string(d.event().placement());
        }
        out.raw(MODEL).string(d.event().model());
        out.raw(POLICY).string(d.policy().name());
        out.raw(POLICY_VERSION).number(d.policy().version());
        if (d.assignment() != null) {
            out.raw(EXPERIMENT).string(d.assignment().experiment());
            out.raw(VARIANT).string(d.assignment().variant());
        }
        out.raw(MODE).string(d.policy().mode().wireName());
        out.raw(TEMPERATURE).number(d.temperature());
        if (d instanceof ClickDecision click) {
            if (full) {
                writeClick(click);
            } else {
                writeCompactClick(click);
            }
        } else if (full) {
            writeClass((ClassDecision) d);
        } else {
            writeCompactClass((ClassDecision) d);
        }
        writeConfidence(d.confidence());
        out.raw(EVENT_TS);
        if (d.event().hasEventTs()) {
            out.number(d.event().eventTs());
        } else {
            out.nullValue();
        }
        out.raw(SCORED_TS).number(d.scoredTs());
        if (assembly != null) {
            out.raw(ASSEMBLY_RECEIVED).number(assembly.received());
            out.raw(ASSEMBLY_EXPECTED).number(assembly.expected()).raw('}');
        }
        out.raw('}');
        return out.toByteArray();
    }

    /** Candidate ids in decision order, their probabilities aligned, then the placed ids. */
    private void writeCompactClick(ClickDecision d) {
        CandidateIds ids = d.event().ids();
        double[] p = d.probabilities();
        out.raw(RANKED);
        int[] order = d.order();
        for (int k = 0; k < order.length; k++) {
            if (k > 0) {
                out.raw(',');
            }
            out.id(ids, order[k]);
        }
        out.raw(RANKED_PROBABILITIES);
        for (int k = 0; k < order.length; k++) {
            if (k > 0) {
                out.raw(',');
            }
            out.number(p[order[k]]);
        }
        int[] placed = writePlaced(d);
        out.raw(PROPENSITIES);
        for (int k = 0; k < placed.length; k++) {
            if (k > 0) {
                out.raw(',');
            }
            out.number(d.propensities()[placed[k]]);
        }
        out.raw(RANKING_PROPENSITY).number(d.rankingPropensity());
    }

    private void writeCompactClass(ClassDecision d) {
        out.raw(PREDICTED).string(d.predicted());
        out.raw(COMPACT_TOP_K);
        writeTopK(d);
        out.raw(']');
    }

    private void writeClick(ClickDecision d) {
        ClickScores e = d.event();
        double[] p = d.probabilities();
        out.raw(RANK_BY).string(d.policy().rankBy().wireName());
        out.raw(CANDIDATES);
        int rank = 0;
        for (int i : d.order()) {
            if (rank > 0) {
                out.raw(',');
            }
            out.raw(CANDIDATE_ID).id(e.ids(), i);
            out.raw(SCORE).number(e.scores()[i]);
            out.raw(BID).number(e.bids()[i]);
            out.raw(ELIGIBLE).bool(e.eligible()[i]);
            out.raw(PROBABILITY).number(p[i]);
            out.raw(LOG_PROBABILITY);
            if (e.eligible()[i]) {
                out.numberOrInfinity(d.logProbabilities()[i]);
            } else {
                out.nullValue();
            }
            out.raw(EXPECTED_VALUE).number(d.expectedValue(i));
            out.raw(RANK).number(++rank);
            out.raw(SLOT);
            if (d.slots()[i] > 0) {
                out.number(d.slots()[i]);
                out.raw(PROPENSITY).number(d.propensities()[i]);
            } else {
                out.nullValue();
                out.raw(PROPENSITY).nullValue();
            }
            out.raw('}');
        }
        writePlaced(d);
        out.raw(']').raw(FULL_RANKING_PROPENSITY).number(d.rankingPropensity());
    }

    /**
     * {@code ],"placed":[...}: closes the candidates array and lists the placed ids in slot order,
     * leaving the list open; returns their indices.
     */
    private int[] writePlaced(ClickDecision d) {
        out.raw(PLACED);
        int[] placed = d.placedIndices();
        for (int k = 0; k < placed.length; k++) {
            if (k > 0) {
                out.raw(',');
            }
            out.id(d.event().ids(), placed[k]);
        }
        return placed;
    }

    private void writeClass(ClassDecision d) {
        ClassLogits e = d.event();
        out.raw(PREDICTED).string(d.predicted());
        out.raw(PROBABILITIES);
        numbers(d.probabilities());
        out.raw(LOG_PROBABILITIES);
        double[] logP = d.logProbabilities();
        for (int i = 0; i < logP.length; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.numberOrInfinity(logP[i]);
        }
        out.raw(TOP_K);
        writeTopK(d);
        out.raw(LABEL).string(e.label());
        out.raw(LOSS).numberOrInfinity(d.loss()); // NaN without a true label: null
        out.raw(CORRECT);
        Boolean correct = d.correct();
        if (correct == null) {
            out.nullValue();
        } else {
            out.bool(correct);
        }
    }

    private void writeTopK(ClassDecision d) {
        boolean first = true;
        for (int i : d.topK()) {
            if (!first) {
                out.raw(',');
            }
            out.raw(LABEL_FIRST).string(d.event().labelAt(i));
            out.raw(PROBABILITY).number(d.probabilities()[i]);
            out.raw('}');
            first = false;
        }
    }

    private void numbers(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.number(values[i]);
        }
    }

    private void writeConfidence(Confidence c) {
        out.raw(CONFIDENCE).number(c.topProbability());
        out.raw(MARGIN).number(c.margin());
        out.raw(ENTROPY).number(c.entropy());
        out.raw(NORMALIZED_ENTROPY).number(c.normalizedEntropy());
    }
}
