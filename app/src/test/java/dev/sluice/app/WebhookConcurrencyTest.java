package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A webhook route with {@code concurrency} against a receiver that takes 50 ms per call, on Kafka (the
 * broker that batches; RabbitMQ hands one message at a time): several calls at once, each item's
 * updates in order.
 */
class WebhookConcurrencyTest {

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
            Map<String, Object> props = new HashMap<>();
            props.put("sluice.routes.erp.from", topic);
            props.put("sluice.routes.erp.group", TestSluice.unique("erp"));
            props.put("sluice.routes.erp.to", "webhook");
            props.put("sluice.routes.erp.options.url", slow.url());
            props.put("sluice.routes.erp.concurrency", "8");
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
}
