package dev.sluice.engine.commerce;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.out.Subscription;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The enriched {@code orders_created} stream (seed S3), a stream-table join: each {@code order_created}
 * event, joined with its organization's name and its customer's name, last name and e-mail from the
 * latest-value tables, is appended to the topic {@code <prefix>orders_created}, keyed by order id.
 * Runs as a consumer group on the orders topic, so every order is enriched once more after a crash at
 * worst; the enriched event's id is derived from the order event's, so such a repeat is recognisable.
 */
public final class OrderEnrichment implements AutoCloseable {

    public static final String TOPIC = "orders_created";
    public static final String SOURCE = CommerceService.SOURCE + "/" + TOPIC;

    private static final System.Logger LOG = System.getLogger(OrderEnrichment.class.getName());

    private final CommerceService commerce;
    private final EventLog log;
    private final LatestValues tables;
    private final JsonCodec json;
    private final String topicPrefix;
    private final Duration ackTimeout;
    private Subscription running;

    public OrderEnrichment(CommerceService commerce, EventLog log, LatestValues tables, JsonCodec json,
                           String topicPrefix, Duration ackTimeout) {
        this.commerce = commerce;
        this.log = log;
        this.tables = tables;
        this.json = json;
        this.topicPrefix = topicPrefix;
        this.ackTimeout = ackTimeout;
    }

    /** The topic of the enriched stream, such as {@code commerce.orders_created}. */
    public String topic() {
        return topicPrefix + TOPIC;
    }

    public synchronized void start() {
        if (running == null) {
            running = log.consume(commerce.topic(Entity.ORDER), topicPrefix + "enrich-orders", this::enrich);
        }
    }

    /** Joins one order event with the current organization and customer, and appends the result. */
    void enrich(LoggedEvent logged) throws InterruptedException {
        EventEnvelope order = logged.event();
        if (!Entity.ORDER.createdType().equals(order.type())) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) json.decode(order.payload());
        Map<String, Object> enriched = new LinkedHashMap<>(fields);
        enriched.put("organization", lookup(Entity.ORGANIZATION, fields.get("organizationId"), List.of("id", "name")));
        enriched.put("customer", lookup(Entity.CUSTOMER, fields.get("customerId"),
                List.of("id", "name", "lastName", "email")));
        EventEnvelope out = new EventEnvelope(order.id() + ".enriched", SOURCE, order.type(), order.subject(),
                order.time(), "application/json", order.key(), Map.of(), json.encode(enriched));
        try {
            log.append(topic(), List.of(out)).toCompletableFuture().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // not committed: the group hands this order again
            throw new IllegalStateException("appending the enriched order " + order.key() + " failed", e);
        }
    }

    private Map<String, Object> lookup(Entity entity, Object id, List<String> keep) {
        Map<String, Object> out = new LinkedHashMap<>();
        var found = commerce.get(entity, String.valueOf(id));
        if (found.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "order enrichment: no {0} with id {1}", entity.singular(), id);
            out.put("id", id);
            return out;
        }
        for (String k : keep) {
            out.put(k, found.get().get(k));
        }
        return out;
    }

    /** The enriched orders as the latest-value table of the enriched topic holds them. */
    public List<Map<String, Object>> list() {
        return tables.table(topic()).values().stream().map(this::decode).toList();
    }

    public java.util.Optional<Map<String, Object>> get(String orderId) {
        return tables.table(topic()).get(orderId).map(this::decode);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> decode(EventEnvelope e) {
        return (Map<String, Object>) json.decode(e.payload());
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
