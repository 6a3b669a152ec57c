package io.flinksoftmax.job;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.FeedbackSettings;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.operator.AssemblySettings;
import io.flinksoftmax.operator.OutputTags;
import io.flinksoftmax.operator.RequestAssembler;
import io.flinksoftmax.operator.ScoringOperator;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The scoring job graph: source -> score (parse, validate, score and encode each record; bad ones
 * to the dead-letter side output) -> decisions sink, and dead letters -> dead-letter sink.
 *
 * <p>{@link #builder} takes its source and sinks as parts: tests and embedding applications pass
 * their own. {@link #fromOptions} builds the production job (files or Kafka, as the options say);
 * {@link ScoringJobMain} is {@code fromOptions} plus a command line. Operator uids are stable:
 * changing the uid of an operator with state (the source, the sinks) breaks restoring from
 * savepoints. The scoring operator is stateless; release 0.1 split it into {@code parse-validate}
 * and {@code softmax-score}, and a savepoint of that release restores into this graph because
 * neither held state.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * ScoringJob.fromOptions(JobOptions.parse(args), env);
 * env.execute("flink-softmax");
 *
 * ScoringJob.builder(env).source(FileConnectors.jsonLines(input, 1 << 20))
 *         .decisions(FileConnectors.decisions(output)).deadLetters(FileConnectors.deadLetters(output))
 *         .config(config).build();
 * env.execute("flink-softmax");
 * }</pre>
 */
@PublicEvolving
public final class ScoringJob {

    public static final String SOURCE_UID = "events-source";
    public static final String SCORE_UID = "softmax-score";
    public static final String DECISIONS_SINK_UID = "decisions-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";
    public static final String POLICY_SOURCE_UID = "policy-source";

    /** The request assembler of per-candidate events; it has state (the open requests). */
    public static final String ASSEMBLE_UID = "assemble-requests";

    /** The scoring operator of assembled requests, without and with a policy input. */
    public static final String SCORE_ASSEMBLED_UID = "softmax-score-assembled";

    public static final String ASSEMBLED_DECISIONS_SINK_UID = "assembled-decisions-sink";

    public static final String CONTROLLED_SCORE_ASSEMBLED_UID =
            "softmax-score-assembled-controlled";

    /**
     * The scoring operator when policies can change at runtime (the same {@link ScoringOperator},
     * with a second input). It differs from {@link #SCORE_UID} because this one has state (the
     * policy document in force): a savepoint of a job with a policy input restores into a job
     * without one only with {@code --allow-non-restored-state}, which drops the policy version on
     * purpose, and the policies of {@code --scoring-config} apply.
     */
    public static final String CONTROLLED_SCORE_UID = "softmax-score-controlled";

    private ScoringJob() {}

    /**
     * Starts a scoring graph on {@code env}: give it the events' source, both sinks and the config
     * (required), and optionally a control input and a feedback part, then {@link Builder#build()}.
     *
     * <pre>{@code
     * ScoringJob.builder(env)
     *         .source(FileConnectors.jsonLines(input, 1 << 20))
     *         .decisions(FileConnectors.decisions(output))
     *         .deadLetters(FileConnectors.deadLetters(output))
     *         .config(config)
     *         .build();
     * }</pre>
     */
    public static Builder builder(StreamExecutionEnvironment env) {
        return new Builder(env);
    }

    /**
     * The parts of a scoring graph; {@link #build()} checks them and adds the graph. Encoding
     * happens in the scoring operator, where a decision too large for a sink can still become a
     * dead letter: the sinks only write bytes.
     */
    @PublicEvolving
    public static final class Builder {

        private final StreamExecutionEnvironment env;
        private Source<RawEvent, ?, ?> source;
        private Source<RawEvent, ?, ?> policies;
        private FeedbackGraph.Inputs feedback;
        private Sink<EncodedDecision> decisions;
        private Sink<EncodedDecision> assembledDecisions;
        private Sink<DeadLetter> deadLetters;
        private ScoringConfig config;
        private AssemblySettings assembly = AssemblySettings.DEFAULTS;

        private Builder(StreamExecutionEnvironment env) {
            this.env = env;
        }

        /** The events (required). */
        public Builder source(Source<RawEvent, ?, ?> events) {
            this.source = events;
            return this;
        }

        /** Where decisions go (required). */
        public Builder decisions(Sink<EncodedDecision> sink) {
            this.decisions = sink;
            return this;
        }

        /**
         * Where the decisions of requests assembled from per-candidate records go (optional; by
         * default the {@link #decisions} sink, which then has two inputs and is no longer chained
         * to the scoring operator: a second sink to the same place keeps that chain, and with it
         * the throughput of whole events). For Kafka exactly-once it needs its own transactional
         * ids.
         */
        public Builder assembledDecisions(Sink<EncodedDecision> sink) {
            this.assembledDecisions = sink;
            return this;
        }

        /** Where dead letters go (required): events', and refused control and feedback records. */
        public Builder deadLetters(Sink<DeadLetter> sink) {
            this.deadLetters = sink;
            return this;
        }

        /** The policies (version 0), limits and output format (required). */
        public Builder config(ScoringConfig scoring) {
            this.config = scoring;
            return this;
        }

        /**
         * A control input (optional): policy documents, read by one reader so that they keep their
         * order, broadcast to the scoring operator, which applies each newer valid document to the
         * events that follow (README "Changing policies at runtime"); refused documents are {@code
         * invalid_policy} dead letters. {@code null}: none.
         */
        public Builder policies(Source<RawEvent, ?, ?> documents) {
            this.policies = documents;
            return this;
        }

        /**
         * How requests are put together from per-candidate events (optional; {@link
         * AssemblySettings#DEFAULTS} when not given). Every graph assembles them: a {@code
         * candidate_score} record is never lost for want of an assembler.
         */
        public Builder assembly(AssemblySettings settings) {
            this.assembly = settings;
            return this;
        }

        /**
         * Feedback attribution and calibration (optional; see {@link FeedbackGraph}); event time is
         * then read at the sources. {@code null}: none.
         */
        public Builder feedback(FeedbackGraph.Inputs inputs) {
            this.feedback = inputs;
            return this;
        }

        /**
         * Adds the graph to the environment.
         *
         * @throws IllegalStateException naming every required part that is missing
         */
        public void build() {
            List<String> missing = new ArrayList<>();
            if (env == null) {
                missing.add("the environment (builder(env) with a StreamExecutionEnvironment)");
            }
            if (source == null) {
                missing.add("source(...): where the events come from");
            }
            if (decisions == null) {
                missing.add("decisions(...): where decisions go");
            }
            if (deadLetters == null) {
                missing.add("deadLetters(...): where dead letters go");
            }
            if (config == null) {
                missing.add("config(...): the scoring policies and limits");
            }
            if (assembly == null) {
                missing.add("assembly(...): how per-candidate events are put together");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(
                        "the scoring graph is missing " + String.join("; ", missing));
            }
            addGraph(
                    env,
                    source,
                    policies,
                    feedback,
                    decisions,
                    assembledDecisions,
                    deadLetters,
                    config,
                    assembly);
        }
    }

    private static void addGraph(
            StreamExecutionEnvironment env,
            Source<RawEvent, ?, ?> source,
            Source<RawEvent, ?, ?> policies,
            FeedbackGraph.Inputs feedback,
            Sink<EncodedDecision> decisionSink,
            Sink<EncodedDecision> assembledDecisionSink,
            Sink<DeadLetter> deadLetterSink,
            ScoringConfig config,
            AssemblySettings assembly) {
        boolean impressions = feedback != null;
        // Event time matters only to attribution: without feedback, no timestamps are read.
        DataStream<RawEvent> raw =
                env.fromSource(
                                source,
                                impressions
                                        ? EventTime.ofRecords(
                                                config.limits().eventTime(),
                                                feedback.maxOutOfOrderness(),
                                                feedback.idleness())
                                        : WatermarkStrategy.noWatermarks(),
                                "events")
                        .uid(SOURCE_UID);

        // A file of documents (--policy-updates) is read whole before the first event.
        boolean policiesFirst =
                policies != null && policies.getBoundedness() == Boundedness.BOUNDED;
        DataStream<RawEvent> documents =
                policies == null
                        ? null
                        : env.fromSource(policies, EventTime.ofControlInput(), "policies")
                                .uid(POLICY_SOURCE_UID)
                                .setParallelism(1)
                                .broadcast();
        SingleOutputStreamOperator<EncodedDecision> decisions =
                score(
                        raw,
                        documents,
                        policiesFirst
                                ? ScoringOperator.readingPoliciesFirst(config, impressions)
                                : new ScoringOperator(config, impressions),
                        SCORE_UID,
                        CONTROLLED_SCORE_UID);

        // Per-candidate events: the scoring operator routes them to the assembler, keyed by
        // request wherever they were read; a second scoring operator decides the requests.
        SingleOutputStreamOperator<RawEvent> requests =
                decisions
                        .getSideOutput(OutputTags.CANDIDATES)
                        .keyBy(new ByRequest(), Types.STRING)
                        .transform(
                                ASSEMBLE_UID,
                                ScoringTypes.RAW_EVENT,
                                new RequestAssembler(assembly))
                        .uid(ASSEMBLE_UID);
        SingleOutputStreamOperator<EncodedDecision> assembled =
                score(
                        requests,
                        documents,
                        ScoringOperator.forAssembledRequests(config, impressions, policiesFirst),
                        SCORE_ASSEMBLED_UID,
                        CONTROLLED_SCORE_ASSEMBLED_UID);

        if (assembledDecisionSink == null) {
            decisions
                    .union(assembled)
                    .sinkTo(decisionSink)
                    .name(DECISIONS_SINK_UID)
                    .uid(DECISIONS_SINK_UID);
        } else {
            decisions.sinkTo(decisionSink).name(DECISIONS_SINK_UID).uid(DECISIONS_SINK_UID);
            assembled
                    .sinkTo(assembledDecisionSink)
                    .name(ASSEMBLED_DECISIONS_SINK_UID)
                    .uid(ASSEMBLED_DECISIONS_SINK_UID);
        }

        DataStream<DeadLetter> deadLetters =
                decisions
                        .getSideOutput(OutputTags.DEAD_LETTERS)
                        .union(
                                requests.getSideOutput(OutputTags.DEAD_LETTERS),
                                assembled.getSideOutput(OutputTags.DEAD_LETTERS));
        if (feedback != null) {
            DataStream<Impression> impressionsOut =
                    decisions
                            .getSideOutput(OutputTags.IMPRESSIONS)
                            .union(assembled.getSideOutput(OutputTags.IMPRESSIONS));
            deadLetters = deadLetters.union(FeedbackGraph.attach(env, impressionsOut, feedback));
        }
        deadLetters.sinkTo(deadLetterSink).name(DEAD_LETTERS_SINK_UID).uid(DEAD_LETTERS_SINK_UID);
    }

    /**
     * Adds a scoring operator after {@code in}: alone, or connected to the broadcast policy
     * documents (then with its own uid, because it then has state).
     */
    private static SingleOutputStreamOperator<EncodedDecision> score(
            DataStream<RawEvent> in,
            DataStream<RawEvent> documents,
            ScoringOperator operator,
            String uid,
            String controlledUid) {
        return documents == null
                ? in.transform(uid, ScoringTypes.ENCODED_DECISION, operator).uid(uid)
                : in.connect(documents)
                        .transform(uid, ScoringTypes.ENCODED_DECISION, operator)
                        .uid(controlledUid);
    }

    /** The assembler's key: a candidate's request id. */
    private static final class ByRequest implements KeySelector<CandidateScore, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CandidateScore candidate) {
            return candidate.request();
        }
    }

    /**
     * Configures {@code env} as the options say (batch for files; checkpoints for Kafka;
     * parallelism) and adds the job graph with the options' source and sinks. A file sink's output
     * folder is made ready first: both result folders exist, and results of an earlier run are
     * refused unless the options say {@code --overwrite}.
     *
     * @throws IllegalArgumentException when the output folder holds earlier results or cannot be
     *     created; the message says what to do
     */
    public static void fromOptions(JobOptions options, StreamExecutionEnvironment env) {
        fromOptions(options, env, source(options));
    }

    /** {@link #fromOptions(JobOptions, StreamExecutionEnvironment)} with another source. */
    public static void fromOptions(
            JobOptions options, StreamExecutionEnvironment env, Source<RawEvent, ?, ?> source) {
        if (options.sink() == Endpoint.FILE) {
            // Idempotent: a second call finds the folders it made, empty.
            OutputFolder.prepare(options.output(), options.overwrite());
        }
        JobEnvironment.configure(options, env);
        boolean files = options.sink() == Endpoint.FILE;
        builder(env)
                .source(source)
                .policies(policySource(options))
                .feedback(feedback(options))
                .decisions(
                        files
                                ? FileConnectors.decisions(options.output())
                                : KafkaConnectors.decisionSink(options.kafka()))
                .assembledDecisions(
                        files
                                ? FileConnectors.assembledDecisions(options.output())
                                : KafkaConnectors.assembledDecisionSink(options.kafka()))
                .deadLetters(
                        files
                                ? FileConnectors.deadLetters(options.output())
                                : KafkaConnectors.deadLetterSink(options.kafka()))
                .config(options.scoring())
                .assembly(options.assembly())
                .build();
    }

    /** The feedback part the options ask for, or {@code null}. */
    public static FeedbackGraph.Inputs feedback(JobOptions options) {
        FeedbackSettings f = options.feedback();
        if (!f.enabled()) {
            return null;
        }
        int maxBytes = options.scoring().limits().maxPayloadBytes();
        return new FeedbackGraph.Inputs(
                f.topic() != null
                        ? KafkaConnectors.feedbackSource(options.kafka(), f.topic())
                        : FileConnectors.jsonLines(f.file(), maxBytes),
                options.sink() == Endpoint.FILE
                        ? FileConnectors.calibration(options.output())
                        : KafkaConnectors.calibrationSink(options.kafka(), f.calibrationTopic()),
                options.sink() == Endpoint.FILE
                        ? FileConnectors.evaluation(options.output())
                        : f.evaluationTopic() == null
                                ? null
                                : KafkaConnectors.evaluationSink(
                                        options.kafka(), f.evaluationTopic()),
                options.scoring().limits(),
                f.attributionWindow(),
                f.calibrationWindow(),
                f.evaluationWindow(),
                f.maxOutOfOrderness(),
                f.idleness());
    }

    /** The control input the options name: a topic, a file, or none ({@code null}). */
    public static Source<RawEvent, ?, ?> policySource(JobOptions options) {
        if (options.policyTopic() != null) {
            return KafkaConnectors.policySource(options.kafka(), options.policyTopic());
        }
        if (options.policyUpdates() != null) {
            return FileConnectors.jsonLines(
                    options.policyUpdates(), options.scoring().limits().maxPayloadBytes());
        }
        return null;
    }

    /** The source the options name: the input files, or the input topic. */
    public static Source<RawEvent, ?, ?> source(JobOptions options) {
        if (options.source() == Endpoint.KAFKA) {
            return KafkaConnectors.source(options.kafka()).build();
        }
        // Longer lines are payload_too_large: the reader keeps only their size.
        return FileConnectors.jsonLines(
                options.input(), options.scoring().limits().maxPayloadBytes());
    }
}
