package dev.sluice.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offsets kept on Sluice's own log, whatever broker carries it: one record per connector
 * partition on the topic {@value #TOPIC} (newest per key kept), keyed by the route. {@link #start()}
 * reads the topic up to a marker it appends, so it has every offset written before; {@link #set} returns
 * once the log acknowledged. Debezium instantiates the class by name, so a source registers its log under
 * an id ({@link #bind}) that it passes in the engine's settings as {@value #BINDING}.
 */
public final class LogOffsetStore implements OffsetBackingStore {

    static final String TOPIC = "sluice.cdc.offsets";
    static final String BINDING = "sluice.offsets.binding";
    static final String OFFSET = "sluice.cdc.offset";
    static final String SYNCED = "sluice.cdc.offsets_synced";
    private static final String SOURCE = "/sluice/postgres-cdc";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Binding> BINDINGS = new ConcurrentHashMap<>();

    /** A source's log and route, under the id the engine's settings carry. */
    record Binding(EventLog log, String route, long timeoutMillis) {}

    private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();
    private Binding binding;

    /** Registers the log a source's engine keeps its offsets on; returns the id to pass as {@value #BINDING}. */
    static String bind(EventLog log, String route, long timeoutMillis) {
        String id = UUID.randomUUID().toString();
        BINDINGS.put(id, new Binding(log, route, timeoutMillis));
        return id;
    }

    static void unbind(String id) {
        BINDINGS.remove(id);
    }

    @Override
    public void configure(WorkerConfig config) {
        Object id = config.originals().get(BINDING);
        binding = id == null ? null : BINDINGS.get(String.valueOf(id));
        if (binding == null) {
            throw new IllegalStateException("no log is bound for the offsets of this engine (" + BINDING + ")");
        }
    }

    /** Reads the route's offsets: every record of the topic up to a marker appended now. */
    @Override
    public void start() {
        EventLog log = binding.log();
        log.keepLatestPerKey(TOPIC);
        String marker = UUID.randomUUID().toString();
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        Map<ByteBuffer, ByteBuffer> read = new HashMap<>();
        Subscription tail = log.tail(TOPIC, StartAt.earliest(), new EventLog.TailListener() {
            @Override
            public void onEvent(LoggedEvent logged) {
                EventEnvelope e = logged.event();
                if (SYNCED.equals(e.type()) && marker.equals(e.id())) {
                    caughtUp.complete(null);
                } else if (OFFSET.equals(e.type()) && e.key() != null && e.key().startsWith(prefix())) {
                    apply(e, read);
                }
            }

            @Override
            public void onError(Throwable error) {
                caughtUp.completeExceptionally(error);
            }
        });
        try {
            log.append(TOPIC, List.of(new EventEnvelope(marker, SOURCE, SYNCED, null, Instant.now(), "application/json",
                    "marker", Map.of(), "{}".getBytes(StandardCharsets.UTF_8))))
                    .toCompletableFuture().get(binding.timeoutMillis(), TimeUnit.MILLISECONDS);
            caughtUp.get(binding.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the CDC offsets", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CDC offsets of route '" + binding.route() + "' from "
                    + TOPIC + ": " + e, e);
        } finally {
            tail.close();
        }
        data.clear();
        data.putAll(read);
    }

    private static void apply(EventEnvelope e, Map<ByteBuffer, ByteBuffer> into) {
        try {
            JsonNode record = JSON.readTree(e.payload());
            ByteBuffer key = ByteBuffer.wrap(Base64.getDecoder().decode(record.get("key").asText()));
            JsonNode value = record.get("value");
            if (value == null || value.isNull()) {
                into.remove(key);
            } else {
                into.put(key, ByteBuffer.wrap(Base64.getDecoder().decode(value.asText())));
            }
        } catch (IOException | RuntimeException bad) {
            // a record this version cannot read is skipped: the connector then starts as without that offset
        }
    }

    private String prefix() {
        return binding.route() + "/";
    }

    @Override
    public void stop() {
        // nothing held: the log belongs to Sluice
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> out = new HashMap<>();
        for (ByteBuffer key : keys) {
            ByteBuffer value = data.get(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    /** Appends the offsets and returns once the log acknowledged them (the future fails when it did not). */
    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        List<EventEnvelope> records = new ArrayList<>();
        values.forEach((key, value) -> records.add(record(key, value)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            binding.log().append(TOPIC, records).toCompletableFuture().get(binding.timeoutMillis(), TimeUnit.MILLISECONDS);
            values.forEach((key, value) -> {
                if (value == null) {
                    data.remove(key);
                } else {
                    data.put(key, value);
                }
            });
            done.complete(null);
            if (callback != null) {
                callback.onCompletion(null, null);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            done.completeExceptionally(e);
            if (callback != null) {
                callback.onCompletion(e, null);
            }
        }
        return done;
    }

    /** One offset as a record: key and value base64 (they are Debezium's JSON, kept byte for byte), readable too. */
    private EventEnvelope record(ByteBuffer key, ByteBuffer value) {
        byte[] k = bytes(key);
        Map<String, Object> body = new HashMap<>();
        body.put("route", binding.route());
        body.put("key", Base64.getEncoder().encodeToString(k));
        body.put("partition", new String(k, StandardCharsets.UTF_8));
        if (value != null) {
            byte[] v = bytes(value);
            body.put("value", Base64.getEncoder().encodeToString(v));
            body.put("offset", new String(v, StandardCharsets.UTF_8));
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new EventEnvelope(UUID.randomUUID().toString(), SOURCE, OFFSET, binding.route(), Instant.now(),
                "application/json", prefix() + Base64.getEncoder().encodeToString(k), Map.of(), payload);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return new HashSet<>(); // only Kafka Connect's REST API asks this
    }
}
