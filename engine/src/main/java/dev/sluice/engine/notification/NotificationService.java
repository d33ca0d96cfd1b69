package dev.sluice.engine.notification;

import dev.sluice.domain.notification.NotificationRule;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.ObserveNotifications;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.out.Sleeper;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Processor;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Notification rules (scenario S3): a consumer group on the invoices and orders topics; for each event
 * a rule is {@code on}, the data is joined from the latest-value tables as they are <em>now</em> (so
 * a mail greets the customer by their current name and goes to their current address), the rule's
 * condition decides, its templates render, and the {@link Mailer} sends, with the rule's retry policy.
 * Every outcome is a record on the compacted topic {@code <prefix>notifications}, keyed
 * {@code <rule>:<event id>}: the list at /api/notifications, and the reason the same event never sends
 * the same rule twice, also after a restart (a record that says sent is never sent again).
 */
public final class NotificationService implements ObserveNotifications, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NotificationService.class.getName());

    private final List<NotificationRule> rules;
    private final CommerceService commerce;
    private final EventLog log;
    private final LatestValues tables;
    private final JsonCodec json;
    private final Mailer mailer;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;
    private final String topic;
    private final String group;
    private final Duration ackTimeout;
    private final List<Subscription> running = new java.util.ArrayList<>();

    public NotificationService(List<NotificationRule> rules, CommerceService commerce, EventLog log, LatestValues tables,
                               JsonCodec json, Mailer mailer, RetryPolicy retry, Sleeper sleeper, DoubleSupplier random,
                               Clock clock, String topicPrefix, Duration ackTimeout) {
        this.rules = List.copyOf(rules);
        this.commerce = commerce;
        this.log = log;
        this.tables = tables;
        this.json = json;
        this.mailer = mailer;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
        this.topic = topicPrefix + "notifications";
        this.group = topicPrefix + "notifications";
        this.ackTimeout = ackTimeout;
    }

    public String topic() {
        return topic;
    }

    public synchronized void start() {
        tables.table(topic);
        for (Entity source : List.of(Entity.INVOICE, Entity.ORDER)) {
            if (rules.stream().anyMatch(r -> r.on().startsWith(source.singular() + "_"))) {
                // a group per topic, so that the two do not rebalance each other
                running.add(log.consume(commerce.topic(source), group + "." + source.plural(), this::handle));
            }
        }
    }

    /** The consumer-group handler: every rule that applies, once per event. */
    void handle(LoggedEvent logged) throws InterruptedException {
        EventEnvelope event = logged.event();
        for (NotificationRule rule : rules) {
            if (!rule.on().equals(event.type())) {
                continue;
            }
            String id = rule.name() + ":" + event.id();
            Optional<Record> earlier = record(id);
            if (earlier.isPresent()) {
                continue; // sent, or failed and waiting for a replay: never twice on its own
            }
            Record outcome = deliver(rule, id, event.id(), event.type(), event.subject(), data(event), retry, 0);
            if (outcome != null) {
                store(outcome);
            }
        }
    }

    /** The data a rule renders: the entity of the event, and what it refers to, as the tables hold them now. */
    private Map<String, Object> data(EventEnvelope event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> entity = (Map<String, Object>) json.decode(event.payload());
        return dataOf(kindOf(event.type()), String.valueOf(entity.get("id")), entity);
    }

    /** The entity an event type is about: {@code invoice_created} → invoice, {@code order_*} → order. */
    private static Entity kindOf(String eventType) {
        return eventType.startsWith(Entity.INVOICE.singular() + "_") ? Entity.INVOICE : Entity.ORDER;
    }

    private Map<String, Object> dataOf(Entity kind, String id, Map<String, Object> fallback) {
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> entity = commerce.get(kind, id).orElse(fallback);
        data.put(kind.singular(), entity);
        Map<String, Object> order = kind == Entity.ORDER ? entity
                : commerce.get(Entity.ORDER, String.valueOf(entity.get("orderId"))).orElse(Map.of());
        data.put("order", order);
        data.put("organization", commerce.get(Entity.ORGANIZATION, String.valueOf(order.get("organizationId")))
                .orElse(Map.of()));
        data.put("customer", commerce.get(Entity.CUSTOMER, String.valueOf(order.get("customerId"))).orElse(Map.of()));
        return data;
    }

    /** Renders and sends; returns the record to store, or null when the condition skipped the event. */
    private Record deliver(NotificationRule rule, String id, String eventId, String eventType, String entityId,
                           Map<String, Object> data, RetryPolicy policy, int attemptsBefore) throws InterruptedException {
        if (rule.condition() != null) {
            EventEnvelope probe = new EventEnvelope(eventId, CommerceService.SOURCE, eventType, null, clock.instant(),
                    "application/json", null, Map.of(), json.encode(data));
            try {
                if (rule.condition().apply(probe) == null) {
                    return null;
                }
            } catch (Processor.ProcessingException e) {
                return record(rule, id, eventId, eventType, entityId, "", "", "failed", attemptsBefore,
                        "condition failed: " + e.getMessage());
            }
        }
        String to = rule.to().render(data).strip();
        String subject = rule.subject().render(data).strip();
        String text = rule.text().render(data);
        for (int attempt = 1; ; attempt++) {
            try {
                mailer.send(new Mailer.Mail(rule.from(), to, subject, text));
                LOG.log(System.Logger.Level.INFO, "notification {0} sent to {1}", id, to);
                return record(rule, id, eventId, eventType, entityId, to, subject, "sent", attemptsBefore + attempt, null);
            } catch (Mailer.MailException e) {
                if (!e.retryable() || policy == null || !policy.allowsAnother(attempt)) {
                    LOG.log(System.Logger.Level.WARNING, "notification {0} failed after {1} attempt(s): {2}", id,
                            attempt, e.getMessage());
                    return record(rule, id, eventId, eventType, entityId, to, subject, "failed", attemptsBefore + attempt,
                            e.getMessage());
                }
                sleeper.sleep(policy.delayAfter(attempt, null, random));
            }
        }
    }

    private Record record(NotificationRule rule, String id, String eventId, String eventType, String entityId,
                          String to, String subject, String status, int attempts, String error) {
        return new Record(id, rule.name(), eventId, eventType, entityId, to, subject, status, attempts, error,
                clock.instant().toString());
    }

    private void store(Record r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", r.id());
        fields.put("rule", r.rule());
        fields.put("eventId", r.eventId());
        fields.put("eventType", r.eventType());
        fields.put("entityId", r.entityId());
        fields.put("recipient", r.recipient());
        fields.put("subject", r.subject());
        fields.put("status", r.status());
        fields.put("attempts", r.attempts());
        fields.put("lastError", r.lastError());
        fields.put("at", r.at());
        EventEnvelope e = new EventEnvelope(java.util.UUID.randomUUID().toString(), "/sluice/notifications",
                "notification_" + r.status(), r.id(), clock.instant(), "application/json", r.id(), Map.of(),
                json.encode(fields));
        try {
            log.append(topic, List.of(e)).toCompletableFuture().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            tables.table(topic).awaitValue(r.id(), e.id(), ackTimeout);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            // not committed by the group: the event comes again and, not being recorded, is tried again
            throw new BrokerUnavailableException("recording notification " + r.id() + " failed", Duration.ofSeconds(5), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted", Duration.ofSeconds(1), ex);
        }
    }

    private Optional<Record> record(String id) {
        return tables.table(topic).get(id).map(this::decode);
    }

    private Record decode(EventEnvelope e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) json.decode(e.payload());
        return new Record(str(f.get("id")), str(f.get("rule")), str(f.get("eventId")), str(f.get("eventType")),
                str(f.get("entityId")), str(f.get("recipient")), str(f.get("subject")), str(f.get("status")),
                ((Number) f.getOrDefault("attempts", 0)).intValue(), str(f.get("lastError")), str(f.get("at")));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public List<Record> list(int limit) {
        return tables.table(topic).values().stream().map(this::decode)
                .sorted(Comparator.comparing(Record::at, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit).toList();
    }

    @Override
    public Record replay(String id) {
        Record r = record(id).orElseThrow(() -> new NotFoundException("no notification '" + id + "'"));
        if (!"failed".equals(r.status())) {
            return r;
        }
        NotificationRule rule = rules.stream().filter(x -> x.name().equals(r.rule())).findFirst()
                .orElseThrow(() -> new NotFoundException("rule '" + r.rule() + "' is no longer configured"));
        Entity kind = kindOf(r.eventType());
        Map<String, Object> entity = commerce.get(kind, r.entityId()).orElseThrow(() -> new NotFoundException(
                "the " + kind.singular() + " '" + r.entityId() + "' of notification '" + id + "' is gone"));
        Map<String, Object> data = dataOf(kind, r.entityId(), entity);
        try {
            Record outcome = deliver(rule, id, r.eventId(), r.eventType(), r.entityId(), data, null, r.attempts());
            if (outcome != null) {
                store(outcome);
                return outcome;
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return r;
        }
    }

    @Override
    public synchronized void close() {
        running.forEach(Subscription::close);
        running.clear();
    }
}
