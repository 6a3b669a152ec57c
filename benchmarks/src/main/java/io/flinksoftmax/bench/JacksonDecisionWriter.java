package io.flinksoftmax.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClickScores;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The alternative to our hand-written {@code DecisionJson} that issue 11 asks to measure: Jackson's
 * {@link JsonGenerator} over a reused buffer, field names pre-encoded as {@link SerializedString}s,
 * Jackson's fast (Schubfach) double writer. Writes the compact shape, byte for byte what {@code
 * DecisionJson} writes (checked once at start-up by {@link WriterBenchmark}). A benchmark
 * candidate, not product code.
 */
final class JacksonDecisionWriter {

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString MODEL = new SerializedString("model");
    private static final SerializedString POLICY = new SerializedString("policy");
    private static final SerializedString POLICY_VERSION = new SerializedString("policy_version");
    private static final SerializedString MODE = new SerializedString("mode");
    private static final SerializedString TEMPERATURE = new SerializedString("temperature");
    private static final SerializedString RANKED = new SerializedString("ranked");
    private static final SerializedString PROBABILITIES = new SerializedString("probabilities");
    private static final SerializedString PLACED = new SerializedString("placed");
    private static final SerializedString PROPENSITIES = new SerializedString("propensities");
    private static final SerializedString RANKING_PROPENSITY =
            new SerializedString("ranking_propensity");
    private static final SerializedString PREDICTED = new SerializedString("predicted");
    private static final SerializedString TOP_K = new SerializedString("top_k");
    private static final SerializedString LABEL = new SerializedString("label");
    private static final SerializedString PROBABILITY = new SerializedString("probability");
    private static final SerializedString CONFIDENCE = new SerializedString("confidence");
    private static final SerializedString TOP_PROBABILITY = new SerializedString("top_probability");
    private static final SerializedString MARGIN = new SerializedString("margin");
    private static final SerializedString ENTROPY = new SerializedString("entropy");
    private static final SerializedString NORMALIZED_ENTROPY =
            new SerializedString("normalized_entropy");
    private static final SerializedString EVENT_TS = new SerializedString("event_ts");
    private static final SerializedString SCORED_TS = new SerializedString("scored_ts");

    private final JsonFactory factory =
            JsonFactory.builder()
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(4096);

    byte[] toJson(Decision d) {
        buffer.reset();
        try (JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(ID);
            g.writeString(d.id());
            g.writeFieldName(KIND);
            g.writeString(d.event().kind().wireName());
            g.writeFieldName(MODEL);
            g.writeString(d.event().model());
            g.writeFieldName(POLICY);
            g.writeString(d.policy().name());
            g.writeFieldName(POLICY_VERSION);
            g.writeNumber(d.policy().version());
            g.writeFieldName(MODE);
            g.writeString(d.policy().mode().wireName());
            g.writeFieldName(TEMPERATURE);
            number(g, d.temperature());
            if (d instanceof ClickDecision c) {
                click(g, c);
            } else {
                classes(g, (ClassDecision) d);
            }
            Confidence c = d.confidence();
            g.writeFieldName(CONFIDENCE);
            g.writeStartObject();
            g.writeFieldName(TOP_PROBABILITY);
            number(g, c.topProbability());
            g.writeFieldName(MARGIN);
            number(g, c.margin());
            g.writeFieldName(ENTROPY);
            number(g, c.entropy());
            g.writeFieldName(NORMALIZED_ENTROPY);
            number(g, c.normalizedEntropy());
            g.writeEndObject();
            g.writeFieldName(EVENT_TS);
            if (d.event().hasEventTs()) {
                g.writeNumber(d.event().eventTs());
            } else {
                g.writeNull();
            }
            g.writeFieldName(SCORED_TS);
            g.writeNumber(d.scoredTs());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void click(JsonGenerator g, ClickDecision d) throws IOException {
        ClickScores e = d.event();
        g.writeFieldName(RANKED);
        g.writeStartArray();
        for (int i : d.order()) {
            g.writeString(e.candidateIds()[i]);
        }
        g.writeEndArray();
        g.writeFieldName(PROBABILITIES);
        g.writeStartArray();
        for (int i : d.order()) {
            number(g, d.probabilities()[i]);
        }
        g.writeEndArray();
        int[] placed = d.placedIndices();
        g.writeFieldName(PLACED);
        g.writeStartArray();
        for (int i : placed) {
            g.writeString(e.candidateIds()[i]);
        }
        g.writeEndArray();
        g.writeFieldName(PROPENSITIES);
        g.writeStartArray();
        for (int i : placed) {
            number(g, d.propensities()[i]);
        }
        g.writeEndArray();
        g.writeFieldName(RANKING_PROPENSITY);
        number(g, d.rankingPropensity());
    }

    private static void classes(JsonGenerator g, ClassDecision d) throws IOException {
        g.writeFieldName(PREDICTED);
        g.writeString(d.predicted());
        g.writeFieldName(TOP_K);
        g.writeStartArray();
        for (int i : d.topK()) {
            g.writeStartObject();
            g.writeFieldName(LABEL);
            g.writeString(d.event().labelAt(i));
            g.writeFieldName(PROBABILITY);
            number(g, d.probabilities()[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
