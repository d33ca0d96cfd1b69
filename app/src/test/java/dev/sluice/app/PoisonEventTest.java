package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.EventLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An event that no retry can deliver (a header a webhook cannot carry, a processor that throws, a payload
 * the XML step cannot write) is dead-lettered once, and the events behind it keep flowing. The hostile
 * events are appended to the topic directly, as any other producer on the log could.
 */
class PoisonEventTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> webhook(String route, String topic, String url) {
        return new HashMap<>(WebhookDeliveryTest.webhook(route, topic, url, 1000));
    }

    private static EventEnvelope event(String key, String json) {
        return new EventEnvelope(UUID.randomUUID().toString(), "/test/poison", "master_data_item_published", key,
                Instant.now(), "application/json", key, Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(TestSluice sluice, List<EventEnvelope> events) throws Exception {
        sluice.server.getApplicationContext().getBean(EventLog.class).append(sluice.topic, events)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void subjectsAHeaderCannotCarryArrivePercentEncodedAndNothingWaitsBehindThem() throws Exception {
        String topic = TestSluice.unique("poison-subject");
        List<String> hostile = List.of("日本", "emoji-\uD83D\uDE00", "nul-\u0000-", "del-\u007F-", "cr-\r\n-lf",
                "50% \"off\"");
        try (Receiver receiver = new Receiver(() -> 200);
             TestSluice sluice = TestSluice.start(topic, webhook("erp", topic, receiver.url()))) {
            List<EventEnvelope> events = new ArrayList<>();
            for (String key : hostile) {
                events.add(event(key, JSON.writeValueAsString(Map.of("itemId", key, "name", "n"))));
            }
            events.add(event("plain", "{\"itemId\":\"plain\",\"name\":\"n\"}"));
            append(sluice, events);
            assertEquals(200, sluice.postJson("{\"itemId\":\"日本語\",\"name\":\"posted\"}").statusCode());

            List<Receiver.Delivery> got = receiver.await(hostile.size() + 2);
            List<String> subjects = got.stream().map(d -> percentDecode(d.headers().get("Ce-subject").get(0))).toList();
            List<String> expected = new ArrayList<>(hostile);
            expected.add("plain");
            expected.add("日本語");
            assertEquals(expected, subjects, "every subject arrives, decoded as the CloudEvents HTTP binding says");
            for (Receiver.Delivery d : got) {
                String raw = d.headers().get("Ce-subject").get(0);
                assertTrue(raw.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), "header is printable ASCII: " + raw);
            }
            assertEquals(0, JSON.readTree(sluice.get("/api/dead-letters/erp").body()).size());
        }
    }

    @Test
    void aProcessorThatThrowsDeadLettersItsEventAndTheRouteGoesOn() throws Exception {
        String topic = TestSluice.unique("poison-bug");
        try (Receiver receiver = new Receiver(() -> 200)) {
            Map<String, Object> props = webhook("buggy", topic, receiver.url());
            props.put("sluice.routes.buggy.pipeline[0].explode", "boom");
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                assertEquals(200, sluice.postJson("[{\"itemId\":\"a\",\"name\":\"boom\"},{\"itemId\":\"b\",\"name\":\"fine\"}]")
                        .statusCode());
                assertEquals(List.of("b"), receiver.await(1).stream()
                        .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList());
                JsonNode letters = awaitDeadLetters(sluice, "buggy", 1);
                assertEquals("a", letters.get(0).get("key").asText());
                assertTrue(letters.get(0).get("reason").asText().contains("NullPointerException"), letters.toString());
            }
        }
    }

    @Test
    void aPayloadTheXmlStepCannotWriteIsDeadLetteredAndTheNextIsDelivered() throws Exception {
        String topic = TestSluice.unique("poison-xml");
        try (Receiver receiver = new Receiver(() -> 200)) {
            Map<String, Object> props = webhook("xml", topic, receiver.url());
            props.put("sluice.routes.xml.pipeline[0].xml", "item");
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                append(sluice, List.of(
                        event("ctl", "{\"itemId\":\"ctl\",\"name\":\"a\\u0001b\"}"),
                        event("nonchar", "{\"itemId\":\"nonchar\",\"name\":\"\uFFFE\"}"),
                        event("long", "{\"itemId\":\"long\",\"price\":1" + "0".repeat(1200) + "}"),
                        event("ok", "{\"itemId\":\"ok\",\"name\":\"fine\"}")));
                List<Receiver.Delivery> got = receiver.await(1);
                assertTrue(got.get(0).body().contains("<itemId>ok</itemId>"), got.get(0).body());
                JsonNode letters = awaitDeadLetters(sluice, "xml", 3);
                List<String> keys = new ArrayList<>();
                letters.forEach(l -> keys.add(l.get("key").asText()));
                assertEquals(List.of("ctl", "nonchar", "long"), keys);
                Thread.sleep(300);
                assertEquals(1, receiver.accepted.size(), "no document that is not well-formed went out");
            }
        }
    }

    private static JsonNode awaitDeadLetters(TestSluice sluice, String route, int count) throws Exception {
        return WebhookDeliveryTest.awaitDeadLetters(sluice, route, count);
    }

    /** What a receiver does with a ce-* header: %XX to bytes, then UTF-8. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
