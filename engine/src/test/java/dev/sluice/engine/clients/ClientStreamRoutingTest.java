package dev.sluice.engine.clients;

import dev.sluice.engine.AppendOnlyLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.ClientStreams;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientStreamRoutingTest {

    /** Client streams in memory: who is registered, what was appended for whom. */
    static final class InMemoryClientStreams implements ClientStreams {
        final Set<String> active = new HashSet<>();
        final Map<String, List<EventEnvelope>> appended = new HashMap<>();

        @Override
        public boolean isActive(String clientId) {
            return active.contains(clientId);
        }

        @Override
        public String append(String clientId, EventEnvelope event) {
            appended.computeIfAbsent(clientId, c -> new ArrayList<>()).add(event);
            return "1-" + appended.get(clientId).size();
        }

        @Override
        public Reading open(String clientId, String lastEventId, Duration ttl, Reader reader) {
            active.add(clientId);
            return new Reading() {
                @Override
                public void acknowledge(String entryId) {}

                @Override
                public void close() {}
            };
        }
    }

    private final InMemoryClientStreams streams = new InMemoryClientStreams();
    private final AppendOnlyLog log = new AppendOnlyLog();
    private final ClientStreamRouting routing = new ClientStreamRouting(log, streams,
            new dev.sluice.engine.ToStringJson(), Clock.systemUTC(), "clients", "fwd",
            Duration.ofSeconds(30), List.of("a", "b", "c"), null);

    private static LoggedEvent event(String client) {
        return new LoggedEvent(new EventEnvelope("e-" + client, "/t", "t", null, Instant.EPOCH, "application/json",
                client, Map.of(), new byte[0]), new Position("0:0"), "0:0");
    }

    @Test
    void onlyConnectedClientsGetTheirEventsForwarded() {
        routing.subscribe("a", null, null);
        routing.forward(event("a"));
        routing.forward(event("c"));
        routing.forward(event(null));
        assertEquals(Set.of("a"), streams.appended.keySet());
    }

    @Test
    void theClientIdCanComeFromAFieldOfThePayload() {
        ClientStreamRouting byField = new ClientStreamRouting(log, streams, new dev.sluice.engine.ToStringJson(), Clock.systemUTC(),
                "clients", "fwd", Duration.ofSeconds(30), List.of(), "customer");
        EventEnvelope e = new EventEnvelope("e1", "/t", "t", null, Instant.EPOCH, "application/json", "other-key",
                Map.of(), "{\"customer\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("b", byField.clientIdOf(e));
        assertEquals(null, byField.clientIdOf(e.withPayload("not json".getBytes(StandardCharsets.UTF_8), "text/plain")));
        streams.active.add("b");
        byField.forward(new LoggedEvent(e, new Position("0:0"), "0:0"));
        assertEquals(Set.of("b"), streams.appended.keySet());
    }

    @Test
    void demoEventsAreKeyedByClientId() {
        assertEquals(Map.of("a", 2, "b", 2, "c", 2), routing.generateDemoEvents(2));
        assertEquals(6, log.appended.size());
        assertEquals(List.of("a", "a", "b", "b", "c", "c"), log.appended.stream().map(EventEnvelope::key).toList());
    }

    @Test
    void aBlankClientIdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> routing.subscribe(" ", null, null));
    }
}
