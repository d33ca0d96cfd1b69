package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook routes on a real Kafka against real HTTP receivers that fail on purpose. */
class WebhookDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> webhook(String route, String topic, String url, int maxAttempts) {
        Map<String, Object> p = new HashMap<>();
        String prefix = "sluice.routes." + route + ".";
        p.put(prefix + "from", topic);
        p.put(prefix + "group", TestSluice.unique(route));
        p.put(prefix + "to", "webhook");
        p.put(prefix + "options.url", url);
        p.put(prefix + "retry.base-delay", "20ms");
        p.put(prefix + "retry.max-delay", "100ms");
        p.put(prefix + "retry.max-attempts", String.valueOf(maxAttempts));
        return p;
    }

    @Test
    void aReceiverThatFailsAtFirstGetsEveryEventInOrderWhileOthersKeepFlowing() throws Exception {
        String topic = TestSluice.unique("wh");
        try (Receiver flaky = new Receiver(Receiver.failFirst(3, 503));
             Receiver healthy = new Receiver(() -> 200);
             Receiver down = new Receiver(() -> 500)) {
            Map<String, Object> props = new HashMap<>();
            props.putAll(webhook("flaky", topic, flaky.url(), 10));
            props.putAll(webhook("healthy", topic, healthy.url(), 10));
            props.putAll(webhook("down", topic, down.url(), 1000));
            props.put("sluice.routes.healthy.pipeline[0].xml", "item");
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, sluice.postJson("{\"itemId\":\"k" + i + "\",\"name\":\"n\"}").statusCode());
                }
                List<Receiver.Delivery> got = flaky.await(5);
                assertEquals(List.of("k0", "k1", "k2", "k3", "k4"),
                        got.stream().map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList());
                assertTrue(flaky.calls.get() >= 8, "3 failures then 5 successes, saw " + flaky.calls.get());
                assertEquals(List.of("master_data_item_published"), got.get(0).headers().get("Ce-type"));
                assertEquals(List.of("k0"), got.get(0).headers().get("Ce-subject"));

                List<Receiver.Delivery> xml = healthy.await(5);
                assertTrue(xml.get(0).body().startsWith("<?xml"), xml.get(0).body());
                assertEquals(List.of("application/xml"), xml.get(0).headers().get("Content-type"));
                assertEquals(0, down.accepted.size(), "the receiver that is down got nothing, and held up nobody");
            }
        }
    }

    @Test
    void eventsARouteGivesUpOnBecomeDeadLettersThatReplayLater() throws Exception {
        String topic = TestSluice.unique("dlq");
        try (Receiver receiver = new Receiver(() -> 500)) {
            try (TestSluice sluice = TestSluice.start(topic, webhook("erp", topic, receiver.url(), 3))) {
                sluice.postJson("[{\"itemId\":\"d1\",\"name\":\"n\"},{\"itemId\":\"d2\",\"name\":\"n\"}]");

                JsonNode letters = awaitDeadLetters(sluice, "erp", 2);
                assertEquals("d1", letters.get(0).get("key").asText());
                assertEquals("d2", letters.get(1).get("key").asText());
                assertEquals(3, letters.get(0).get("attempts").asInt());
                assertTrue(letters.get(0).get("reason").asText().contains("HTTP 500"), letters.toString());
                assertEquals(6, receiver.calls.get(), "3 attempts each");

                var stillFailing = sluice.post("/api/dead-letters/erp/replay", "application/json", "");
                assertEquals(200, stillFailing.statusCode(), stillFailing.body());
                assertEquals(0, JSON.readTree(stillFailing.body()).get("replayed").asInt());
                assertEquals(2, JSON.readTree(sluice.get("/api/dead-letters/erp").body()).size());

                receiver.answer(() -> 200);
                var replay = sluice.post("/api/dead-letters/erp/replay", "application/json", "");
                JsonNode report = JSON.readTree(replay.body());
                assertEquals(2, report.get("replayed").asInt(), replay.body());
                assertEquals(0, report.get("remaining").asInt());
                assertEquals(List.of("d1", "d2"), receiver.await(2).stream()
                        .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList());
                assertEquals(0, JSON.readTree(sluice.get("/api/dead-letters/erp").body()).size());

                assertEquals(404, sluice.get("/api/dead-letters/nope").statusCode());
            }
        }
    }

    static JsonNode awaitDeadLetters(TestSluice sluice, String route, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode letters = JSON.readTree("[]");
        while (System.nanoTime() < deadline) {
            var response = sluice.get("/api/dead-letters/" + route);
            assertEquals(200, response.statusCode(), response.body());
            letters = JSON.readTree(response.body());
            if (letters.size() >= count) {
                return letters;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " dead letters, got " + letters);
    }
}
