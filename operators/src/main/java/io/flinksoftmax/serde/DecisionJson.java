package io.flinksoftmax.serde;

import static io.flinksoftmax.serde.JsonOutput.nullableLong;
import static io.flinksoftmax.serde.JsonOutput.nullableString;
import static io.flinksoftmax.serde.JsonOutput.number;

import com.fasterxml.jackson.core.JsonGenerator;
import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import java.io.IOException;

/**
 * Writes a {@link Decision} as one JSON object (DESIGN.md section 4). Every field is always
 * present, with {@code null} where there is no value (no bid, no slot, no true label, a log
 * probability of {@code -Infinity}), so consumers can rely on the schema.
 *
 * <p>Not thread safe: one per operator instance.
 *
 * <pre>{@code
 * byte[] json = new DecisionJson().toJson(decision);
 * }</pre>
 */
public final class DecisionJson {

    private final JsonOutput out = new JsonOutput();

    /** The decision as UTF-8 JSON, without a trailing newline. */
    public byte[] toJson(Decision decision) {
        return out.write(decision, DecisionJson::writeDecision);
    }

    private static void writeDecision(JsonGenerator g, Decision d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("kind", d.event().kind().wireName());
        nullableString(g, "placement", d.event().placement());
        nullableString(g, "model", d.event().model());
        g.writeStringField("policy", d.policy().name());
        g.writeStringField("mode", d.policy().mode().wireName());
        g.writeNumberField("temperature", d.temperature());
        if (d instanceof ClickDecision click) {
            writeClick(g, click);
        } else {
            writeClass(g, (ClassDecision) d);
        }
        writeConfidence(g, d.confidence());
        nullableLong(g, "event_ts", d.event().eventTs());
        g.writeNumberField("scored_ts", d.scoredTs());
        g.writeEndObject();
    }

    private static void writeClick(JsonGenerator g, ClickDecision d) throws IOException {
        ClickScores e = d.event();
        g.writeStringField("rank_by", d.policy().rankBy().wireName());
        g.writeArrayFieldStart("candidates");
        int rank = 0;
        for (int i : d.order()) {
            g.writeStartObject();
            g.writeStringField("id", e.candidateIds()[i]);
            g.writeNumberField("score", e.scores()[i]);
            number(g, "bid", e.bids()[i]);
            g.writeBooleanField("eligible", e.eligible()[i]);
            g.writeNumberField("probability", d.probabilities()[i]);
            number(g, "log_probability", d.logProbabilities()[i]);
            number(g, "expected_value", d.expectedValue(i));
            g.writeNumberField("rank", ++rank);
            if (d.slots()[i] > 0) {
                g.writeNumberField("slot", d.slots()[i]);
            } else {
                g.writeNullField("slot");
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("placed");
        for (int i : d.order()) {
            if (d.slots()[i] > 0) {
                g.writeString(e.candidateIds()[i]);
            }
        }
        g.writeEndArray();
    }

    private static void writeClass(JsonGenerator g, ClassDecision d) throws IOException {
        ClassLogits e = d.event();
        g.writeStringField("predicted", d.predicted());
        g.writeArrayFieldStart("probabilities");
        for (double p : d.probabilities()) {
            g.writeNumber(p);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("log_probabilities");
        for (double logP : d.logProbabilities()) {
            if (Double.isFinite(logP)) {
                g.writeNumber(logP);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("top_k");
        for (int i : d.topK()) {
            g.writeStartObject();
            g.writeStringField("label", e.labelAt(i));
            g.writeNumberField("probability", d.probabilities()[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
        nullableString(g, "label", e.label());
        number(g, "loss", d.loss());
        Boolean correct = d.correct();
        if (correct == null) {
            g.writeNullField("correct");
        } else {
            g.writeBooleanField("correct", correct);
        }
    }

    private static void writeConfidence(JsonGenerator g, Confidence c) throws IOException {
        g.writeObjectFieldStart("confidence");
        g.writeNumberField("top_probability", c.topProbability());
        g.writeNumberField("margin", c.margin());
        g.writeNumberField("entropy", c.entropy());
        g.writeNumberField("normalized_entropy", c.normalizedEntropy());
        g.writeEndObject();
    }
}
