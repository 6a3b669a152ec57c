package io.flinksoftmax.pipeline;

import org.apache.flink.annotation.PublicEvolving;

/**
 * A decision ready for a sink: the Kafka record key (the event id in UTF-8) and the decision's JSON
 * (docs/events-and-decisions.md "Output: one decision per valid event", no trailing newline). Built
 * only by {@link RecordPipeline}, which bounds {@code key.length + json.length} by {@code
 * limits.max_output_bytes}.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param key the event id as UTF-8
 * @param json the decision as strict UTF-8 JSON
 */
@PublicEvolving
public record EncodedDecision(byte[] key, byte[] json) {

    /** Key and value bytes together: what a Kafka producer counts against its size limit. */
    public int size() {
        return key.length + json.length;
    }
}
