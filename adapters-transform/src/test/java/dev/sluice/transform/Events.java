package dev.sluice.transform;

import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

final class Events {
    private Events() {
    }

    static EventEnvelope json(String payload) {
        return event("e-1", payload, "application/json");
    }

    static EventEnvelope event(String id, String payload, String contentType) {
        return new EventEnvelope(id, "/sluice/test", "item_published", "subject-1",
                Instant.parse("2025-01-01T00:00:00Z"), contentType, "key-1", Map.of("h", "v"),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    static String text(EventEnvelope event) {
        return new String(event.payload(), StandardCharsets.UTF_8);
    }
}
