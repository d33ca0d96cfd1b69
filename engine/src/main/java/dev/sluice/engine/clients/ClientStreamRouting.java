package dev.sluice.engine.clients;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.in.SubscribeToClientStream;
import dev.sluice.ports.out.ClientStreams;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Scenario S5: forwards each event of a topic to the stream of the client it belongs to (the record
 * key, or a configured field of the JSON payload), but only while that client is connected, and opens a client's stream for its subscriber.
 *
 * <p>No event is lost to the seed's race ("is anybody reading?" checked before the reader's group
 * exists): the subscriber registers first, and its consumer group reads the client stream from its
 * beginning, so every entry appended after the registration reaches it.
 */
public final class ClientStreamRouting implements SubscribeToClientStream, AutoCloseable {

    public static final String DEMO_TYPE = "notification_created";

    private final EventLog log;
    private final ClientStreams streams;
    private final JsonCodec json;
    private final Clock clock;
    private final String topic;
    private final String group;
    private final Duration ttl;
    private final List<String> demoClients;
    private final String clientIdField;
    private Subscription forwarding;

    /**
     * @param clientIdField top-level JSON field that holds the client id, or null to use the record key
     */
    public ClientStreamRouting(EventLog log, ClientStreams streams, JsonCodec json, Clock clock, String topic,
                               String group, Duration ttl, List<String> demoClients, String clientIdField) {
        this.clientIdField = clientIdField == null || clientIdField.isBlank() ? null : clientIdField;
        this.log = Objects.requireNonNull(log);
        this.streams = Objects.requireNonNull(streams);
        this.json = Objects.requireNonNull(json);
        this.clock = Objects.requireNonNull(clock);
        this.topic = Objects.requireNonNull(topic);
        this.group = Objects.requireNonNull(group);
        this.ttl = Objects.requireNonNull(ttl);
        this.demoClients = List.copyOf(demoClients);
    }

    /** Starts forwarding the topic to connected clients' streams. */
    public synchronized void start() {
        if (forwarding == null) {
            forwarding = log.consume(topic, group, this::forward);
        }
    }

    /** Forwards one event; events of clients that are not connected are skipped (and committed). */
    void forward(LoggedEvent logged) {
        String clientId = clientIdOf(logged.event());
        if (clientId != null && streams.isActive(clientId)) {
            streams.append(clientId, logged.event());
        }
    }

    /** The record key, or the configured field of a JSON payload; null when it has none. */
    String clientIdOf(EventEnvelope event) {
        if (clientIdField == null) {
            return event.key();
        }
        try {
            Object value = json.decode(event.payload()) instanceof Map<?, ?> fields ? fields.get(clientIdField) : null;
            return value instanceof String || value instanceof Number ? String.valueOf(value) : null;
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    @Override
    public Reading subscribe(String clientId, String lastEventId, Reader reader) {
        if (clientId == null || clientId.isBlank() || clientId.length() > 200) {
            throw new IllegalArgumentException("clientId must be 1 to 200 characters");
        }
        ClientStreams.Reading reading = streams.open(clientId, lastEventId, ttl, new ClientStreams.Reader() {
            @Override
            public void onEvent(LoggedEvent event) {
                reader.onEvent(event);
            }

            @Override
            public void onError(Throwable error) {
                reader.onError(error);
            }
        });
        return new Reading() {
            @Override
            public void acknowledge(String eventId) {
                reading.acknowledge(eventId);
            }

            @Override
            public void close() {
                reading.close();
            }
        };
    }

    @Override
    public Map<String, Integer> generateDemoEvents(int perClient) {
        List<EventEnvelope> events = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String client : demoClients) {
            for (int i = 0; i < perClient; i++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("clientId", client);
                body.put("sequence", i);
                body.put("message", "Notification " + (i + 1) + " for " + client);
                events.add(new EventEnvelope(UUID.randomUUID().toString(), "/sluice/demo", DEMO_TYPE, client,
                        clock.instant(), "application/json", client, Map.of(), json.encode(body)));
            }
            counts.put(client, perClient);
        }
        try {
            log.append(topic, events).toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return counts;
    }

    @Override
    public List<String> demoClients() {
        return demoClients;
    }

    @Override
    public synchronized void close() {
        if (forwarding != null) {
            forwarding.close();
            forwarding = null;
        }
    }
}
