package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario S3 over HTTP on the shared Kafka: the seed's story, bad input, and a restart after which the
 * tables are rebuilt from the log. Runs with the tables in Kafka Streams state stores and in Redis hashes.
 */
class CommerceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> props(String prefix, String tables, String stateDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("sluice.commerce.enabled", "true");
        p.put("sluice.commerce.topic-prefix", prefix);
        p.put("sluice.commerce.tables", tables);
        p.put("sluice.commerce.redis-uri", TestRedis.uri());
        p.put("sluice.commerce.redis-key-prefix", TestRedis.prefix() + prefix);
        p.put("sluice.kafka.state-dir", stateDir);
        p.put("sluice.routes.orders-created.from", prefix + "orders_created");
        p.put("sluice.routes.orders-created.to", "sse");
        return p;
    }

    private static HttpResponse<String> send(TestSluice sluice, String method, String path, String body) throws Exception {
        return TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode created(HttpResponse<String> r) throws Exception {
        assertEquals(201, r.statusCode(), r.body());
        JsonNode node = JSON.readTree(r.body());
        assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("/" + node.get("id").asText()));
        return node;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String pointer) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        boolean named = false;
        for (JsonNode e : errors) {
            named |= e.get("pointer").asText().equals(pointer);
        }
        assertTrue(named, pointer + " named in " + r.body());
    }

    private static JsonNode awaitEnriched(TestSluice sluice, String orderId) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var r = sluice.get("/api/orders-created/" + orderId);
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertEquals(404, r.statusCode(), r.body());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("order " + orderId + " was not enriched within 60 s");
            }
            Thread.sleep(100);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker", "redis"})
    void theSeedStoryThenARestartThatRebuildsTheTablesFromTheLog(String tables) throws Exception {
        String prefix = TestSluice.unique("commerce") + ".";
        String stateDir = Files.createTempDirectory("sluice-commerce").toString();
        String customerId;
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), props(prefix, tables, stateDir))) {
            String org = created(send(sluice, "POST", "/api/organizations", "{\"name\":\"SuperCompany\"}")).get("id").asText();
            customerId = created(send(sluice, "POST", "/api/customers",
                    "{\"name\":\"John\",\"lastName\":\"Do\",\"email\":\"jdo@gmail.com\"}")).get("id").asText();
            JsonNode order = created(send(sluice, "POST", "/api/orders", "{\"po\":\"po002\",\"organizationId\":\"" + org
                    + "\",\"customerId\":\"" + customerId + "\",\"date\":\"2022-05-07T07:50:03-00:00\","
                    + "\"deliverDate\":\"2022-05-07T07:53:03-00:00\"}"));
            assertEquals("pending", order.get("state").asText());

            // the enriched orders_created stream: REST (its table) and SSE (a route on its topic)
            JsonNode enriched = awaitEnriched(sluice, order.get("id").asText());
            assertEquals("SuperCompany", enriched.get("organization").get("name").asText());
            assertEquals("John", enriched.get("customer").get("name").asText());
            assertEquals("Do", enriched.get("customer").get("lastName").asText());
            assertEquals("jdo@gmail.com", enriched.get("customer").get("email").asText());
            try (SseClient sse = SseClient.connect(sluice.uri("/orders-created/stream?from=earliest"), null)) {
                SseClient.Event e = sse.await(1).get(0);
                assertEquals("order_created", e.type());
                assertEquals("SuperCompany", JSON.readTree(e.data()).get("organization").get("name").asText());
            }

            var renamed = send(sluice, "PUT", "/api/customers/" + customerId, "{\"name\":\"Johnny\",\"email\":\"johnny@do.example\"}");
            assertEquals(200, renamed.statusCode(), renamed.body());
            JsonNode now = JSON.readTree(sluice.get("/api/customers/" + customerId).body());
            assertEquals("Johnny", now.get("name").asText(), "read your own write");
            assertEquals("Do", now.get("lastName").asText());

            // bad input: each refused with problem+json naming the field, and nothing written
            assertProblem(send(sluice, "POST", "/api/orders", "{\"po\":\"p\",\"organizationId\":\"nope\",\"customerId\":\""
                    + customerId + "\",\"date\":\"2022-05-07T07:50:03Z\"}"), 422, "/organizationId");
            assertProblem(send(sluice, "POST", "/api/customers",
                    "{\"name\":\"Matt\",\"lastName\":\"B\",\"email\":\"not-an-address\"}"), 400, "/email");
            assertProblem(send(sluice, "POST", "/api/invoices", "{\"orderId\":\"" + order.get("id").asText()
                    + "\",\"amount\":-5,\"currency\":\"EUR\",\"dueDate\":\"2022-06-30\"}"), 400, "/amount");
            assertProblem(send(sluice, "PUT", "/api/orders/" + order.get("id").asText(), "{\"state\":\"delivered\"}"),
                    400, "/state");
            assertEquals(404, sluice.get("/api/customers/ghost").statusCode());
            assertEquals(1, JSON.readTree(sluice.get("/api/customers").body()).size(), "the bad customer was not written");
            assertEquals(1, JSON.readTree(sluice.get("/api/orders").body()).size());
            assertEquals(0, JSON.readTree(sluice.get("/api/invoices").body()).size());
            created(send(sluice, "POST", "/api/invoices", "{\"orderId\":\"" + order.get("id").asText()
                    + "\",\"amount\":120.5,\"currency\":\"EUR\",\"dueDate\":\"2022-06-30\"}"));
        }
        // a new application over the same log (and, for Kafka Streams, the same state folder)
        try (TestSluice again = TestSluice.start(TestSluice.unique("ingest"), props(prefix, tables, stateDir))) {
            JsonNode customer = JSON.readTree(again.get("/api/customers/" + customerId).body());
            assertEquals("Johnny", customer.get("name").asText(), customer.toString());
            assertEquals(1, JSON.readTree(again.get("/api/invoices").body()).size());
            assertEquals(1, JSON.readTree(again.get("/api/organizations").body()).size());
        }
    }
}
