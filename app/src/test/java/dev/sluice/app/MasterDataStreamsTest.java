package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Scenario S1 end to end on a real Kafka: ingest, then the JSON, XML and filtered SSE streams. */
class MasterDataStreamsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestSluice sluice;

    @BeforeAll
    static void start() {
        String topic = TestSluice.unique("items");
        sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.s-json.from", topic,
                "sluice.routes.s-json.to", "sse",
                "sluice.routes.s-xml.from", topic,
                "sluice.routes.s-xml.pipeline[0].xml", "item",
                "sluice.routes.s-xml.to", "sse",
                "sluice.routes.s-filtered.from", topic,
                "sluice.routes.s-filtered.pipeline[0].filter", "$lowercase(category) = 'electronics'",
                "sluice.routes.s-filtered.to", "sse",
                "sluice.sse.heartbeat", "300ms"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    static String item(String id, String category, double price) {
        return "{\"itemId\":\"" + id + "\",\"name\":\"Widget " + id + "\",\"category\":\"" + category
                + "\",\"price\":" + price + ",\"lastUpdated\":\"2024-01-15T10:30:00Z\"}";
    }

    @Test
    void singleAndBatchItemsReachEachStreamInOrderAndInItsFormat() throws Exception {
        try (SseClient json = SseClient.connect(sluice.uri("/s-json/stream"), null);
             SseClient xml = SseClient.connect(sluice.uri("/s-xml/stream"), null);
             SseClient filtered = SseClient.connect(sluice.uri("/s-filtered/stream"), null)) {
            assertEquals(200, json.status);
            assertTrue(json.contentType.startsWith("text/event-stream"), json.contentType);

            var single = sluice.postJson(item("a1", "Electronics", 29.99));
            assertEquals(200, single.statusCode(), single.body());
            JsonNode receipt = JSON.readTree(single.body());
            assertEquals(1, receipt.get("count").asInt());
            assertEquals("a1", receipt.get("items").get(0).get("itemId").asText());
            String firstPosition = receipt.get("items").get(0).get("position").asText();

            var batch = sluice.postJson("[" + item("a2", "Accessories", 19.99) + "," + item("a3", "ELECTRONICS", 49.99)
                    + "," + item("a4", "electronics", 0) + "]");
            assertEquals(200, batch.statusCode(), batch.body());
            assertEquals(3, JSON.readTree(batch.body()).get("items").size());

            List<SseClient.Event> jsonEvents = json.await(4);
            assertEquals(List.of("a1", "a2", "a3", "a4"),
                    jsonEvents.stream().map(e -> field(e.data(), "itemId")).toList());
            assertEquals(firstPosition, jsonEvents.get(0).id(), "the SSE id is the event's position");
            assertEquals("master_data_item_published", jsonEvents.get(0).type());
            assertEquals(29.99, JSON.readTree(jsonEvents.get(0).data()).get("price").asDouble());

            List<SseClient.Event> xmlEvents = xml.await(4);
            for (int i = 0; i < 4; i++) {
                Document doc = parseXml(xmlEvents.get(i).data());
                assertEquals("item", doc.getDocumentElement().getTagName());
                assertEquals("a" + (i + 1), doc.getElementsByTagName("itemId").item(0).getTextContent());
                assertEquals(jsonEvents.get(i).id(), xmlEvents.get(i).id());
            }

            filtered.await(3);
            List<SseClient.Event> kept = filtered.settle(Duration.ofMillis(500));
            assertEquals(List.of("a1", "a3", "a4"), kept.stream().map(e -> field(e.data(), "itemId")).toList());
            assertEquals(4, json.settle(Duration.ZERO).size(), "nothing repeated");
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesWithoutGapOrRepeat() throws Exception {
        String lastId;
        try (SseClient first = SseClient.connect(sluice.uri("/s-json/stream"), null)) {
            sluice.postJson("[" + item("r1", "x", 1) + "," + item("r2", "x", 2) + "]");
            List<SseClient.Event> seen = first.await(2);
            lastId = seen.get(1).id();
        }
        sluice.postJson("[" + item("r3", "x", 3) + "," + item("r4", "x", 4) + "," + item("r5", "x", 5) + "]");

        try (SseClient resumed = SseClient.connect(sluice.uri("/s-json/stream"), lastId)) {
            resumed.await(3);
            assertEquals(List.of("r3", "r4", "r5"), resumed.settle(Duration.ofMillis(500)).stream()
                    .map(e -> field(e.data(), "itemId")).toList());
        }
        try (SseClient byQuery = SseClient.connect(sluice.uri("/s-json/stream?lastEventId=" + lastId), null)) {
            byQuery.await(3);
            assertEquals("r3", field(byQuery.events.get(0).data(), "itemId"));
            assertEquals(3, byQuery.settle(Duration.ofMillis(300)).size());
        }
    }

    @Test
    void fromEarliestReplaysWhatTheTopicRetains() throws Exception {
        sluice.postJson(item("e1", "x", 1));
        try (SseClient replay = SseClient.connect(sluice.uri("/s-json/stream?from=earliest"), null)) {
            // earlier tests of this class wrote to the same topic: wait until the replay reaches e1
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (replay.events.stream().noneMatch(e -> field(e.data(), "itemId").equals("e1"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(replay.events.stream().anyMatch(e -> field(e.data(), "itemId").equals("e1")),
                    "the replay from earliest contains e1: " + replay.events.size() + " events");
        }
    }

    @Test
    void heartbeatCommentsKeepAnIdleStreamAlive() throws Exception {
        try (SseClient idle = SseClient.connect(sluice.uri("/s-filtered/stream"), null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (idle.comments.stream().filter("heartbeat"::equals).count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(idle.comments.stream().filter("heartbeat"::equals).count() >= 2, "heartbeats: " + idle.comments);
            assertTrue(idle.events.isEmpty(), "a heartbeat is not an event: " + idle.events);
        }
    }

    @Test
    void unknownStreamAndBadCursorAreProblems() throws Exception {
        var missing = sluice.get("/no-such-channel/stream");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
        var badCursor = sluice.get("/s-json/stream?lastEventId=garbage");
        assertEquals(400, badCursor.statusCode(), badCursor.body());
        var badFrom = sluice.get("/s-json/stream?from=yesterday");
        assertEquals(400, badFrom.statusCode(), badFrom.body());
    }

    @Test
    void channelsAreListed() throws Exception {
        var channels = sluice.get("/api/channels");
        assertEquals(200, channels.statusCode());
        JsonNode list = JSON.readTree(channels.body());
        assertEquals(List.of("s-filtered", "s-json", "s-xml"),
                java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> n.get("name").asText()).toList());
    }

    static String field(String json, String name) {
        try {
            return JSON.readTree(json).get(name).asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static Document parseXml(String xml) throws Exception {
        assertFalse(xml.contains("\n"), "one line per SSE event");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
