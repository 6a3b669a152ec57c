package io.flinksoftmax.operator.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint of today's serializers says about itself: written and read back, each snapshot
 * restores a serializer of the current format that is compatible as is; another serializer's
 * snapshot is incompatible; a snapshot layout this release does not know fails loudly.
 */
class SerializerSnapshotTest {

    private static final List<TypeSerializer<?>> SERIALIZERS =
            List.of(
                    RawEventSerializer.INSTANCE,
                    ScoringEventSerializer.INSTANCE,
                    DecisionSerializer.INSTANCE,
                    EncodedDecisionSerializer.INSTANCE,
                    DeadLetterSerializer.INSTANCE);

    @Test
    void eachSnapshotRoundTripsToACompatibleSerializerOfTheCurrentFormat() throws IOException {
        for (TypeSerializer<?> serializer : SERIALIZERS) {
            check(serializer);
        }
    }

    @Test
    void aSnapshotOfAnotherSerializerIsIncompatible() {
        TypeSerializerSnapshot<?> raw = RawEventSerializer.INSTANCE.snapshotConfiguration();
        TypeSerializerSnapshot<?> letters = DeadLetterSerializer.INSTANCE.snapshotConfiguration();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<?> result =
                ((TypeSerializerSnapshot) raw).resolveSchemaCompatibility(letters);
        assertThat(result.isIncompatible()).isTrue();
    }

    @Test
    void anUnknownSnapshotLayoutFailsNamingTheVersions() {
        VersionedSnapshot<?> snapshot = new RawEventSerializer.Snapshot();
        assertThatThrownBy(
                        () ->
                                snapshot.readSnapshot(
                                        99,
                                        new DataInputDeserializer(new byte[4]),
                                        getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown snapshot version 99")
                .hasMessageContaining("reads 3 and 4");
    }

    @Test
    void anOlderFormatMigratesAndFormatZeroIsRefused() {
        DecisionSerializer.Snapshot current = new DecisionSerializer.Snapshot();
        VersionedSnapshot<?> older =
                new DecisionSerializer.Snapshot().withFormat(DecisionSerializer.CURRENT_FORMAT - 1);
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<?> migrate =
                current.resolveSchemaCompatibility((TypeSerializerSnapshot) older);
        assertThat(migrate.isCompatibleAfterMigration()).isTrue();
        VersionedSnapshot<?> zero = new DecisionSerializer.Snapshot().withFormat(0);
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<?> none =
                current.resolveSchemaCompatibility((TypeSerializerSnapshot) zero);
        assertThat(none.isIncompatible()).isTrue();
        assertThatThrownBy(zero::restoreSerializer).hasMessageContaining("record format 0");
    }

    private static <T> void check(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        SerializerSnapshotTest.class.getClassLoader());
        assertThat(read).as("%s", serializer).isInstanceOf(VersionedSnapshot.class);
        assertThat(((VersionedSnapshot<T>) read).format())
                .isEqualTo(((VersionedSnapshot<T>) serializer.snapshotConfiguration()).format());
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .as("%s", serializer)
                .isTrue();
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
    }
}
