package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.Processor.ProcessingException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MapPluginTest {

    @Test
    void resultBecomesTheJsonPayload() {
        Processor map = new MapPlugin().create("{\"id\": itemId, \"label\": $uppercase(name)}");
        EventEnvelope in = Events.event("e-9", "{\"itemId\":\"A-1\",\"name\":\"usb cable\",\"price\":9.5}",
                "application/cloudevents+json");

        EventEnvelope out = map.apply(in);

        assertEquals("{\"id\":\"A-1\",\"label\":\"USB CABLE\"}", Events.text(out));
        assertEquals("application/json", out.contentType());
        assertEquals(in.id(), out.id());
        assertEquals(in.key(), out.key());
        assertEquals(in.headers(), out.headers());
        assertEquals("{\"itemId\":\"A-1\",\"name\":\"usb cable\",\"price\":9.5}", Events.text(in));
    }

    @Test
    void numbersAndArraysAreWrittenAsJson() {
        Processor map = new MapPlugin().create(
                "{\"price\": price, \"total\": price * qty, \"qty\": qty, \"names\": items.name, \"none\": null}");
        EventEnvelope out = map.apply(Events.json(
                "{\"price\":29.99,\"qty\":3,\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"));
        assertEquals("{\"price\":29.99,\"total\":89.97,\"qty\":3,\"names\":[\"a\",\"b\"],\"none\":null}",
                Events.text(out));
    }

    @Test
    void scalarResultIsValidJson() {
        EventEnvelope out = new MapPlugin().create("name").apply(Events.json("{\"name\":\"x\\\"y\"}"));
        assertEquals("\"x\\\"y\"", Events.text(out));
    }

    @Test
    void undefinedOrNullResultDropsTheEvent() {
        assertNull(new MapPlugin().create("missing").apply(Events.json("{\"a\":1}")));
        assertNull(new MapPlugin().create("a").apply(Events.json("{\"a\":null}")));
    }

    @Test
    void functionResultRaisesProcessingException() {
        assertThrows(ProcessingException.class,
                () -> new MapPlugin().create("$uppercase").apply(Events.json("{}")));
    }

    @Test
    void invalidExpressionFailsCreateNamingTheExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MapPlugin().create("{\"id\": }"));
        assertTrue(e.getMessage().contains("{\"id\": }"), e.getMessage());
    }

    @Test
    void nonJsonPayloadRaisesProcessingException() {
        Processor map = new MapPlugin().create("a");
        assertThrows(ProcessingException.class, () -> map.apply(Events.json("a=1")));
    }

    @Test
    void nowAndMillisAreCurrentOnPoolThreads() throws Exception {
        // The library's own $millis() reads a per-thread timestamp set when the thread first evaluates.
        Processor map = new MapPlugin().create("{\"ms\": $millis(), \"now\": $now()}");
        ObjectMapper json = new ObjectMapper();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> map.apply(Events.json("{}"))).get(10, TimeUnit.SECONDS);
            Thread.sleep(50);
            long before = System.currentTimeMillis();
            EventEnvelope out = pool.submit(() -> map.apply(Events.json("{}"))).get(10, TimeUnit.SECONDS);
            JsonNode node = json.readTree(out.payload());
            assertTrue(node.get("ms").asLong() >= before, Events.text(out) + " before " + before);
            assertNotNull(java.time.Instant.parse(node.get("now").asText()));
            assertEquals(node.get("ms").asLong(), java.time.Instant.parse(node.get("now").asText()).toEpochMilli());
        } finally {
            pool.shutdownNow();
        }
    }
}
