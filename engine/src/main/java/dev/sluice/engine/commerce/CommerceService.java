package dev.sluice.engine.commerce;

import dev.sluice.domain.commerce.CommerceRules;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.UnknownReferenceException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The commerce entities (scenario S3) with the log as their system of record: an accepted change is
 * appended as its event (the entity's whole new state, keyed by id) to the entity's compacted topic
 * {@code <prefix><plural>}, and reads come from the latest-value table of that topic. A change is
 * answered once the table holds its event, so the next request reads it. A rejected change appends
 * nothing.
 */
public final class CommerceService implements ManageCommerce, AutoCloseable {

    public static final String SOURCE = "/sluice/commerce";

    private final EventLog log;
    private final LatestValues tables;
    private final JsonCodec json;
    private final Clock clock;
    private final Supplier<String> ids;
    private final String topicPrefix;
    private final Duration ackTimeout;
    private final OrderEnrichment enrichment;

    public CommerceService(EventLog log, LatestValues tables, JsonCodec json, Clock clock, Supplier<String> ids,
                           String topicPrefix, Duration ackTimeout) {
        this.log = log;
        this.tables = tables;
        this.json = json;
        this.clock = clock;
        this.ids = ids;
        this.topicPrefix = topicPrefix;
        this.ackTimeout = ackTimeout;
        this.enrichment = new OrderEnrichment(this, log, tables, json, topicPrefix, ackTimeout);
    }

    /** The topic of an entity's events, such as {@code commerce.customers}. */
    public String topic(Entity entity) {
        return topicPrefix + entity.plural();
    }

    /** Starts the tables of every entity (they rebuild from the log) and the enrichment of orders. */
    public void start() {
        for (Entity e : Entity.values()) {
            tables.table(topic(e));
        }
        tables.table(enrichment.topic());
        enrichment.start();
    }

    /** The topic of the enriched orders, such as {@code commerce.orders_created}. */
    public String enrichedOrdersTopic() {
        return enrichment.topic();
    }

    @Override
    public List<Map<String, Object>> enrichedOrders() {
        return enrichment.list();
    }

    @Override
    public Optional<Map<String, Object>> enrichedOrder(String orderId) {
        return enrichment.get(orderId);
    }

    @Override
    public void close() {
        enrichment.close();
    }

    @Override
    public Map<String, Object> create(Entity entity, Object body) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> fields = CommerceRules.canonical(entity, body, null, violations);
        if (fields == null) {
            throw new InvalidInputException(violations.size() + " field(s) are invalid", violations);
        }
        checkReferences(entity, fields);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", ids.get());
        created.putAll(fields);
        return record(entity, entity.createdType(), created);
    }

    @Override
    public Map<String, Object> update(Entity entity, String id, Object body) {
        Map<String, Object> current = get(entity, id).orElseThrow(
                () -> new NotFoundException("no " + entity.singular() + " with id '" + id + "'"));
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> next = CommerceRules.canonical(entity, body, current, violations);
        if (next == null) {
            throw new InvalidInputException(violations.size() + " field(s) are invalid", violations);
        }
        checkReferences(entity, next);
        return record(entity, entity.updatedType(), next);
    }

    @Override
    public Optional<Map<String, Object>> get(Entity entity, String id) {
        return tables.table(topic(entity)).get(id).map(this::state);
    }

    @Override
    public List<Map<String, Object>> list(Entity entity) {
        return tables.table(topic(entity)).values().stream().map(this::state).toList();
    }

    private void checkReferences(Entity entity, Map<String, Object> fields) {
        List<Violation> missing = new ArrayList<>();
        switch (entity) {
            case ORDER -> {
                refer(Entity.ORGANIZATION, fields, "organizationId", missing);
                refer(Entity.CUSTOMER, fields, "customerId", missing);
            }
            case INVOICE -> refer(Entity.ORDER, fields, "orderId", missing);
            default -> { }
        }
        if (!missing.isEmpty()) {
            throw new UnknownReferenceException(missing.size() + " reference(s) point at nothing", missing);
        }
    }

    private void refer(Entity target, Map<String, Object> fields, String field, List<Violation> missing) {
        String id = String.valueOf(fields.get(field));
        if (get(target, id).isEmpty()) {
            missing.add(new Violation("/" + field, "no " + target.singular() + " with id '" + id + "'"));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state(EventEnvelope e) {
        return (Map<String, Object>) json.decode(e.payload());
    }

    private Map<String, Object> record(Entity entity, String type, Map<String, Object> state) {
        String id = String.valueOf(state.get("id"));
        EventEnvelope event = new EventEnvelope(ids.get(), SOURCE + "/" + entity.plural(), type, id, clock.instant(),
                "application/json", id, Map.of(), json.encode(state));
        String topic = topic(entity);
        try {
            log.append(topic, List.of(event)).toCompletableFuture().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!tables.table(topic).awaitValue(id, event.id(), ackTimeout)) {
                throw new BrokerUnavailableException("the " + entity.singular() + " table did not apply event "
                        + event.id() + " in time; it is on the log and will be readable shortly",
                        Duration.ofSeconds(1), null);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BrokerUnavailableException b ? b
                    : new BrokerUnavailableException("append to " + topic + " failed", Duration.ofSeconds(5), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException("append to " + topic + " was not acknowledged in time",
                    Duration.ofSeconds(5), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted", Duration.ofSeconds(1), e);
        }
        return state;
    }
}
