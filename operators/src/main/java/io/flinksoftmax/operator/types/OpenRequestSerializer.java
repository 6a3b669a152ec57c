package io.flinksoftmax.operator.types;

import io.flinksoftmax.operator.OpenRequest;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an {@link OpenRequest} in the format of {@link OpenRequest#write}, straight from its
 * arrays. Record formats: 1.
 */
@Internal
public final class OpenRequestSerializer extends ValueSerializer<OpenRequest> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 1;

    /** The serializer of the assembler's open requests. */
    public static final OpenRequestSerializer INSTANCE = new OpenRequestSerializer(CURRENT_FORMAT);

    OpenRequestSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(OpenRequest r, DataOutputView out) throws IOException {
        r.write(out);
    }

    @Override
    public OpenRequest deserialize(DataInputView in) throws IOException {
        return OpenRequest.read(in);
    }

    @Override
    public TypeSerializerSnapshot<OpenRequest> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<OpenRequest> {
        public Snapshot() {
            super(CURRENT_FORMAT, OpenRequestSerializer::new);
        }
    }
}
