package io.flinksoftmax.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link EventParser#reusing}'s promise: record by record, its events are equal to a fresh parser's
 * (so the scoring code cannot tell them apart), whatever came before: events of every length on
 * both sides of {@link EventArrays#MAX_REUSED_LENGTH}, the same length twice in a row, rejected and
 * other records between them. And it does reuse, or it is no saving; a fresh parser's events stay
 * as they were whatever it parses next.
 */
class EventArraysTest {

    private static final ScoringConfig CONFIG = ScoringConfig.defaults();

    @Test
    void reusedEventsEqualFreshOnesRecordByRecord() {
        EventParser fresh = new EventParser(CONFIG);
        EventParser reusing = EventParser.reusing(CONFIG);
        SplittableRandom r = new SplittableRandom(28);
        int clicks = 0;
        for (int k = 0; k < 20_000; k++) {
            byte[] record = record(r);
            ParseResult a = fresh.parse(record, record.length, record.length, 0);
            ParseResult b = reusing.parse(record, record.length, record.length, 0);
            assertThat(b.getClass()).isEqualTo(a.getClass());
            if (a instanceof ParseResult.Accepted accepted
                    && accepted.event() instanceof ClickScores expected) {
                assertSameEvent((ClickScores) ((ParseResult.Accepted) b).event(), expected);
                clicks++;
            } else if (a instanceof ParseResult.Rejected) {
                assertThat(b).isEqualTo(a); // the same reason and message
            }
        }
        assertThat(clicks).as("click events compared").isGreaterThan(5_000);
    }

    @Test
    void reusesArraysOfTheSameLengthUpToTheBound() {
        EventParser reusing = EventParser.reusing(CONFIG);
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 10, EventArrays.MAX_REUSED_LENGTH}) {
            ClickScores first = accepted(reusing, click(r, n));
            ClickScores second = accepted(reusing, click(r, n));
            assertThat(second.scores()).isSameAs(first.scores());
            assertThat(second.bids()).isSameAs(first.bids());
            assertThat(second.eligible()).isSameAs(first.eligible());
            assertThat(second.ids().utf8()).isSameAs(first.ids().utf8());
        }
        int longer = EventArrays.MAX_REUSED_LENGTH + 1;
        ClickScores first = accepted(reusing, click(r, longer));
        ClickScores second = accepted(reusing, click(r, longer));
        assertThat(second.scores()).isNotSameAs(first.scores());
        assertThat(second.eligible()).isNotSameAs(first.eligible());
    }

    @Test
    void freshEventsStayAsTheyWere() {
        EventParser fresh = new EventParser(CONFIG);
        SplittableRandom r = new SplittableRandom(11);
        List<byte[]> records = new ArrayList<>();
        List<ClickScores> kept = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            records.add(click(r, 1 + r.nextInt(12)));
            kept.add(accepted(fresh, records.get(k)));
        }
        for (int k = 0; k < kept.size(); k++) {
            assertSameEvent(kept.get(k), accepted(new EventParser(CONFIG), records.get(k)));
        }
    }

    private static ClickScores accepted(EventParser parser, byte[] record) {
        ParseResult result = parser.parse(record, record.length, record.length, 0);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return (ClickScores) ((ParseResult.Accepted) result).event();
    }

    private static void assertSameEvent(ClickScores actual, ClickScores expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.model()).isEqualTo(expected.model());
        assertThat(actual.placement()).isEqualTo(expected.placement());
        assertThat(actual.eventTs()).isEqualTo(expected.eventTs());
        assertThat(Double.doubleToRawLongBits(actual.temperature()))
                .isEqualTo(Double.doubleToRawLongBits(expected.temperature()));
        assertThat(actual.unit()).isEqualTo(expected.unit());
        assertThat(actual.ids()).isEqualTo(expected.ids());
        assertThat(actual.ids().hashCode()).isEqualTo(expected.ids().hashCode());
        assertThat(actual.candidateIds()).containsExactly(expected.candidateIds());
        assertThat(actual.scores()).isEqualTo(expected.scores());
        assertThat(actual.bids()).isEqualTo(expected.bids());
        assertThat(actual.eligible()).isEqualTo(expected.eligible());
    }

    /** A click event of a random length, or now and then a record of any kind, valid or not. */
    private static byte[] record(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> RecordGrammar.record(r).getBytes(StandardCharsets.UTF_8);
            case 1 -> RecordGrammar.mutate(click(r, 1 + r.nextInt(12)), r);
            // Runs of one length, and lengths on both sides of the bound.
            case 2, 3 -> click(r, 10);
            default -> click(r, 1 + r.nextInt(EventArrays.MAX_REUSED_LENGTH + 16));
        };
    }

    /**
     * A {@code click_scores} record with {@code n} candidates: ids of varying length, some bids.
     */
    private static byte[] click(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder("{\"id\":\"req-").append(r.nextInt(1000)).append('"');
        b.append(",\"kind\":\"click_scores\"");
        if (r.nextBoolean()) {
            b.append(",\"model\":\"m").append(r.nextInt(3)).append('"');
        }
        if (r.nextInt(4) == 0) {
            b.append(",\"temperature\":").append(0.5 + r.nextDouble());
        }
        b.append(",\"candidates\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"c").append(i).append("-".repeat(r.nextInt(4))).append('"');
            b.append(",\"score\":").append(r.nextDouble() * 8 - 4);
            if (r.nextInt(3) > 0) {
                b.append(",\"bid\":").append(r.nextDouble());
            }
            if (i > 0 && r.nextInt(8) == 0) { // the first stays eligible: the event is valid
                b.append(",\"eligible\":false");
            }
            b.append('}');
        }
        b.append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
