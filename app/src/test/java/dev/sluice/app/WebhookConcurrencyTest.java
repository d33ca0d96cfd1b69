package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A webhook route with {@code concurrency} against a receiver that takes 50 ms per call, on Kafka (the
 * broker that batches; RabbitMQ hands one message at a time): several calls at once, each item's
 * updates in order.
 */
class WebhookConcurrencyTest {

    /** A webhook route "erp" from {@code topic} to {@code url} in a group of its own. */
    private static Map<String, Object> route(String topic, String url, int concurrency) {
        Map<String, Object> props = new HashMap<>();
        props.put("sluice.routes.erp.from", topic);
        props.put("sluice.routes.erp.group", TestSluice.unique("erp"));
        props.put("sluice.routes.erp.to", "webhook");
        props.put("sluice.routes.erp.options.url", url);
        props.put("sluice.routes.erp.concurrency", String.valueOf(concurrency));
        return props;
    }

    @Test
    void aSlowReceiverGetsSeveralCallsAtOnceAndEachKeyInOrder() throws Exception {
        String topic = TestSluice.unique("conc");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (Receiver slow = new Receiver(() -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return 200;
        })) {
            Map<String, Object> props = route(topic, slow.url(), 8);
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                StringBuilder batch = new StringBuilder("[");
                for (String version : List.of("v1", "v2")) {
                    for (int i = 0; i < 20; i++) {
                        batch.append(batch.length() > 1 ? "," : "").append("{\"itemId\":\"k").append(i)
                                .append("\",\"name\":\"").append(version).append("\"}");
                    }
                }
                assertEquals(200, sluice.postJson(batch.append(']').toString()).statusCode());

                List<Receiver.Delivery> got = slow.await(40);
                assertTrue(mostInFlight.get() > 1, "calls overlapped: at most " + mostInFlight.get() + " at once");
                Map<String, List<String>> perItem = new HashMap<>();
                for (Receiver.Delivery d : got) {
                    perItem.computeIfAbsent(MasterDataStreamsTest.field(d.body(), "itemId"), k -> new ArrayList<>())
                            .add(MasterDataStreamsTest.field(d.body(), "name"));
                }
                assertEquals(20, perItem.size());
                perItem.forEach((item, versions) -> assertEquals(List.of("v1", "v2"), versions, item + " in order"));

                JsonNode erp = null;
                for (JsonNode route : WebhookDeliveryTest.JSON.readTree(sluice.get("/api/routes").body())) {
                    erp = route.get("name").asText().equals("erp") ? route : erp;
                }
                assertEquals(8, erp.get("concurrency").asInt(), erp.toString());
            }
        }
    }

    /**
     * The window slides: while the receiver holds the call of one item, items published after it are
     * read and delivered (a poll's batch no longer waits for its slowest key; with batches the second
     * POST's items waited in the next poll until the held call ended), and the commit stays behind the
     * held item, which comes again after a restart.
     */
    @Test
    void aHeldCallHoldsBackNeitherTheItemsPublishedAfterItNorStopsTheirDelivery() throws Exception {
        String topic = TestSluice.unique("window");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (Receiver receiver = new Receiver(() -> {
            if (calls.incrementAndGet() == 1) { // the first call is the only item of the first POST
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        })) {
            Map<String, Object> props = route(topic, receiver.url(), 4);
            props.put("sluice.routes.erp.options.timeout", "60s");
            try {
                try (TestSluice sluice = TestSluice.start(topic, props)) {
                    assertEquals(200, sluice.postJson("{\"itemId\":\"held\",\"name\":\"v1\"}").statusCode());
                    assertTrue(held.await(30, TimeUnit.SECONDS), "the first call came");
                    StringBuilder batch = new StringBuilder("[");
                    for (int i = 0; i < 20; i++) {
                        batch.append(i > 0 ? "," : "").append("{\"itemId\":\"k").append(i).append("\",\"name\":\"v1\"}");
                    }
                    assertEquals(200, sluice.postJson(batch.append(']').toString()).statusCode());

                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (receiver.accepted.size() < 20 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertEquals(20, receiver.accepted.size(), "the later items came while the first call was held");
                    assertTrue(receiver.accepted.stream().noneMatch(d -> d.body().contains("\"held\"")));
                }
                // stopped while the call was still held: its partition was committed up to it, not past it, so a
                // new Sluice in the same group gets it again (the receiver answers every call but the first at once)
                try (TestSluice again = TestSluice.start(topic, props)) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (receiver.accepted.stream().noneMatch(d -> d.body().contains("\"held\""))
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertTrue(receiver.accepted.stream().anyMatch(d -> d.body().contains("\"held\"")),
                            "the held item came again after the restart");
                }
            } finally {
                release.countDown();
            }
        }
    }
}
