-- flink-softmax in Flink SQL (README "Flink SQL"): the sample events, each request's candidates
-- ranked and placed by SLATE under the policies of config/scoring.yaml, and the classified items'
-- probabilities by SOFTMAX. Run from the repository root: scripts/sql-demo.sh
-- SLATE reads its policies from this file (it must be readable where the query runs).
SET 'pipeline.global-job-parameters' = 'softmax.scoring-config:config/scoring.yaml';
SET 'execution.runtime-mode' = 'batch';

CREATE TEMPORARY SYSTEM FUNCTION SOFTMAX AS 'io.flinksoftmax.sql.SoftmaxFunction' USING JAR 'sql/target/flink-softmax-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION LOG_SOFTMAX AS 'io.flinksoftmax.sql.LogSoftmaxFunction' USING JAR 'sql/target/flink-softmax-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION SIGMOID AS 'io.flinksoftmax.sql.SigmoidFunction' USING JAR 'sql/target/flink-softmax-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION SLATE AS 'io.flinksoftmax.sql.SlateFunction' USING JAR 'sql/target/flink-softmax-sql.jar';
CREATE TEMPORARY SYSTEM FUNCTION CANDIDATES_BY_ID AS 'io.flinksoftmax.sql.CandidatesByIdFunction' USING JAR 'sql/target/flink-softmax-sql.jar';

CREATE TEMPORARY TABLE events (
  id STRING,
  kind STRING,
  placement STRING,
  temperature DOUBLE,
  candidates ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE, eligible BOOLEAN>>,
  logits ARRAY<DOUBLE>
) WITH (
  'connector' = 'filesystem',
  'path' = 'config/samples/events.jsonl',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- The placed candidates of the first requests, with their probabilities and propensities.
SELECT e.id, s.slot, s.candidate_id, s.probability, s.propensity, s.policy
FROM events AS e, LATERAL TABLE(SLATE(e.id, e.candidates, e.placement, e.temperature, CAST(NULL AS STRING))) AS s
WHERE e.kind = 'click_scores' AND s.slot IS NOT NULL AND e.id IN ('req-1', 'req-2', 'req-3')
ORDER BY e.id, s.slot;

-- Requests SLATE refused, by reason (the dead-letter reasons of the job).
SELECT s.error, COUNT(*) AS requests
FROM events AS e, LATERAL TABLE(SLATE(e.id, e.candidates, e.placement, e.temperature, CAST(NULL AS STRING))) AS s
WHERE e.kind = 'click_scores' AND s.error IS NOT NULL
GROUP BY s.error
ORDER BY s.error;

-- A classified item's probabilities, and the log-probabilities that keep their precision.
SELECT id, SOFTMAX(logits, COALESCE(temperature, 1.0)) AS probabilities,
       LOG_SOFTMAX(logits, COALESCE(temperature, 1.0)) AS log_probabilities
FROM events
WHERE kind = 'class_logits' AND id IN ('img-1', 'img-2');
