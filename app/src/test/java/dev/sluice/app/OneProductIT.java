package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's check on the packaged jar: the default run ({@code java -jar}, no environment named) starts
 * every scenario. With RabbitMQ and Redis away it still starts: S1 and S3 work (the invoice mail is in the
 * demo's mail catcher), S2's AMQP routes say
 * they wait for AMQP and S5 answers 503 (its dev login works); then RabbitMQ comes up (the machine's real
 * broker, reached through a port that starts forwarding) and the S2 routes start by themselves and bridge,
 * and a Redis comes up (a redis-server of the test's own) and a client logged in with the dev login reads
 * its stream. The log holds one line per source that began waiting, not one per reconnect.
 */
class OneProductIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultRunStartsEveryScenarioAndTheOnesWhoseBrokerIsAwayWaitForIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        PrivateRedis redis = PrivateRedis.reserve();
        try (TcpForwarder amqp = new TcpForwarder(5672); Receiver erp = new Receiver(() -> 200)) {
            Map<String, String> env = new HashMap<>();
            env.put("AMQP_URL", "amqp://127.0.0.1:" + amqp.port);
            env.put("REDIS_URI", redis.uri());
            env.put("ERP_JSON_URL", erp.url());
            env.put("SLUICE_MAIL_CATCHER_PORT", "0"); // the demo's catcher, on a free port
            SluiceProcess sluice = SluiceProcess.jar(Files.createTempDirectory("sluice-one"), SluiceProcess.freePort(), env)
                    .awaitListening();
            try {
                // S2 waits for AMQP, and says so in /api/routes and /health
                BridgeTest.await("the S2 routes to wait for AMQP", () -> waiting(sluice).keySet()
                        .containsAll(Set.of("s2-external-to-foo", "s2-recover-kafka-foo")));
                String why = waiting(sluice).get("s2-external-to-foo");
                assertTrue(why.contains("AMQP 1.0 EXTERNAL @ 127.0.0.1:" + amqp.port), why);
                var health = sluice.get("/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("s2-external-to-foo"), health.body());

                // S1 works: ingest, the ERP webhook, the JSON stream
                String item = "one-" + run;
                var posted = sluice.postJson("/streams-master-data/producer",
                        "{\"itemId\":\"" + item + "\",\"name\":\"n\",\"category\":\"Electronics\"}");
                assertEquals(200, posted.statusCode(), posted.body());
                BridgeTest.await("the ERP webhook", () -> erp.accepted.stream().anyMatch(d -> d.body().contains(item)));
                try (SseClient stream = SseClient.connect(sluice.uri("/streams-master-data-json/stream?from=earliest"), null)) {
                    stream.awaitUntil(e -> e.data().contains(item));
                }

                // S3 works: an order placed for a customer is enriched with the customer's e-mail
                String org = id(sluice.postJson("/api/organizations", "{\"name\":\"SuperCompany\"}"));
                String customer = id(sluice.postJson("/api/customers",
                        "{\"name\":\"John\",\"lastName\":\"Do\",\"email\":\"jdo-" + run + "@example.com\"}"));
                String order = id(sluice.postJson("/api/orders", "{\"po\":\"po-" + run + "\",\"organizationId\":\"" + org
                        + "\",\"customerId\":\"" + customer + "\",\"date\":\"2022-05-07T07:50:03-00:00\","
                        + "\"deliverDate\":\"2022-05-07T07:53:03-00:00\"}"));
                BridgeTest.await("the enriched order", () -> body(sluice, "/api/orders-created/" + order)
                        .contains("jdo-" + run + "@example.com"));
                // ...and its invoice's mail, made by routes/s3-commerce.yml's rule, is in the demo's mail catcher
                id(sluice.postJson("/api/invoices", "{\"orderId\":\"" + order + "\",\"amount\":120.5,\"currency\":\"EUR\","
                        + "\"dueDate\":\"2022-06-30\"}"));
                BridgeTest.await("the invoice mail in the catcher", () -> body(sluice, "/api/mail")
                        .contains("jdo-" + run + "@example.com"));
                String mail = body(sluice, "/api/mail");
                assertTrue(mail.contains("Invoice from SuperCompany") && mail.contains("for order po-" + run), mail);

                // S5 without Redis: the dev login mints the cookie, and the stream answers 503, not a crash
                var login = sluice.postJson("/api/dev/login?clientId=client-1", "");
                assertEquals(200, login.statusCode(), login.body());
                String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
                String token = cookie.substring("sluice_token=".length(), cookie.indexOf(';'));
                var noRedis = SluiceProcess.HTTP.send(HttpRequest.newBuilder(sluice.uri("/api/clients/client-1/events"))
                        .header("Cookie", "sluice_token=" + token).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(503, noRedis.statusCode(), noRedis.body());
                assertTrue(noRedis.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));

                // RabbitMQ comes up: the S2 routes start by themselves (the source retries within 30 s) and bridge
                amqp.open();
                BridgeTest.await("the S2 routes to start reading", () -> !waiting(sluice).containsKey("s2-external-to-foo")
                        && !waiting(sluice).containsKey("s2-recover-kafka-foo"));
                List<String> sent = new ArrayList<>();
                try (AmqpPeer peer = new AmqpPeer()) {
                    for (int i = 0; i < 3; i++) {
                        String body = "{\"bridged\":\"" + run + "-" + i + "\"}";
                        peer.send("EXTERNAL", body, Map.of("demo-metadata", "drop me"));
                        sent.add(body);
                    }
                    try (SseClient foo = SseClient.connect(sluice.uri("/s2-foo/stream?from=earliest"), null)) {
                        List<String> onKafka = foo.await(3).stream().map(SseClient.Event::data).toList();
                        assertEquals(sent, onKafka, "Kafka FOO got the three, in order");
                    }
                    List<AmqpPeer.Received> onAmqp = new ArrayList<>();
                    BridgeTest.await("the three on AMQP FOO", () -> {
                        try {
                            onAmqp.addAll(peer.drain("FOO", 300));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return onAmqp.stream().filter(m -> m.body().contains(run)).count() >= 3;
                    });
                    List<AmqpPeer.Received> ours = onAmqp.stream().filter(m -> m.body().contains(run)).toList();
                    assertEquals(sent, ours.stream().map(AmqpPeer.Received::body).toList());
                    ours.forEach(m -> assertFalse(m.properties().containsKey("demo-metadata"), m.properties().toString()));
                }

                // Redis comes up: a client logged in with the dev login reads its own stream
                redis.startAgain();
                try (SseClient client = SseClient.connect(sluice.uri("/api/clients/client-1/events"), null,
                        Map.of("Cookie", "sluice_token=" + token))) {
                    Thread.sleep(500); // registered before the events are generated
                    var generated = sluice.postJson("/api/clients/demo-events?count=2", "");
                    assertEquals(200, generated.statusCode(), generated.body());
                    List<SseClient.Event> events = client.await(2);
                    events.forEach(e -> assertTrue(e.data().contains("client-1"), e.data()));
                }

                // no log flood while AMQP was away: one line per source that began waiting, and its route's
                long amqpLines = sluice.log().lines().filter(l -> l.contains("127.0.0.1:" + amqp.port)
                        && (l.contains("WARN") || l.contains("ERROR"))).count();
                assertTrue(amqpLines <= 6, "the AMQP wait logged " + amqpLines + " lines:\n" + sluice.log());
            } finally {
                sluice.stop();
                redis.close();
            }
        }
    }

    /** Route name → why it waits, for the routes that wait. */
    static Map<String, String> waiting(SluiceProcess sluice) {
        try {
            JsonNode routes = JSON.readTree(sluice.get("/api/routes").body());
            Map<String, String> out = new HashMap<>();
            for (JsonNode route : routes) {
                JsonNode state = route.get("state");
                if (state != null && "waiting".equals(state.path("status").asText())) {
                    out.put(route.get("name").asText(), state.path("detail").asText());
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(HttpResponse<String> created) throws Exception {
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).get("id").asText();
    }

    private static String body(SluiceProcess sluice, String path) {
        try {
            return sluice.get(path).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
