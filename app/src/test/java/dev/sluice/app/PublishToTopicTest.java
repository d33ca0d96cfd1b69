package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing CloudEvents to any topic, on the real (embedded) Kafka: what the three modes write is read back
 * from the log with everything the producer gave; a request with one bad event writes nothing; a topic's JSON
 * Schema refuses data that breaks it, with pointers; a schema that cannot be used stops start-up naming its
 * setting.
 */
class PublishToTopicTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A topic whose name has a dot, so its settings entry names it with {@code topic:}. */
    static final String ORDERS = TestSluice.unique("shop.orders");
    static TestSluice sluice;

    /** The shared embedded Kafka, whatever broker the S1 reruns choose (this test lists topic counts). */
    static Map<String, Object> onKafka(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("sluice.ingest.topic", TestSluice.unique("publish-ingest"));
        p.put("sluice.broker", "kafka");
        p.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        p.putAll(extra);
        return p;
    }

    @BeforeAll
    static void start() {
        sluice = TestSluice.startExactly(onKafka(Map.of(
                "sluice.topics.shop-orders.topic", ORDERS,
                "sluice.topics.shop-orders.schema", "classpath:schemas/order.json")));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    static String path(String topic) {
        return "/api/topics/" + topic + "/events";
    }

    static HttpResponse<String> binary(String topic, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(sluice.uri(path(topic)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return TestSluice.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts and expects 200; the ids of the receipt, in order. */
    static List<String> accepted(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).get("events").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    /** The topic from its beginning, read until the event with id {@code lastId} arrived. */
    static List<EventEnvelope> readUntil(String topic, String lastId) throws Exception {
        EventLog log = sluice.server.getApplicationContext().getBean(EventLog.class);
        List<EventEnvelope> got = new CopyOnWriteArrayList<>();
        try (Subscription ignored = log.tail(topic, StartAt.earliest(), (LoggedEvent e) -> got.add(e.event()))) {
            for (int i = 0; i < 300 && got.stream().noneMatch(e -> e.id().equals(lastId)); i++) {
                Thread.sleep(100);
            }
        }
        assertTrue(got.stream().anyMatch(e -> e.id().equals(lastId)), "event " + lastId + " arrived: " + got);
        return new ArrayList<>(got);
    }

    static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static List<String> pointers(HttpResponse<String> problem) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(problem.body()).path("errors").forEach(e -> out.add(e.get("pointer").asText()));
        return out;
    }

    @Test
    void theThreeModesKeepWhatTheProducerGaveAndGenerateAMissingId() throws Exception {
        String topic = TestSluice.unique("publish-modes");
        Instant before = Instant.now();

        List<String> structured = accepted(sluice.post(path(topic), "application/cloudevents+json", """
                {"specversion":"1.0","id":"order-1001","source":"/shop/checkout","type":"order.placed",
                 "subject":"order-1001","time":"2026-01-01T10:00:00.123456789Z","datacontenttype":"application/json",
                 "partitionkey":"customer-7","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                 "data":{"orderId":"order-1001","price":29.90}}"""));
        List<String> batch = accepted(sluice.post(path(topic), "application/cloudevents-batch+json", """
                [{"specversion":"1.0","id":"order-1002","source":"https://shop.example/checkout","type":"order.placed",
                  "time":"2026-01-01T11:00:00+02:00","data":{"orderId":"order-1002","price":19.90}},
                 {"specversion":"1.0","source":"/shop/checkout","type":"order.placed","data":{"orderId":"order-1003"}}]"""));
        List<String> binaryJson = accepted(binary(topic, "application/json", "{\"orderId\":\"order-1004\",\"price\":9.50}",
                "ce-specversion", "1.0", "ce-id", "order-1004", "ce-source", "/shop/checkout", "ce-type", "order.placed",
                "ce-subject", "%E6%97%A5%E6%9C%AC", "ce-time", "2026-01-01T12:00:00Z", "ce-partitionkey", "customer-9",
                "ce-traceparent", "00-abc-01"));
        List<String> binaryText = accepted(binary(topic, "text/plain; charset=utf-8", "Order 1004 shipped, 2 parcels",
                "ce-specversion", "1.0", "ce-id", "note-1", "ce-source", "/warehouse", "ce-type", "note.written"));
        List<String> binaryXml = accepted(binary(topic, "application/xml", "<shipment order=\"order-1004\"/>",
                "ce-specversion", "1.0", "ce-source", "/warehouse", "ce-type", "shipment.sent"));
        Instant after = Instant.now();

        assertEquals(List.of("order-1001"), structured);
        assertEquals("order-1002", batch.get(0));
        assertEquals(List.of("order-1004"), binaryJson);
        assertEquals(List.of("note-1"), binaryText);
        String generated = batch.get(1);
        assertEquals(generated, UUID.fromString(generated).toString(), "a generated id is a UUID");
        List<EventEnvelope> got = readUntil(topic, binaryXml.getFirst());
        assertEquals(List.of("order-1001", "order-1002", generated, "order-1004", "note-1", binaryXml.getFirst()),
                got.stream().map(EventEnvelope::id).toList(), "once each, in order");

        assertEquals(new EventEnvelope("order-1001", "/shop/checkout", "order.placed", "order-1001",
                Instant.parse("2026-01-01T10:00:00.123456789Z"), "application/json", "customer-7",
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                "{\"orderId\":\"order-1001\",\"price\":29.90}".getBytes(StandardCharsets.UTF_8)), got.get(0));
        EventEnvelope second = got.get(1);
        assertEquals("https://shop.example/checkout", second.source());
        assertEquals(Instant.parse("2026-01-01T09:00:00Z"), second.time());
        assertNull(second.key());
        assertEquals(Map.of(), second.headers());
        assertEquals("{\"orderId\":\"order-1002\",\"price\":19.90}", text(second.payload()));
        EventEnvelope third = got.get(2);
        assertTrue(!third.time().isBefore(before.minusSeconds(1)) && !third.time().isAfter(after.plusSeconds(1)),
                "no time given: the time of publishing, " + third.time());
        assertEquals(new EventEnvelope("order-1004", "/shop/checkout", "order.placed", "日本",
                Instant.parse("2026-01-01T12:00:00Z"), "application/json", "customer-9", Map.of("traceparent", "00-abc-01"),
                "{\"orderId\":\"order-1004\",\"price\":9.50}".getBytes(StandardCharsets.UTF_8)), got.get(3));
        EventEnvelope note = got.get(4);
        assertEquals("text/plain; charset=utf-8", note.contentType());
        assertEquals("Order 1004 shipped, 2 parcels", text(note.payload()));
        EventEnvelope xml = got.get(5);
        assertEquals("shipment.sent", xml.type());
        assertEquals("application/xml", xml.contentType());
        assertArrayEquals("<shipment order=\"order-1004\"/>".getBytes(StandardCharsets.UTF_8), xml.payload());
    }

    @Test
    void aBatchWithOneBadEventWritesNothing() throws Exception {
        String topic = TestSluice.unique("publish-all-or-nothing");
        String first = accepted(sluice.post(path(topic), "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"first\",\"source\":\"/s\",\"type\":\"t\",\"data\":1}")).getFirst();

        HttpResponse<String> refused = sluice.post(path(topic), "application/cloudevents-batch+json", """
                [{"specversion":"1.0","id":"good-1","source":"/s","type":"t","data":2},
                 {"specversion":"1.0","id":"good-2","source":"/s","type":"t","data":3},
                 {"specversion":"1.0","id":"bad","source":"/s","data":4},
                 {"specversion":"2.0","id":"worse","source":"/s","type":"t","data":5}]""");

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertEquals(List.of("/2/type", "/3/specversion"), pointers(refused));
        assertEquals("2 of 4 events are invalid; nothing was written", JSON.readTree(refused.body()).get("detail").asText());
        String last = accepted(sluice.post(path(topic), "application/cloudevents+json",
                "{\"specversion\":\"1.0\",\"id\":\"last\",\"source\":\"/s\",\"type\":\"t\",\"data\":6}")).getFirst();
        assertEquals(List.of(first, last), readUntil(topic, last).stream().map(EventEnvelope::id).toList(),
                "nothing of the refused batch, not even its good events");
        JsonNode listed = JSON.readTree(sluice.get("/api/topics").body());
        List<Long> counts = new ArrayList<>();
        listed.forEach(t -> {
            if (t.get("name").asText().equals(topic)) {
                counts.add(t.get("records").asLong());
            }
        });
        assertEquals(List.of(2L), counts, "the topic holds two records");
    }

    @Test
    void theTopicsSchemaRefusesDataThatBreaksItWithPointers() throws Exception {
        HttpResponse<String> refused = sluice.post(path(ORDERS), "application/cloudevents-batch+json", """
                [{"specversion":"1.0","source":"/shop","type":"order.placed","data":{"orderId":"o-1"}},
                 {"specversion":"1.0","source":"/shop","type":"order.placed","data":{"orderId":"o-2","price":5}},
                 {"specversion":"1.0","source":"/shop","type":"order.placed","data":{"orderId":"","price":-1}}]""");

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(List.of("/0/data/price", "/2/data/orderId", "/2/data/price"), pointers(refused));
        HttpResponse<String> xml = binary(ORDERS, "application/xml", "<order/>",
                "ce-specversion", "1.0", "ce-source", "/shop", "ce-type", "order.placed");
        assertEquals(400, xml.statusCode(), xml.body());
        assertEquals(List.of("/data"), pointers(xml), "a topic with a schema takes JSON data only");
        HttpResponse<String> single = binary(ORDERS, "application/json", "{\"price\":\"free\"}",
                "ce-specversion", "1.0", "ce-source", "/shop", "ce-type", "order.placed");
        assertEquals(List.of("/data/orderId", "/data/price"), pointers(single).stream().sorted().toList());

        String ok = accepted(sluice.post(path(ORDERS), "application/cloudevents+json", """
                {"specversion":"1.0","id":"o-3","source":"/shop","type":"order.placed","data":{"orderId":"o-3","price":5}}""")).getFirst();
        assertEquals(List.of("o-3"), readUntil(ORDERS, ok).stream().map(EventEnvelope::id).toList());
    }

    @Test
    void theOpenApiDocumentDescribesTheThreeModesWithExamples() throws Exception {
        String doc = sluice.get("/swagger/sluice-0.1.yml").body();
        for (String expected : new String[] {"/api/topics/{topic}/events", "application/cloudevents+json",
                "application/cloudevents-batch+json", "ce-partitionkey", "order-1001", "binary (with the ce-* headers)",
                "/0/data/price"}) {
            assertTrue(doc.contains(expected), "missing " + expected);
        }
    }

    /** The messages of a failed start-up and of its causes. */
    private static String failureOf(Map<String, Object> extra) {
        Map<String, Object> properties = onKafka(extra);
        Throwable t = assertThrows(Throwable.class,
                () -> ApplicationContext.run(EmbeddedServer.class, properties, "test").close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aSchemaThatCannotBeUsedStopsStartUpNamingItsSetting() {
        String missing = failureOf(Map.of("sluice.topics.orders.schema", "classpath:schemas/nowhere.json"));
        assertTrue(missing.contains("sluice.topics.orders.schema (classpath:schemas/nowhere.json): there is no "
                + "schemas/nowhere.json on the classpath"), missing);

        String invalid = failureOf(Map.of("sluice.topics.orders.schema", "classpath:schemas/not-a-schema.json"));
        assertTrue(invalid.contains("sluice.topics.orders.schema (classpath:schemas/not-a-schema.json): not a valid "
                + "JSON Schema"), invalid);
        assertTrue(invalid.contains("/required"), invalid);

        String misspelt = failureOf(Map.of("sluice.topics.orders.shema", "classpath:schemas/order.json"));
        assertTrue(misspelt.contains("sluice.topics.orders.shema is not a setting; did you mean schema?"), misspelt);
    }
}
