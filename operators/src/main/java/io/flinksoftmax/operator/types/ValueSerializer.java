package io.flinksoftmax.operator.types;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Common ground of the serializers of this package. Each reads and writes one {@link #format()} of
 * its record; the format in force is written into checkpoints and savepoints by {@link
 * VersionedSnapshot}, so that a job restored from an older release reads the old bytes and migrates
 * them.
 *
 * <p>The records hold arrays that nothing stops a user's function from changing, so they are not
 * declared immutable and {@link #copy(Object)} is a deep copy (a serialization round trip: copies
 * only happen when object reuse is off, and this keeps copy and serialization from drifting).
 */
abstract class ValueSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** Records of this size or less are copied without growing the buffer. */
    private static final int COPY_BUFFER_BYTES = 512;

    private final int format;

    ValueSerializer(int format) {
        this.format = format;
    }

    /** The record format this serializer reads and writes. */
    final int format() {
        return format;
    }

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        if (from == null) {
            return null;
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(COPY_BUFFER_BYTES);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a " + from.getClass().getSimpleName(), e);
        }
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public final boolean equals(Object obj) {
        return obj != null
                && obj.getClass() == getClass()
                && ((ValueSerializer<?>) obj).format == format;
    }

    @Override
    public final int hashCode() {
        return 31 * getClass().hashCode() + format;
    }

    // Helpers for nullable values; StringValue also handles strings beyond writeUTF's 64 KiB.

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void writeBytes(byte[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        out.write(values);
    }

    static byte[] readBytes(DataInputView in) throws IOException {
        byte[] values = new byte[in.readInt()];
        in.readFully(values);
        return values;
    }

    static void writeDoubles(double[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputView in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    static void writeInts(int[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputView in) throws IOException {
        int[] values = new int[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static void writeStrings(String[] values, DataOutputView out) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            for (String v : values) {
                writeString(v, out);
            }
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = readString(in);
        }
        return values;
    }
}
