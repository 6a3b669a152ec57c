package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.PolicyDocuments;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control input of one scoring subtask (README "Changing policies at runtime"): applies,
 * ignores or refuses each policy document ({@link PolicyDocuments}). A document with a version
 * above the one in force replaces all policies for the records that follow; one not above it is
 * ignored and counted; an invalid one is refused whole, the policies in force stay, and subtask 0
 * returns its {@code invalid_policy} dead letter (every subtask sees every document; one letter is
 * enough). Limits and the output format always come from the base config.
 *
 * <p>No control record can throw out of {@link #accept}: a bug met on the way leaves the version in
 * force and becomes an {@code internal_error} dead letter, instead of failing the job on every
 * restart (the record would be read again each time).
 */
class PolicyControl {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyControl.class);

    private final ScoringConfig base;
    private final RecordScoring scoring;
    private final PolicyMetrics metrics;
    private final Consumer<String> inForce;

    /**
     * @param inForce told the JSON of each document applied, to keep it in broadcast state (after
     *     {@code scoring} took it: the state must not claim what scoring could not take)
     */
    PolicyControl(
            ScoringConfig base,
            RecordScoring scoring,
            PolicyMetrics metrics,
            Consumer<String> inForce) {
        this.base = base;
        this.scoring = scoring;
        this.metrics = metrics;
        this.inForce = inForce;
    }

    /** Applies, ignores or refuses one control record; returns its dead letter, or {@code null}. */
    DeadLetter accept(RawEvent raw) {
        long version = scoring.config().version();
        try {
            String refused = apply(raw, version);
            return refused == null ? null : deadLetter(raw, Reason.INVALID_POLICY, refused);
        } catch (RuntimeException | StackOverflowError e) {
            metrics.rejected();
            String message =
                    "policy document refused by an internal error; version "
                            + version
                            + " stays in force: "
                            + RecordPipeline.describe(e);
            LOG.error(message, e);
            return deadLetter(raw, Reason.INTERNAL_ERROR, message);
        }
    }

    /** Applies or ignores the document; returns why it was refused, or {@code null}. */
    private String apply(RawEvent raw, long version) {
        PolicyDocuments.Result result = read(raw);
        if (result instanceof PolicyDocuments.Valid valid) {
            if (valid.version() <= version) {
                metrics.ignored();
                LOG.info(
                        "policy document version {} ignored: version {} is in force",
                        valid.version(),
                        version);
            } else {
                scoring.use(valid.config());
                inForce.accept(new String(raw.payload(), StandardCharsets.UTF_8));
                metrics.applied();
                LOG.info("policy document version {} applied (was {})", valid.version(), version);
            }
            return null;
        }
        PolicyDocuments.Invalid invalid = (PolicyDocuments.Invalid) result;
        metrics.rejected();
        String message =
                (invalid.version() < 0
                                ? "policy document refused"
                                : "policy document version " + invalid.version() + " refused")
                        + "; version "
                        + version
                        + " stays in force: "
                        + invalid.message();
        LOG.warn(message);
        return message;
    }

    private DeadLetter deadLetter(RawEvent raw, Reason reason, String message) {
        return metrics.countsForTheJob()
                ? DeadLetter.of(raw, reason, message, null, System.currentTimeMillis())
                : null;
    }

    /** Reads one control record; package-private so that a test can make it fail like a bug. */
    PolicyDocuments.Result read(RawEvent raw) {
        long max = base.limits().maxPayloadBytes();
        if (raw.payloadBytes() > max || raw.payload().length > max) {
            return new PolicyDocuments.Invalid(
                    "the document is "
                            + Math.max(raw.payloadBytes(), raw.payload().length)
                            + " bytes; limits.max_payload_bytes is "
                            + max,
                    -1);
        }
        return PolicyDocuments.read(raw.payload(), raw.payload().length, base);
    }

    /** Applies the document restored from a checkpoint (its JSON, as {@code inForce} got it). */
    void restore(String restored) {
        byte[] bytes = restored.getBytes(StandardCharsets.UTF_8);
        PolicyDocuments.Result result = PolicyDocuments.read(bytes, bytes.length, base);
        if (result instanceof PolicyDocuments.Valid valid) {
            scoring.use(valid.config());
            LOG.info("policy document version {} restored from the checkpoint", valid.version());
        } else {
            // Only a release that reads policies differently can get here; say so loudly, and
            // score with the config file rather than fail every restart.
            LOG.error(
                    "the policy document in the checkpoint no longer reads ({}); scoring with the"
                            + " --scoring-config file (version 0) until the next update",
                    ((PolicyDocuments.Invalid) result).message());
        }
    }
}
