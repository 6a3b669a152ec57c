package io.flinksoftmax.operator.types;

import java.io.IOException;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a {@link ValueSerializer}: it records the record format the serializer wrote, so
 * that a restored job knows how to read the bytes in a checkpoint or savepoint.
 *
 * <ul>
 *   <li>same format as now: compatible as is;
 *   <li>an older format this release still reads: compatible after migration (Flink reads the old
 *       bytes with {@link #restoreSerializer()} and writes them anew in the current format);
 *   <li>a newer format (a savepoint of a later release) or another serializer: incompatible, and
 *       Flink refuses to restore instead of reading garbage.
 * </ul>
 *
 * <p>Release 0.1 wrote these snapshots through Flink's {@code SimpleTypeSerializerSnapshot}, which
 * records nothing but its own version ({@value #SIMPLE_SNAPSHOT_VERSION}); such a snapshot stands
 * for record format 1.
 */
abstract class VersionedSnapshot<T> implements TypeSerializerSnapshot<T> {

    /** What {@code SimpleTypeSerializerSnapshot} reported as its version in Flink 2.2. */
    static final int SIMPLE_SNAPSHOT_VERSION = 3;

    /** This snapshot class's own layout: one int, the record format. */
    private static final int SNAPSHOT_VERSION = 4;

    private final int currentFormat;
    private final IntFunction<TypeSerializer<T>> serializerForFormat;
    private int format;

    /**
     * @param currentFormat the format this release writes
     * @param serializerForFormat a serializer that reads a format in {@code 1..currentFormat}
     */
    VersionedSnapshot(int currentFormat, IntFunction<TypeSerializer<T>> serializerForFormat) {
        this.currentFormat = currentFormat;
        this.serializerForFormat = serializerForFormat;
        this.format = currentFormat;
    }

    /** The snapshot of a serializer of {@code format}. */
    VersionedSnapshot<T> withFormat(int format) {
        this.format = format;
        return this;
    }

    int format() {
        return format;
    }

    @Override
    public int getCurrentVersion() {
        return SNAPSHOT_VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(format);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
            throws IOException {
        if (readVersion == SIMPLE_SNAPSHOT_VERSION) {
            format = 1;
        } else if (readVersion == SNAPSHOT_VERSION) {
            format = in.readInt();
        } else {
            throw new IOException(
                    getClass().getName()
                            + ": unknown snapshot version "
                            + readVersion
                            + "; this release reads "
                            + SIMPLE_SNAPSHOT_VERSION
                            + " and "
                            + SNAPSHOT_VERSION);
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (format < 1 || format > currentFormat) {
            throw new IllegalStateException(
                    getClass().getName()
                            + ": the state was written in record format "
                            + format
                            + ", this release reads formats 1.."
                            + currentFormat
                            + " (a savepoint of a newer release?)");
        }
        return serializerForFormat.apply(format);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int old = ((VersionedSnapshot<T>) oldSnapshot).format;
        if (old == format) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (old >= 1 && old < format) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
