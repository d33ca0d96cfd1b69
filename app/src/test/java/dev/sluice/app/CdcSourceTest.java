package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The {@code postgres-cdc} source against the real PostgreSQL (a database of the test's own) and the shared
 * embedded Kafka: the snapshot of the rows already there, then an insert, an update and a delete made after
 * start, each an event keyed by the primary key with the row as payload and the position in its extensions;
 * the delete followed by a tombstone on the topic (a null value); the route's status in /api/routes. Closing
 * drops the test's slot and database.
 */
class CdcSourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> cdcRoute(String route, TestPostgres db, String tables, String topic) {
        return cdcRoute(route, db.url, TestPostgres.USER, TestPostgres.PASSWORD, tables, topic);
    }

    /** A postgres-cdc route of {@code tables} at {@code url} to the log topic {@code topic}, as settings. */
    static Map<String, Object> cdcRoute(String route, String url, String user, String password, String tables,
                                        String topic) {
        Map<String, Object> p = new HashMap<>();
        String r = "sluice.routes." + route + ".";
        p.put(r + "source", "postgres-cdc");
        p.put(r + "from", tables);
        p.put(r + "source-options.url", url);
        p.put(r + "source-options.username", user);
        p.put(r + "source-options.password", password);
        p.put(r + "to", "log");
        p.put(r + "options.topic", topic);
        return p;
    }

    @Test
    void snapshotThenInsertUpdateDeleteArriveInOrderKeyedByThePrimaryKey() throws Exception {
        String topic = TestSluice.unique("cdc-items");
        try (TestPostgres db = TestPostgres.create("cdc")) {
            db.exec("CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2), tags text[])",
                    "INSERT INTO item VALUES (1, 'kettle', 19.90, '{kitchen}'), (2, 'lamp', 35.00, '{home,light}')");
            Map<String, Object> props = cdcRoute("items-cdc", db, "public.item", topic);
            props.put("sluice.routes.items.from", topic);
            props.put("sluice.routes.items.to", "sse");
            try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), props);
                 SseClient stream = SseClient.connect(sluice.uri("/items/stream?from=earliest"), null)) {
                List<SseClient.Event> snapshot = stream.await(2);
                assertEquals(List.of("item_created", "item_created"), snapshot.stream().map(SseClient.Event::type).toList());
                JsonNode kettle = JSON.readTree(snapshot.get(0).data());
                assertEquals("kettle", kettle.get("name").asText());
                assertEquals("19.90", kettle.get("price").asText(), "a NUMERIC keeps its digits");
                assertEquals("[\"home\",\"light\"]", JSON.readTree(snapshot.get(1).data()).get("tags").toString());

                BridgeTest.await("the snapshot done in the route's status", () -> "done".equals(status(sluice).path("snapshot").asText()));

                db.exec("INSERT INTO item VALUES (3, 'chair', 49.00, '{}')",
                        "UPDATE item SET price = 17.50 WHERE id = 1",
                        "DELETE FROM item WHERE id = 2");
                List<SseClient.Event> after = stream.await(5);
                assertEquals(List.of("item_created", "item_created", "item_created", "item_updated", "item_deleted"),
                        after.stream().map(SseClient.Event::type).toList(), "no tombstone on the stream");
                assertEquals("17.50", JSON.readTree(after.get(3).data()).get("price").asText());
                assertEquals(2, JSON.readTree(after.get(4).data()).get("id").asInt(), "a delete carries the key");

                // on the topic: keyed by the primary key, the position in the extensions, a tombstone after the delete
                List<ConsumerRecord<String, byte[]>> records = readAll(topic, 6);
                assertEquals(List.of("1", "2", "3", "1", "2", "2"), records.stream().map(ConsumerRecord::key).toList());
                ConsumerRecord<String, byte[]> update = records.get(3);
                assertEquals("item_updated", header(update, "ce_type"));
                assertEquals("u", header(update, "ce_cdcop"));
                assertEquals("public.item", header(update, "ce_cdctable"));
                assertTrue(Long.parseLong(header(update, "ce_cdclsn")) > 0, "the change's LSN");
                assertFalse("false".equals(header(records.get(0), "ce_cdcsnapshot")), "a snapshot row says so");
                assertEquals("false", header(update, "ce_cdcsnapshot"));
                assertNull(records.get(5).value(), "the delete's tombstone is a null value");

                JsonNode status = status(sluice);
                assertEquals("streaming", status.path("phase").asText(), status.toString());
                assertEquals(2, status.path("snapshotRows").asInt(), status.toString());
                assertTrue(status.path("changes").asInt() >= 6, status.toString());
                assertFalse(status.path("lastChange").asText().isEmpty(), status.toString());
                assertEquals(List.of("sluice_items_cdc"), db.slots(), "the slot, named after the route");
            }
        }
    }

    static JsonNode status(TestSluice sluice) {
        try {
            for (JsonNode route : JSON.readTree(sluice.get("/api/routes").body())) {
                if (route.path("source").asText().startsWith("postgres-cdc")) {
                    return route.path("sourceStatus");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return JSON.createObjectNode();
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestSluice.unique("cdc-check"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }
}
