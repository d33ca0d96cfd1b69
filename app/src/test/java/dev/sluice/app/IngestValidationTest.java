package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a problem+json answer naming what is wrong, and nothing reaches the topic. */
class IngestValidationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static TestSluice sluice;

    @BeforeAll
    static void start() {
        String topic = TestSluice.unique("valid");
        sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.all.from", topic,
                "sluice.routes.all.to", "sse",
                "sluice.ingest.max-body-size", "2KB"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.has("type") && body.has("title"), response.body());
        return body;
    }

    private static List<String> pointers(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.get("errors").forEach(e -> out.add(e.get("pointer").asText()));
        return out;
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        JsonNode p = problem(sluice.postJson(
                "{\"price\":-1,\"lastUpdated\":\"yesterday\",\"category\":7,\"colour\":\"red\"}"), 400);
        assertEquals(List.of("/colour", "/itemId", "/name", "/category", "/price", "/lastUpdated"), pointers(p));
    }

    @Test
    void aBatchWithOneBadItemWritesNothing() throws Exception {
        JsonNode p = problem(sluice.postJson("[{\"itemId\":\"ok1\",\"name\":\"fine\"},{\"itemId\":\"bad\",\"name\":\"\"},"
                + "{\"itemId\":\"ok2\",\"name\":\"fine\",\"price\":\"12\"}]"), 400);
        assertEquals(List.of("/1/name", "/2/price"), pointers(p));
        assertNothingWritten();
    }

    @Test
    void malformedEmptyWrongTypeAndTooLargeBodiesAreRejected() throws Exception {
        problem(sluice.postJson("{\"itemId\": "), 400);
        problem(sluice.postJson("[]"), 400);
        problem(sluice.postJson("42"), 400);
        problem(sluice.post("/streams-master-data/producer", "text/plain", "{\"itemId\":\"x\",\"name\":\"y\"}"), 415);
        problem(sluice.post("/streams-master-data/producer", "application/x-www-form-urlencoded", "itemId=x"), 415);
        String big = "{\"itemId\":\"big\",\"name\":\"" + "x".repeat(4096) + "\"}";
        problem(sluice.postJson(big), 413);
        assertNothingWritten();
    }

    @Test
    void theRestAliasValidatesTheSameWay() throws Exception {
        JsonNode p = problem(sluice.post("/api/master-data/items", "application/json", "{\"itemId\":\"x\"}"), 400);
        assertEquals(List.of("/name"), pointers(p));
        var ok = sluice.post("/api/master-data/items", "application/json", "{\"itemId\":\"x\",\"name\":\"y\"}");
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() throws Exception {
        problem(sluice.get("/nothing-here"), 404);
        problem(sluice.get("/streams-master-data/producer"), 405);
    }

    /** Reads the whole topic: only items from valid requests may be there. */
    private static void assertNothingWritten() throws Exception {
        try (SseClient all = SseClient.connect(sluice.uri("/all/stream?from=earliest"), null)) {
            List<SseClient.Event> events = all.settle(Duration.ofMillis(1500));
            for (SseClient.Event e : events) {
                String id = MasterDataStreamsTest.field(e.data(), "itemId");
                assertTrue(id.equals("x"), "unexpected item on the topic: " + e.data());
            }
        }
    }
}
