package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenario S5 end to end: Kafka topic → Redis stream per connected client → SSE per client. */
class ClientStreamsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String A = "A-" + RUN;
    static final String B = "B-" + RUN;
    static final String C = "C-" + RUN;
    static TestSluice sluice;

    @BeforeAll
    static void start() {
        String topic = TestSluice.unique("ingest");
        sluice = TestSluice.start(topic, Map.of(
                "sluice.clients.enabled", "true",
                "sluice.clients.topic", TestSluice.unique("clients"),
                "sluice.clients.group", TestSluice.unique("fwd"),
                "sluice.clients.redis-uri", TestRedis.uri(),
                "sluice.clients.key-prefix", TestRedis.prefix(),
                "sluice.clients.max-length", "5000",
                "sluice.clients.demo-ids", A + "," + B + "," + C,
                "micronaut.security.token.jwt.signatures.secret.generator.secret", ClientTokens.SECRET));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static List<Integer> sequences(List<SseClient.Event> events) {
        List<Integer> out = new ArrayList<>();
        for (SseClient.Event e : events) {
            try {
                out.add(JSON.readTree(e.data()).get("sequence").asInt());
            } catch (Exception ex) {
                throw new AssertionError(e.data(), ex);
            }
        }
        return out;
    }

    private static boolean redisHasStreamOf(String client) {
        RedisClient redis = RedisClient.create(TestRedis.uri());
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            return c.sync().exists(TestRedis.prefix() + "client:" + client) > 0;
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void eachConnectedClientGetsExactlyItsOwnEventsInOrderAndAbsentClientsGetNothingWritten() throws Exception {
        try (SseClient a = SseClient.connect(sluice.uri("/sse?clientId=" + A), null, ClientTokens.bearer(A));
             SseClient b = SseClient.connect(sluice.uri("/api/clients/" + B + "/events"), null,
                     Map.of("Cookie", "sluice_token=" + ClientTokens.token(B, ClientTokens.SECRET, 60)))) {
            Thread.sleep(300);
            var generated = sluice.post("/api/clients/demo-events?count=1000", "application/json", "");
            assertEquals(200, generated.statusCode(), generated.body());

            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                expected.add(i);
            }
            a.await(1000);
            b.await(1000);
            assertEquals(expected, sequences(a.settle(Duration.ofMillis(500))));
            assertEquals(expected, sequences(b.events));
            assertTrue(a.events.stream().allMatch(e -> e.data().contains("\"clientId\":\"" + A + "\"")));
            assertTrue(b.events.stream().allMatch(e -> e.data().contains("\"clientId\":\"" + B + "\"")));
            assertTrue(!redisHasStreamOf(C), "nothing is written to Redis for a client that is not connected");
        }
    }

    @Test
    void reconnectingWithLastEventIdMissesNothing() throws Exception {
        String d = "D-" + RUN;
        Set<Integer> seen = new HashSet<>();
        String lastId;
        try (SseClient first = SseClient.connect(sluice.uri("/sse?clientId=" + d), null, ClientTokens.bearer(d))) {
            Thread.sleep(300);
            publishFor(d, 0, 50);
            first.await(50);
            lastId = first.events.get(first.events.size() - 1).id();
            seen.addAll(sequences(first.events));
        }
        publishFor(d, 50, 30); // while disconnected: the registration (TTL) keeps the stream fed
        try (SseClient again = SseClient.connect(sluice.uri("/sse?clientId=" + d), lastId, ClientTokens.bearer(d))) {
            again.await(30);
            List<Integer> more = sequences(again.settle(Duration.ofMillis(500)));
            assertEquals(30, more.size(), "no repeat: " + more);
            seen.addAll(more);
        }
        assertEquals(80, seen.size(), "no gap");
    }

    @Test
    void aClientMayReadOnlyItsOwnStreamWithAValidToken() throws Exception {
        String path = "/api/clients/" + A + "/events";
        var info = JSON.readTree(sluice.get("/api/clients").body());
        assertTrue(info.get("authEnabled").asBoolean(), "the console is told that tokens are checked");
        assertProblem(sluice.get(path), 401);
        assertProblem(get(path, "Bearer " + ClientTokens.token(A, "x".repeat(40), 60)), 401); // bad signature
        assertProblem(get(path, "Bearer " + ClientTokens.token(A, ClientTokens.SECRET, -60)), 401); // expired
        assertProblem(get(path, "Bearer " + ClientTokens.token(B, ClientTokens.SECRET, 60)), 403); // another client
        assertProblem(get("/sse?clientId=" + A, "Bearer " + ClientTokens.token(B, ClientTokens.SECRET, 60)), 403);
    }

    private static java.net.http.HttpResponse<String> get(String path, String authorization) throws Exception {
        return TestSluice.HTTP.send(java.net.http.HttpRequest.newBuilder(sluice.uri(path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(java.net.http.HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
    }

    private static void publishFor(String client, int from, int count) throws Exception {
        // straight onto the clients' topic, in the demo generator's format
        var log = sluice.server.getApplicationContext().getBean(dev.sluice.ports.out.EventLog.class);
        List<dev.sluice.ports.event.EventEnvelope> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(new dev.sluice.ports.event.EventEnvelope(UUID.randomUUID().toString(), "/test", "t", client,
                    java.time.Instant.now(), "application/json", client, Map.of(),
                    ("{\"clientId\":\"" + client + "\",\"sequence\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        String topic = sluice.server.getApplicationContext().getProperty("sluice.clients.topic", String.class).orElseThrow();
        log.append(topic, events).toCompletableFuture().get();
    }
}
