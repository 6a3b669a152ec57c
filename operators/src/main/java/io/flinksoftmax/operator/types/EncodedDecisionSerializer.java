package io.flinksoftmax.operator.types;

import io.flinksoftmax.pipeline.EncodedDecision;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes an {@link EncodedDecision}: key and JSON bytes. Record format 1. */
@Internal
public final class EncodedDecisionSerializer extends ValueSerializer<EncodedDecision> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 1;

    static final EncodedDecisionSerializer INSTANCE = new EncodedDecisionSerializer(CURRENT_FORMAT);

    EncodedDecisionSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(EncodedDecision d, DataOutputView out) throws IOException {
        writeBytes(d.key(), out);
        writeBytes(d.json(), out);
    }

    @Override
    public EncodedDecision deserialize(DataInputView in) throws IOException {
        return new EncodedDecision(readBytes(in), readBytes(in));
    }

    @Override
    public TypeSerializerSnapshot<EncodedDecision> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<EncodedDecision> {
        public Snapshot() {
            super(CURRENT_FORMAT, EncodedDecisionSerializer::new);
        }
    }
}
