package dev.sluice.ports.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LatestValues} implementation must do, over a real {@link EventLog}. An adapter's
 * test supplies the log, the tables, and a way to open the tables again as after a restart.
 */
public abstract class LatestValuesContract {

    protected abstract EventLog log();

    protected abstract LatestValues tables();

    /**
     * Closes {@link #tables()} and opens new ones over the same state and log, as after a restart;
     * from then on {@link #tables()} answers the new ones.
     */
    protected abstract LatestValues reopen();

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static EventEnvelope change(String id, String type, String json) {
        return new EventEnvelope(UUID.randomUUID().toString(), "/contract/tables", type, id,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "application/json", id, Map.of(),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private void append(String topic, EventEnvelope... events) throws Exception {
        log().append(topic, List.of(events)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String payload(EventEnvelope e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theNewestEventOfEachKeyIsItsValue() throws Exception {
        String topic = unique("customers");
        LatestValues.Table table = tables().table(topic);
        EventEnvelope john = change("c1", "customer_created", "{\"name\":\"John\"}");
        EventEnvelope matt = change("c2", "customer_created", "{\"name\":\"Matt\"}");
        EventEnvelope renamed = change("c1", "customer_updated", "{\"name\":\"Johnny\"}");
        append(topic, john, matt, renamed);

        assertTrue(table.awaitValue("c1", renamed.id(), WAIT), "the table reached the rename");
        assertTrue(table.awaitValue("c2", matt.id(), WAIT));
        EventEnvelope c1 = table.get("c1").orElseThrow();
        assertEquals(renamed.id(), c1.id());
        assertEquals("customer_updated", c1.type());
        assertEquals("{\"name\":\"Johnny\"}", payload(c1));
        assertEquals(renamed.time(), c1.time());
        assertEquals("c1", c1.key());
        assertEquals(List.of(renamed.id(), matt.id()), table.values().stream().map(EventEnvelope::id).toList(),
                "one value per key, ordered by key");
        assertTrue(table.get("c3").isEmpty());
    }

    @Test
    void aValueKeepsItsHeadersExactly() throws Exception {
        String topic = unique("customers-headers");
        LatestValues.Table table = tables().table(topic);
        Map<String, String> headers = Map.of("Trace-Id", "t-1", "traceparent", "00-ab-01", "note", "Zürich ☃ 日本 \uD83D\uDE00",
                "id", "not-the-id", "content-type", "text/plain", "x-request-id", "r-1");
        EventEnvelope e = change("c9", "customer_created", "{\"name\":\"Zoë\"}").withHeaders(headers);
        append(topic, e);
        assertTrue(table.awaitValue("c9", e.id(), WAIT));
        EventEnvelope got = table.get("c9").orElseThrow();
        assertEquals(headers, got.headers());
        assertEquals(e.id(), got.id(), "a header cannot replace a context attribute");
    }

    @Test
    void aTableStartedLaterIsBuiltFromWhatTheLogAlreadyHolds() throws Exception {
        String topic = unique("organizations");
        EventEnvelope first = change("o1", "organization_created", "{\"name\":\"SuperCompany\"}");
        EventEnvelope second = change("o1", "organization_updated", "{\"name\":\"SuperCompany Tech\"}");
        append(topic, first, second);
        LatestValues.Table table = tables().table(topic);
        assertTrue(table.awaitValue("o1", second.id(), WAIT));
        assertEquals("{\"name\":\"SuperCompany Tech\"}", payload(table.get("o1").orElseThrow()));
    }

    @Test
    void anAppendIsReadableOnceAwaitedAndAnEventNeverWrittenIsNot() throws Exception {
        String topic = unique("orders");
        LatestValues.Table table = tables().table(topic);
        for (int i = 0; i < 5; i++) {
            EventEnvelope e = change("order-" + i, "order_created", "{\"po\":\"po" + i + "\"}");
            append(topic, e);
            assertTrue(table.awaitValue(e.key(), e.id(), WAIT), "read your own write " + i);
            assertEquals(e.id(), table.get(e.key()).orElseThrow().id());
        }
        assertFalse(table.awaitValue("order-0", "never-written", Duration.ofMillis(300)));
    }

    @Test
    void afterARestartTheTableHoldsTheSameValuesAndKeepsFollowingTheLog() throws Exception {
        String topic = unique("invoices");
        EventEnvelope a = change("i1", "invoice_created", "{\"amount\":10}");
        EventEnvelope b = change("i2", "invoice_created", "{\"amount\":20}");
        LatestValues.Table table = tables().table(topic);
        append(topic, a, b);
        assertTrue(table.awaitValue("i2", b.id(), WAIT));
        LatestValues again = reopen();
        {
            LatestValues.Table restarted = again.table(topic);
            assertTrue(restarted.awaitValue("i1", a.id(), WAIT));
            assertTrue(restarted.awaitValue("i2", b.id(), WAIT));
            EventEnvelope c = change("i1", "invoice_updated", "{\"amount\":11}");
            append(topic, c);
            assertTrue(restarted.awaitValue("i1", c.id(), WAIT));
            assertEquals(2, restarted.values().size());
        }
    }
}
