package io.flinksoftmax.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinksoftmax.event.RawEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The map function a user would write first, as the pipeline baseline: Jackson's tree model in and
 * out, {@code Math.exp} without compensation, a boxed sort. Click events only, policy fixed to
 * home_top's (2 slots by expected value, floor 0.05); no validation beyond what a crash would
 * enforce.
 */
final class TextbookScorer extends RichMapFunction<RawEvent, byte[]> {

    private static final long serialVersionUID = 1L;

    private transient ObjectMapper mapper;

    @Override
    public void open(OpenContext openContext) {
        mapper = new ObjectMapper();
    }

    @Override
    public byte[] map(RawEvent raw) throws Exception {
        JsonNode event = mapper.readTree(raw.payload());
        JsonNode candidates = event.get("candidates");
        int n = candidates.size();
        double[] z = new double[n];
        double[] bid = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = candidates.get(i).get("score").asDouble();
            bid[i] = candidates.get(i).get("bid").asDouble();
        }
        double[] p = new double[n];
        double[] logP = new double[n];
        TextbookSoftmax.softmax(z, p, logP);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -p[i] * bid[i]));

        // The same fields as the scoring job's default (compact) output.
        ObjectNode out = mapper.createObjectNode();
        out.put("id", event.get("id").asText());
        out.put("kind", "click_scores");
        out.put("model", event.path("model").asText(null));
        out.put("policy", "home_top");
        out.put("policy_version", 0);
        out.put("mode", "softmax");
        out.put("temperature", 1.0);
        ArrayNode ranked = out.putArray("ranked");
        ArrayNode probabilities = out.putArray("probabilities");
        ArrayNode placed = out.putArray("placed");
        double top = 0;
        double second = 0;
        double entropy = 0;
        for (int i : order) {
            ranked.add(candidates.get(i).get("id").asText());
            probabilities.add(p[i]);
            if (placed.size() < 2 && p[i] >= 0.05) {
                placed.add(candidates.get(i).get("id").asText());
            }
            if (p[i] > top) {
                second = top;
                top = p[i];
            } else if (p[i] > second) {
                second = p[i];
            }
            entropy -= p[i] > 0 ? p[i] * Math.log(p[i]) : 0;
        }
        ArrayNode propensities = out.putArray("propensities"); // greedy: 1 per placed candidate
        for (int k = 0; k < placed.size(); k++) {
            propensities.add(1.0);
        }
        out.put("ranking_propensity", 1.0);
        ObjectNode confidence = out.putObject("confidence");
        confidence.put("top_probability", top);
        confidence.put("margin", top - second);
        confidence.put("entropy", entropy);
        confidence.put("normalized_entropy", n > 1 ? entropy / Math.log(n) : 0.0);
        out.put("event_ts", event.path("ts").asLong());
        out.put("scored_ts", System.currentTimeMillis());
        return mapper.writeValueAsBytes(out);
    }
}
