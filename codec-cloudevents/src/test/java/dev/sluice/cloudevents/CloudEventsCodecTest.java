package dev.sluice.cloudevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsCodecTest {

    private final EventEnvelope event = new EventEnvelope("id-1", "/sluice/test", "thing_happened", "s-1",
            Instant.parse("2026-11-23T10:15:30.123Z"), "application/json", "k-1",
            Map.of("traceparent", "00-ab", "Trace-Id", "t-1", "id", "clash"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void anEnvelopeSurvivesTheRoundTripWithItsHeadersUnderExtensionNames() {
        CloudEvent ce = CloudEventsCodec.toCloudEvent(event);
        assertEquals("id-1", ce.getId(), "a header cannot replace a context attribute");
        EventEnvelope back = CloudEventsCodec.fromCloudEvent(ce, "k-1", Instant.EPOCH);
        assertEquals(event.id(), back.id());
        assertEquals(event.source(), back.source());
        assertEquals(event.type(), back.type());
        assertEquals(event.subject(), back.subject());
        assertEquals(event.time(), back.time());
        assertEquals(event.contentType(), back.contentType());
        assertEquals("k-1", back.key());
        assertArrayEquals(event.payload(), back.payload());
        assertEquals(Map.of("traceparent", "00-ab", "traceid", "t-1"), back.headers());
    }
}
