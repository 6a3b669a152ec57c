package io.flinksoftmax.sql;

import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.parse.ClickRequests;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Path;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * {@code SLATE(request_id, candidates, policy [, temperature, unit])}: one request's candidates
 * ranked, placed and given their probabilities and propensities by a policy of the scoring config —
 * the decision the scoring job makes for the same {@code click_scores} event, bit for bit.
 *
 * <p>A table function, used as {@code LATERAL TABLE(SLATE(...))}: one row per candidate in decision
 * order (append-only, so any sink takes it, and a candidate's row joins its click by {@code
 * (request_id, candidate_id)}). An invalid request gives exactly one row instead, whose {@code
 * error} is the reason code a dead letter would carry ({@code non_finite_score}, {@code
 * duplicate_id}, {@code unknown_placement}, ...) and {@code error_message} says what is wrong; the
 * other columns are NULL. So every request row gives at least one row: nothing is dropped silently.
 *
 * <p>Arguments:
 *
 * <ul>
 *   <li>{@code candidates}: {@code ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE>>}, or with a
 *       fourth field {@code eligible BOOLEAN} as in the events' JSON. A NULL score, or {@code
 *       eligible} FALSE, makes the candidate ineligible: probability 0, never placed (an unscored
 *       candidate must not win a slot). A NULL bid is no bid.
 *   <li>{@code policy}: a policy name of the scoring config; NULL is {@code default}.
 *   <li>{@code temperature}: the request's override of the policy's, or NULL.
 *   <li>{@code unit}: the experiment unit (user, session), or NULL for the request id.
 * </ul>
 *
 * <p>The policies come from the scoring config: the one given to {@link
 * #SlateFunction(ScoringConfig)}, or, for {@code CREATE FUNCTION}, the file named by the job
 * parameter {@value #CONFIG_PARAMETER} ({@code SET 'pipeline.global-job-parameters' =
 * 'softmax.scoring-config:/path/scoring.yaml'}).
 */
@PublicEvolving
public final class SlateFunction extends TableFunction<Row> {

    private static final long serialVersionUID = 1L;

    /** The job parameter that names the scoring config file. */
    public static final String CONFIG_PARAMETER = "softmax.scoring-config";

    /** Candidates as a model scores them. */
    static final String CANDIDATES = "ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE>>";

    /** Candidates as the events' JSON carries them. */
    static final String CANDIDATES_ELIGIBLE =
            "ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE, eligible BOOLEAN>>";

    /** The rows' type; {@code candidate_rank} is 1 for the first in decision order. */
    static final String OUTPUT =
            "ROW<candidate_id STRING, candidate_rank INT, slot INT, probability DOUBLE,"
                    + " log_probability DOUBLE, expected_value DOUBLE, propensity DOUBLE,"
                    + " ranking_propensity DOUBLE, policy STRING, policy_version BIGINT,"
                    + " experiment STRING, variant_name STRING, temperature DOUBLE, error STRING,"
                    + " error_message STRING>";

    private final ScoringConfig given;
    private transient ClickRequests requests;
    private transient Scorer scorer;

    /** For {@code CREATE FUNCTION}: the policies come from the job parameter's file. */
    public SlateFunction() {
        this(null);
    }

    /** With these policies (Table API: {@code createTemporarySystemFunction}). */
    public SlateFunction(ScoringConfig config) {
        this.given = config;
    }

    @Override
    public void open(FunctionContext context) {
        ScoringConfig config = given;
        if (config == null) {
            String file = context.getJobParameter(CONFIG_PARAMETER, null);
            if (file == null || file.isBlank()) {
                throw new IllegalStateException(
                        "SLATE needs the scoring config with its policies: run SET"
                                + " 'pipeline.global-job-parameters' ="
                                + " 'softmax.scoring-config:/absolute/path/scoring.yaml'"
                                + " before the query (the file must be readable where the"
                                + " query runs)");
            }
            config = ScoringConfigReader.read(Path.of(file.trim()));
        }
        requests = new ClickRequests(config);
        scorer = new Scorer(config);
    }

    @FunctionHint(
            input = {@DataTypeHint("STRING"), @DataTypeHint(CANDIDATES), @DataTypeHint("STRING")},
            output = @DataTypeHint(OUTPUT))
    @FunctionHint(
            input = {
                @DataTypeHint("STRING"),
                @DataTypeHint(CANDIDATES_ELIGIBLE),
                @DataTypeHint("STRING")
            },
            output = @DataTypeHint(OUTPUT))
    public void eval(String requestId, Row[] candidates, String policy) {
        eval(requestId, candidates, policy, null, null);
    }

    @FunctionHint(
            input = {
                @DataTypeHint("STRING"),
                @DataTypeHint(CANDIDATES),
                @DataTypeHint("STRING"),
                @DataTypeHint("DOUBLE"),
                @DataTypeHint("STRING")
            },
            output = @DataTypeHint(OUTPUT))
    @FunctionHint(
            input = {
                @DataTypeHint("STRING"),
                @DataTypeHint(CANDIDATES_ELIGIBLE),
                @DataTypeHint("STRING"),
                @DataTypeHint("DOUBLE"),
                @DataTypeHint("STRING")
            },
            output = @DataTypeHint(OUTPUT))
    public void eval(
            String requestId, Row[] candidates, String policy, Double temperature, String unit) {
        if (candidates == null) {
            error("missing_field", "candidates is NULL");
            return;
        }
        int n = candidates.length;
        String[] ids = new String[n];
        double[] scores = new double[n];
        Double[] bids = new Double[n];
        boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row c = candidates[i];
            if (c == null) {
                continue; // no id: missing_field, in the validator's order
            }
            ids[i] = (String) c.getField(0);
            Double score = (Double) c.getField(1);
            bids[i] = (Double) c.getField(2);
            Boolean eligibleField = c.getArity() > 3 ? (Boolean) c.getField(3) : null;
            eligible[i] = score != null && !Boolean.FALSE.equals(eligibleField);
            // An ineligible candidate's score is never used; a NULL one stands as 0.
            scores[i] = score != null ? score : 0.0;
        }
        if (temperature != null && Double.isNaN(temperature)) {
            error("invalid_temperature", "temperature must be a finite number > 0, got NaN");
            return;
        }
        ParseResult result =
                requests.validate(
                        requestId,
                        policy,
                        temperature != null ? temperature : Double.NaN,
                        unit,
                        ids,
                        scores,
                        bids,
                        eligible);
        if (result instanceof ParseResult.Rejected rejected) {
            error(rejected.reason().code(), rejected.message());
            return;
        }
        ClickScores event = (ClickScores) ((ParseResult.Accepted) result).event();
        emit((ClickDecision) scorer.score(event, System.currentTimeMillis()));
    }

    private void emit(ClickDecision d) {
        ClickScores event = d.event();
        String experiment = d.assignment() == null ? null : d.assignment().experiment();
        String variant = d.assignment() == null ? null : d.assignment().variant();
        int[] order = d.order();
        for (int rank = 0; rank < order.length; rank++) {
            int i = order[rank];
            boolean placed = d.slots()[i] > 0;
            double logP = d.logProbabilities()[i];
            collect(
                    Row.of(
                            event.ids().get(i),
                            rank + 1,
                            placed ? d.slots()[i] : null,
                            d.probabilities()[i],
                            logP == Double.NEGATIVE_INFINITY ? null : logP,
                            event.hasBid(i) ? d.expectedValue(i) : null,
                            placed ? d.propensities()[i] : null,
                            d.rankingPropensity(),
                            d.policy().name(),
                            d.policy().version(),
                            experiment,
                            variant,
                            d.temperature(),
                            null,
                            null));
        }
    }

    private void error(String reason, String message) {
        Row row = new Row(15);
        row.setField(13, reason);
        row.setField(14, message);
        collect(row);
    }
}
