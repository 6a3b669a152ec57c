package io.flinksoftmax.operator.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.ScoringConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * State written by release 0.1 (golden bytes and serializer snapshots in {@code
 * golden/release-0.1/}, produced by that release's serializers) restores in this one: the snapshot
 * resolves to "compatible as is" or "after migration", and the restored serializer reads the old
 * bytes into the same values.
 */
class SerializerUpgradeTest {

    static final String CLICK =
            "{\"id\":\"req-1\",\"kind\":\"click_scores\",\"model\":\"ctr-v12\",\"ts\":1764230400000,"
                    + "\"candidates\":[{\"id\":\"ad-1\",\"score\":2.0,\"bid\":0.8},{\"id\":\"ad-2\","
                    + "\"score\":1.0,\"bid\":2.5},{\"id\":\"ad-3\",\"score\":3.2,\"eligible\":false}]}";
    static final String CLASS =
            "{\"id\":\"img-7\",\"kind\":\"class_logits\",\"model\":\"mnist\",\"temperature\":2,"
                    + "\"logits\":[-2.3,1.1,0.4],\"labels\":[\"a\",\"b\",\"c\"],\"label\":\"b\"}";
    static final long SCORED_TS = 1764230400012L;

    private final EventParser parser = new EventParser(ScoringConfig.defaults());
    private final Scorer scorer = new Scorer(ScoringConfig.defaults());

    @Test
    void decisionsOfRelease01AreMigrated() throws Exception {
        String[] events = {CLICK, CLASS};
        for (int k = 0; k < events.length; k++) {
            Decision expected = scorer.score(event(events[k]), SCORED_TS);
            Decision restored = restore("decision-" + k, DecisionSerializer.INSTANCE, false);
            // Release 0.1 computed with Math.exp, this one with StrictMath.exp: the restored
            // numbers are the old ones, within an ulp or two of today's; all else is identical.
            assertSameUpToUlps(
                    MAPPER.readTree(json(restored)), MAPPER.readTree(json(expected)), "decision");
        }
    }

    @Test
    void eventsOfRelease01AreMigrated() throws IOException {
        // Format 2 added the unit: release 0.1's events read as events without one.
        ScoringEvent restored = restore("event-0", ScoringEventSerializer.INSTANCE, false);
        assertThat(restored.unit()).isNull();
        assertThat(json(scorer.score(restored, SCORED_TS)))
                .isEqualTo(json(scorer.score(event(CLICK), SCORED_TS)));
    }

    @Test
    void deadLettersOfRelease01AreMigrated() throws IOException {
        byte[] payload = "{\"id\":\"x\",".getBytes(StandardCharsets.UTF_8);
        DeadLetter expected =
                DeadLetter.of(
                        Reason.UNKNOWN_LABEL,
                        "label 'q' is not one of the event's 3 labels",
                        "x",
                        payload,
                        payload.length,
                        600,
                        new SourcePosition("scores", 2, 99L),
                        1764230400013L);
        assertThat(restore("dead-letter-0", DeadLetterSerializer.INSTANCE, false))
                .isEqualTo(expected);
    }

    @Test
    void anAssembledRequestSurvivesACopyWithItsCandidates() {
        RawEvent candidate = new RawEvent(utf8("{\"c\":1}"), 7, new SourcePosition("s", 1, 5L));
        RawEvent assembled =
                new RawEvent(
                        utf8("{\"id\":\"r\"}"),
                        12,
                        null,
                        new RawEvent.Assembly(
                                3, java.util.List.of(candidate, RawEvent.of(utf8("x")))));
        RawEvent copy = RawEventSerializer.INSTANCE.copy(assembled);
        assertThat(copy.assembly().expected()).isEqualTo(3);
        assertThat(copy.assembly().received()).isEqualTo(2);
        assertThat(copy.assembly().candidates().get(0).source()).isEqualTo(candidate.source());
        assertThat(copy.assembly().candidates().get(0).payload()).isEqualTo(candidate.payload());
        assertThat(copy.assembly().candidates().get(0).payloadBytes()).isEqualTo(7);
        assertThat(RawEventSerializer.INSTANCE.copy(candidate).assembly()).isNull();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Format 2 adds the assembly of an assembled request; a raw event of 0.1 has none. */
    @Test
    void rawEventsOfRelease01AreMigrated() throws IOException {
        RawEvent raw = restore("raw-event-0", RawEventSerializer.INSTANCE, false);
        assertThat(raw.assembly()).isNull();
        assertThat(new String(raw.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"x\",");
        assertThat(raw.payloadBytes()).isEqualTo(600L);
        assertThat(raw.source()).isEqualTo(new SourcePosition("scores", 2, 99L));
    }

    /** The unit and the experiment assignment survive a serialization round trip. */
    @Test
    void aDecisionKeepsItsUnitAndAssignment() throws IOException {
        String yaml =
                "policies:\n  default:\n    experiment:\n      key: k\n"
                        + "      variants: {a: {weight: 0.5}, b: {weight: 0.5, slots: 1}}\n";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("scoring", ".yaml");
        java.nio.file.Files.writeString(file, yaml);
        ScoringConfig config = io.flinksoftmax.policy.ScoringConfigReader.read(file);
        java.nio.file.Files.delete(file);
        byte[] json =
                "{\"id\":\"e\",\"kind\":\"click_scores\",\"unit\":\"u-1\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}"
                        .getBytes(StandardCharsets.UTF_8);
        var event =
                ((io.flinksoftmax.parse.ParseResult.Accepted)
                                new EventParser(config).parse(json, json.length, json.length))
                        .event();
        Decision d = new Scorer(config).score(event, SCORED_TS);
        assertThat(d.assignment()).isNotNull();
        DataOutputSerializer out = new DataOutputSerializer(256);
        DecisionSerializer.INSTANCE.serialize(d, out);
        Decision back =
                DecisionSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.assignment()).isEqualTo(d.assignment());
        assertThat(back.event().unit()).isEqualTo("u-1");
        assertThat(json(back)).isEqualTo(json(d));
    }

    @Test
    void aSnapshotOfANewerFormatIsRefused() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(
                out,
                new DeadLetterSerializer.Snapshot()
                        .withFormat(DeadLetterSerializer.CURRENT_FORMAT + 1));
        TypeSerializerSnapshot<DeadLetter> newer =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(
                        DeadLetterSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(newer)
                                .isIncompatible())
                .isTrue();
        assertThatThrownBy(newer::restoreSerializer).hasMessageContaining("newer release");
    }

    @Test
    void copiesAreDeep() {
        Decision decision = scorer.score(event(CLICK), SCORED_TS);
        Decision copy = DecisionSerializer.INSTANCE.copy(decision);
        assertThat(copy.probabilities())
                .isNotSameAs(decision.probabilities())
                .isEqualTo(decision.probabilities());
        assertThat(DecisionSerializer.INSTANCE.isImmutableType()).isFalse();
    }

    /** Reads a golden value: snapshot -> compatibility -> restored serializer -> old bytes. */
    private <T> T restore(String name, TypeSerializer<T> current, boolean sameFormat)
            throws IOException {
        TypeSerializerSnapshot<T> old =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(golden(name + ".snapshot")),
                        getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<T> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(old);
        if (sameFormat) {
            assertThat(compatibility.isCompatibleAsIs()).as(name).isTrue();
        } else {
            assertThat(compatibility.isCompatibleAfterMigration()).as(name).isTrue();
        }
        T value =
                old.restoreSerializer()
                        .deserialize(new DataInputDeserializer(golden(name + ".bin")));
        // Migration writes it anew in the current format, which must read back the same.
        DataOutputSerializer out = new DataOutputSerializer(256);
        current.serialize(value, out);
        T rewritten = current.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        DataOutputSerializer again = new DataOutputSerializer(256);
        current.serialize(rewritten, again);
        assertThat(again.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        return value;
    }

    private byte[] golden(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/release-0.1/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private ScoringEvent event(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ((ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length)).event();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static void assertSameUpToUlps(
            com.fasterxml.jackson.databind.JsonNode actual,
            com.fasterxml.jackson.databind.JsonNode expected,
            String path) {
        if (expected.isFloatingPointNumber() && actual.isFloatingPointNumber()) {
            double a = actual.doubleValue();
            double e = expected.doubleValue();
            assertThat(Math.abs(a - e))
                    .as(path)
                    .isLessThanOrEqualTo(4 * Math.ulp(Math.max(Math.abs(a), Math.abs(e))));
            return;
        }
        if (expected.isContainerNode()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameUpToUlps(actual.get(i), expected.get(i), path + "[" + i + "]");
                }
            } else {
                expected.fieldNames()
                        .forEachRemaining(
                                name -> {
                                    if (!name.equals("scored_ts")) {
                                        assertSameUpToUlps(
                                                actual.get(name),
                                                expected.get(name),
                                                path + "." + name);
                                    }
                                });
            }
            return;
        }
        assertThat(actual).as(path).isEqualTo(expected);
    }

    private static String json(Decision d) {
        return new String(new DecisionJson().toJson(d), StandardCharsets.UTF_8);
    }
}
