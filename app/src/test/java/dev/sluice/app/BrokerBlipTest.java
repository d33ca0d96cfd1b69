package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away and comes back stops nothing for good: while it is away, ingest answers 503,
 * /health answers at once and says DOWN, the route says it waits; once it is back, the route delivers
 * again by itself, and every item that was acknowledged reaches the webhook (counted with a ledger). The
 * brokers are private instances killed and restarted for real.
 */
class BrokerBlipTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redisKilledAndRestartedMidTraffic() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start()) {
            String topic = TestSluice.unique("blip-redis");
            Map<String, Object> props = TestSluice.baseProperties(topic);
            props.put("sluice.broker", "redis");
            props.put("sluice.redis.uri", redis.uri());
            props.put("sluice.redis.key-prefix", TestSluice.unique("blip") + ":");
            props.put("sluice.redis.ack-timeout", "2s");
            blip(props, redis::kill, () -> {
                try {
                    redis.startAgain();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void kafkaStoppedAndStartedMidTraffic() throws Exception {
        Path data = Files.createTempDirectory("sluice-blip-kafka");
        EmbeddedKafka[] kafka = {EmbeddedKafka.start(data, 0)};
        int port = Integer.parseInt(kafka[0].bootstrapServers().substring(kafka[0].bootstrapServers().lastIndexOf(':') + 1));
        try {
            String topic = TestSluice.unique("blip-kafka");
            Map<String, Object> props = TestSluice.baseProperties(topic);
            props.put("sluice.broker", "kafka");
            props.put("sluice.kafka.bootstrap-servers", kafka[0].bootstrapServers());
            props.put("sluice.kafka.ack-timeout", "2s");
            blip(props, () -> kafka[0].close(), () -> kafka[0] = EmbeddedKafka.start(data, port));
        } finally {
            kafka[0].close();
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static void blip(Map<String, Object> props, Step stop, Runnable start) throws Exception {
        try (Receiver receiver = new Receiver(() -> 200)) {
            props.put("sluice.routes.erp.from", props.get("sluice.ingest.topic"));
            props.put("sluice.routes.erp.group", TestSluice.unique("erp"));
            props.put("sluice.routes.erp.to", "webhook");
            props.put("sluice.routes.erp.options.url", receiver.url());
            props.put("sluice.routes.erp.retry.base-delay", "50ms");
            props.put("sluice.routes.erp.retry.max-delay", "200ms");
            try (TestSluice sluice = TestSluice.startExactly(props)) {
                Ledger ledger = new Ledger(sluice.uri("/streams-master-data/producer"), "i");
                await("deliveries before the blip", () -> receiver.accepted.size() >= 20);
                stop.run();

                await("the route to say it waits", () -> routeState(sluice).path("status").asText().equals("waiting"));
                JsonNode state = routeState(sluice);
                assertTrue(!state.path("detail").asText().isBlank(), state.toString());
                HttpResponse<String> health = sluice.HTTP.send(HttpRequest.newBuilder(sluice.uri("/health"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, health.statusCode(), health.body());
                HttpResponse<String> ready = sluice.get("/health/readiness");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("erp"), "readiness names the waiting route: " + ready.body());
                int refusedBefore = ledger.unavailable.get();
                await("ingest to answer 503 while the broker is away", () -> ledger.unavailable.get() > refusedBefore);

                start.run();
                await("the route to read again", () -> routeState(sluice).path("status").asText().equals("running"));
                int acknowledgedAfter = ledger.acknowledged.size();
                await("ingest to be acknowledged again", () -> ledger.acknowledged.size() > acknowledgedAfter + 20);
                ledger.close();

                await("every acknowledged item delivered: " + ledger.summary(receiver.accepted.stream()
                                .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList()),
                        () -> ledger.missing(receiver.accepted.stream()
                                .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList()).isEmpty());
                List<String> delivered = receiver.accepted.stream()
                        .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList();
                System.out.println("ledger " + props.get("sluice.broker") + " blip: " + ledger.summary(delivered));
                assertEquals(List.of(), ledger.other, "every answer was 200 or 503");
                assertTrue(delivered.size() > 0);
                assertEquals(200, sluice.get("/health/readiness").statusCode());
            }
        }
    }

    private static JsonNode routeState(TestSluice sluice) {
        try {
            for (JsonNode route : JSON.readTree(sluice.get("/api/routes").body())) {
                if (route.path("name").asText().equals("erp")) {
                    return route.path("state");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no route erp");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited 60 s for " + what);
    }
}
