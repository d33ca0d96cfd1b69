package dev.sluice.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Debezium's PostgreSQL change records, as its JSON converter writes them without schemas (written here
 * by hand after its envelope: {@code before}, {@code after}, {@code source}, {@code op}, {@code ts_ms}),
 * mapped to Sluice events.
 */
class ChangeEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DESTINATION = "sluice_items_cdc.public.item";
    static final long COMMITTED = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final ChangeEvents EVENTS = new ChangeEvents(CdcSettings.of("items-cdc", "public.item",
            Map.of("url", "jdbc:postgresql://127.0.0.1:5432/shop", "username", "cdc")));

    /** A record's value: the envelope Debezium 3 writes for the postgres connector (no schema). */
    static String value(String op, String before, String after, String snapshot, long lsn, Long txId) {
        return value("item", op, before, after, snapshot, lsn, txId);
    }

    static String value(String table, String op, String before, String after, String snapshot, long lsn, Long txId) {
        return """
                {"before":%s,"after":%s,
                 "source":{"version":"3.6.1.Final","connector":"postgresql","name":"sluice_items_cdc",
                   "ts_ms":%d,"ts_us":%d000,"ts_ns":%d000000,"snapshot":"%s","db":"shop",
                   "sequence":"[\\"%d\\",\\"%d\\"]","schema":"public","table":"%s","txId":%s,"lsn":%d,"xmin":null},
                 "transaction":null,"op":"%s","ts_ms":%d,"ts_us":%d000,"ts_ns":%d000000}
                """.formatted(before, after, COMMITTED, COMMITTED, COMMITTED, snapshot, lsn - 8, lsn, table,
                txId == null ? "null" : txId.toString(), lsn, op, COMMITTED + 150, COMMITTED + 150, COMMITTED + 150);
    }

    static JsonNode payload(EventEnvelope e) throws Exception {
        return JSON.readTree(new String(e.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void anInsertIsACreatedEventKeyedByThePrimaryKeyWithTheNewRow() throws Exception {
        ChangeEvents.Change c = EVENTS.of("{\"id\":1}",
                value("c", "null", "{\"id\":1,\"name\":\"kettle\",\"price\":\"19.90\"}", "false", 23_456_789L, 751L),
                DESTINATION);
        EventEnvelope e = c.event();
        assertEquals("item_created", e.type());
        assertEquals("1", e.key());
        assertEquals("/sluice/postgres-cdc/shop/item", e.source());
        assertEquals("application/json", e.contentType());
        assertEquals(JSON.readTree("{\"id\":1,\"name\":\"kettle\",\"price\":\"19.90\"}"), payload(e));
        assertEquals(Map.of("cdclsn", "23456789", "cdctxid", "751", "cdcsnapshot", "false", "cdcop", "c",
                "cdctable", "public.item"), e.headers());
        assertEquals(Instant.ofEpochMilli(COMMITTED), e.time(), "the time the database committed it");
        assertEquals(Instant.ofEpochMilli(COMMITTED), c.committed());
        assertFalse(c.snapshot());
        assertFalse(c.lastOfSnapshot());
        assertFalse(e.isTombstone());
    }

    @Test
    void aRowReadByTheSnapshotIsACreatedEventThatSaysSo() throws Exception {
        ChangeEvents.Change first = EVENTS.of("{\"id\":1}",
                value("r", "null", "{\"id\":1,\"name\":\"kettle\"}", "first", 100L, null), DESTINATION);
        assertEquals("item_created", first.event().type());
        assertEquals("r", first.event().headers().get("cdcop"));
        assertEquals("first", first.event().headers().get("cdcsnapshot"));
        assertFalse(first.event().headers().containsKey("cdctxid"), "no transaction id: none was given");
        assertTrue(first.snapshot());
        assertFalse(first.lastOfSnapshot());

        ChangeEvents.Change middle = EVENTS.of("{\"id\":2}",
                value("r", "null", "{\"id\":2,\"name\":\"lamp\"}", "true", 100L, null), DESTINATION);
        assertTrue(middle.snapshot());
        assertFalse(middle.lastOfSnapshot());

        ChangeEvents.Change last = EVENTS.of("{\"id\":3}",
                value("r", "null", "{\"id\":3,\"name\":\"chair\"}", "last", 100L, null), DESTINATION);
        assertTrue(last.snapshot());
        assertTrue(last.lastOfSnapshot());
        assertEquals(JSON.readTree("{\"id\":3,\"name\":\"chair\"}"), payload(last.event()));
    }

    @Test
    void anUpdateIsAnUpdatedEventWithTheNewRow() throws Exception {
        // the default replica identity: no old row
        EventEnvelope e = EVENTS.of("{\"id\":1}",
                value("u", "null", "{\"id\":1,\"name\":\"kettle\",\"price\":\"17.50\"}", "false", 23_457_000L, 752L),
                DESTINATION).event();
        assertEquals("item_updated", e.type());
        assertEquals("1", e.key());
        assertEquals("u", e.headers().get("cdcop"));
        assertEquals(JSON.readTree("{\"id\":1,\"name\":\"kettle\",\"price\":\"17.50\"}"), payload(e));
    }

    @Test
    void aDeleteIsADeletedEventWithTheOldRowAsFarAsItIsKnown() throws Exception {
        // the default replica identity: the old row has the key, the other columns are null
        EventEnvelope e = EVENTS.of("{\"id\":2}",
                value("d", "{\"id\":2,\"name\":null,\"price\":null}", "null", "false", 23_458_000L, 753L),
                DESTINATION).event();
        assertEquals("item_deleted", e.type());
        assertEquals("2", e.key());
        assertEquals("d", e.headers().get("cdcop"));
        assertEquals(2, payload(e).get("id").asInt());
        assertFalse(e.isTombstone(), "the delete itself is an event with a payload");

        // no old row at all: the key is the payload
        EventEnvelope bare = EVENTS.of("{\"id\":4}", value("d", "null", "null", "false", 23_459_000L, 754L),
                DESTINATION).event();
        assertEquals(JSON.readTree("{\"id\":4}"), payload(bare));
    }

    @Test
    void debeziumsTombstoneAfterADeleteIsATombstoneOfTheKey() {
        ChangeEvents.Change c = EVENTS.of("{\"id\":2}", null, DESTINATION);
        EventEnvelope e = c.event();
        assertTrue(e.isTombstone());
        assertEquals("2", e.key());
        assertEquals("item_deleted", e.type());
        assertEquals("/sluice/postgres-cdc/shop/item", e.source());
        assertEquals(0, e.payload().length);
        assertFalse(c.snapshot());
        assertNull(EVENTS.of(null, null, DESTINATION), "a tombstone without a key says nothing");
    }

    @Test
    void whatIsNoRowChangeIsNoEvent() {
        assertNull(EVENTS.of(null, value("t", "null", "null", "false", 23_460_000L, 755L), DESTINATION), "a truncate");
        assertNull(EVENTS.of(null, value("m", "null", "null", "false", 23_461_000L, 756L), DESTINATION), "a message");
    }

    @Test
    void aCompositeKeyIsTheKeysJsonAOneColumnKeyItsValue() {
        String composite = "{\"order_id\":7,\"line\":2}";
        EventEnvelope e = EVENTS.of(composite, value("order_line", "c", "null", "{\"order_id\":7,\"line\":2,\"qty\":3}", "false",
                23_462_000L, 757L), "sluice_items_cdc.public.order_line").event();
        assertEquals(composite, e.key());
        assertEquals("order_line_created", e.type(), "the table from the record's source");

        assertEquals("A-1", ChangeEvents.key("{\"code\":\"A-1\"}"), "text without quotes");
        assertEquals("42", ChangeEvents.key("{\"id\":42}"));
        assertEquals("9b2f0c4e-1d7a-4e3b-8f1e-0a2b3c4d5e6f",
                ChangeEvents.key("{\"uid\":\"9b2f0c4e-1d7a-4e3b-8f1e-0a2b3c4d5e6f\"}"));
        assertNull(ChangeEvents.key(null), "a table without a primary key");
    }

    @Test
    void aChangeHandedOnAgainHasTheIdItHadAndOtherChangesOtherIds() {
        String row = "{\"id\":1,\"name\":\"kettle\"}";
        String id = EVENTS.of("{\"id\":1}", value("u", "null", row, "false", 500L, 9L), DESTINATION).event().id();
        assertEquals(id, EVENTS.of("{\"id\":1}", value("u", "null", row, "false", 500L, 9L), DESTINATION).event().id(),
                "the same change after a restart");
        assertNotEquals(id, EVENTS.of("{\"id\":1}", value("u", "null", row, "false", 600L, 10L), DESTINATION).event().id(),
                "the next change of the row");
        assertNotEquals(id, EVENTS.of("{\"id\":2}", value("u", "null", row, "false", 500L, 9L), DESTINATION).event().id(),
                "another row");
        ChangeEvents otherRoute = new ChangeEvents(CdcSettings.of("other", "public.item",
                Map.of("url", "jdbc:postgresql://127.0.0.1:5432/shop", "username", "cdc")));
        assertNotEquals(id, otherRoute.of("{\"id\":1}", value("u", "null", row, "false", 500L, 9L), DESTINATION)
                .event().id(), "another route's slot");
    }

    @Test
    void rowsOfATableWithoutPrimaryKeyReadByOneSnapshotHaveIdsOfTheirOwn() {
        // the snapshot reads every row at one position: without a key the row itself tells them apart
        ChangeEvents.Change kettle = EVENTS.of(null, value("r", "null", "{\"name\":\"kettle\"}", "true", 700L, null),
                DESTINATION);
        ChangeEvents.Change lamp = EVENTS.of(null, value("r", "null", "{\"name\":\"lamp\"}", "last", 700L, null),
                DESTINATION);
        assertNull(kettle.event().key());
        assertNotEquals(kettle.event().id(), lamp.event().id());
        assertEquals(kettle.event().id(), EVENTS.of(null, value("r", "null", "{\"name\":\"kettle\"}", "true", 700L, null),
                DESTINATION).event().id(), "and the same id when read again at that position");
    }
}
