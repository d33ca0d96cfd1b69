package dev.sluice.engine.commerce;

import dev.sluice.engine.AppendOnlyLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.UnknownReferenceException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The commerce rules and the log-as-system-of-record service, with in-memory fakes of the ports (the
 * fakes are shared with the notification tests).
 */
public class CommerceServiceTest {

    /** A codec fake that keeps each tree and hands out a token for it. */
    public static final class MemoryJson implements JsonCodec {
        private final Map<String, Object> trees = new ConcurrentHashMap<>();

        @Override
        public byte[] encode(Object tree) {
            String token = UUID.randomUUID().toString();
            trees.put(token, new java.util.LinkedHashMap<>((Map<?, ?>) tree));
            return token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] json) {
            return new java.util.LinkedHashMap<>((Map<?, ?>) trees.get(new String(json, StandardCharsets.UTF_8)));
        }
    }

    /** A log fake that keeps appended events and a table fake fed by it synchronously. */
    public static final class MemoryLogAndTables extends AppendOnlyLog implements LatestValues {
        final Map<String, TreeMap<String, EventEnvelope>> tables = new ConcurrentHashMap<>();

        @Override
        protected void appended(String topic, EventEnvelope e) {
            tables.computeIfAbsent(topic, t -> new TreeMap<>()).put(e.key(), e);
        }

        @Override
        public Table table(String topic) {
            TreeMap<String, EventEnvelope> rows = tables.computeIfAbsent(topic, t -> new TreeMap<>());
            return new Table() {
                @Override
                public Optional<EventEnvelope> get(String key) {
                    return Optional.ofNullable(rows.get(key));
                }

                @Override
                public List<EventEnvelope> values() {
                    return List.copyOf(rows.values());
                }

                @Override
                public boolean awaitValue(String key, String eventId, Duration timeout) {
                    return get(key).map(e -> e.id().equals(eventId)).orElse(false);
                }
            };
        }

        @Override
        public void close() {}

        List<String> types() {
            return appended.stream().map(EventEnvelope::type).toList();
        }
    }

    private final MemoryLogAndTables store = new MemoryLogAndTables();
    private final AtomicInteger ids = new AtomicInteger();
    private final CommerceService commerce = new CommerceService(store, store, new MemoryJson(),
            Clock.fixed(Instant.parse("2022-05-07T07:50:03Z"), ZoneOffset.UTC), () -> "id" + ids.incrementAndGet(),
            "commerce.", Duration.ofSeconds(1));

    private Map<String, Object> order(String org, String customer) {
        return commerce.create(Entity.ORDER, Map.of("po", "po002", "organizationId", org, "customerId", customer,
                "date", "2022-05-07T07:50:03-00:00", "deliverDate", "2022-05-07T07:53:03-00:00"));
    }

    private static List<String> pointers(InvalidInputException e) {
        return e.violations().stream().map(Violation::pointer).toList();
    }

    @Test
    void theSeedStoryRecordsOneEventPerChangeAndReadsTheCurrentState() {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var john = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var order = order((String) org.get("id"), (String) john.get("id"));
        assertEquals("pending", order.get("state"));
        commerce.update(Entity.CUSTOMER, (String) john.get("id"), Map.of("name", "Johnny", "email", "johnny@do.example"));

        var now = commerce.get(Entity.CUSTOMER, (String) john.get("id")).orElseThrow();
        assertEquals("Johnny", now.get("name"));
        assertEquals("Do", now.get("lastName"), "fields not given keep their value");
        assertEquals("johnny@do.example", now.get("email"));
        assertEquals(List.of("organization_created", "customer_created", "order_created", "customer_updated"),
                store.types());
        EventEnvelope last = store.appended.get(3);
        assertEquals(john.get("id"), last.key(), "events are keyed by entity id");
        assertEquals("/sluice/commerce/customers", last.source());
        assertEquals(java.util.Set.of("commerce.organizations", "commerce.customers", "commerce.orders"),
                store.tables.keySet(), "one topic per entity");
        assertEquals(1, commerce.list(Entity.ORDER).size());
    }

    @Test
    void anOrderNamingAnUnknownOrganizationOrCustomerIsRefusedNamingWhichAndWritesNothing() {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        int before = store.appended.size();
        UnknownReferenceException e = assertThrows(UnknownReferenceException.class, () -> order("nope", "nobody"));
        assertEquals(List.of("/organizationId", "/customerId"), pointers(e));
        assertTrue(e.violations().get(1).message().contains("no customer with id 'nobody'"));
        var onlyCustomer = assertThrows(UnknownReferenceException.class, () -> order((String) org.get("id"), "nobody"));
        assertEquals(List.of("/customerId"), pointers(onlyCustomer));
        assertEquals(before, store.appended.size());
        assertEquals(List.of("/orderId"), pointers(assertThrows(UnknownReferenceException.class,
                () -> commerce.create(Entity.INVOICE, Map.of("orderId", "x", "amount", 10, "currency", "EUR",
                        "dueDate", "2022-06-30")))));
    }

    @Test
    void badFieldsAreEachNamedAndNothingIsWritten() {
        var e = assertThrows(InvalidInputException.class, () -> commerce.create(Entity.CUSTOMER,
                Map.of("name", " ", "email", "not-an-address", "nickname", "x", "id", "mine")));
        assertEquals(List.of("/nickname", "/id", "/name", "/lastName", "/email").stream().sorted().toList(),
                pointers(e).stream().sorted().toList());
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var c = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var o = order((String) org.get("id"), (String) c.get("id"));
        int before = store.appended.size();
        var invoice = assertThrows(InvalidInputException.class, () -> commerce.create(Entity.INVOICE,
                Map.of("orderId", o.get("id"), "amount", -1, "currency", "EURO", "dueDate", "30/06/2022")));
        assertEquals(List.of("/amount", "/currency", "/dueDate"), pointers(invoice));
        assertEquals(before, store.appended.size());
        var ok = commerce.create(Entity.INVOICE, Map.of("orderId", o.get("id"), "amount", 0, "currency", "eur",
                "dueDate", "2022-06-30"));
        assertEquals("EUR", ok.get("currency"));
    }

    @Test
    void anInvoiceAmountIsBoundedLikeAPrice() {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var c = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var o = order((String) org.get("id"), (String) c.get("id"));
        int before = store.appended.size();
        for (Number absurd : List.<Number>of(new java.math.BigDecimal("1E+400"), new java.math.BigDecimal("1E-400"),
                new java.math.BigInteger("9".repeat(1000)))) {
            var e = assertThrows(InvalidInputException.class, () -> commerce.create(Entity.INVOICE,
                    Map.of("orderId", o.get("id"), "amount", absurd, "currency", "EUR", "dueDate", "2022-06-30")),
                    absurd.toString());
            assertEquals(List.of("/amount"), pointers(e));
            assertTrue(e.violations().get(0).message().contains("18 digits before the decimal point"),
                    e.violations().toString());
        }
        assertEquals(before, store.appended.size());
        var exact = commerce.create(Entity.INVOICE, Map.of("orderId", o.get("id"),
                "amount", new java.math.BigDecimal("120.50"), "currency", "EUR", "dueDate", "2022-06-30"));
        assertEquals("120.50", exact.get("amount").toString(), "the digits as sent");
    }

    @Test
    void anOrderMovesOnlyAlongItsAllowedTransitions() {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var c = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        String id = (String) order((String) org.get("id"), (String) c.get("id")).get("id");

        var skip = assertThrows(InvalidInputException.class,
                () -> commerce.update(Entity.ORDER, id, Map.of("state", "delivered")));
        assertTrue(skip.violations().get(0).message().contains("pending cannot become delivered; it can become"),
                skip.violations().toString());
        for (String next : List.of("confirmed", "shipped", "delivered")) {
            assertEquals(next, commerce.update(Entity.ORDER, id, Map.of("state", next)).get("state"));
        }
        var fin = assertThrows(InvalidInputException.class,
                () -> commerce.update(Entity.ORDER, id, Map.of("state", "cancelled")));
        assertTrue(fin.violations().get(0).message().contains("(it is final)"));
        assertEquals(List.of("/state"), pointers(assertThrows(InvalidInputException.class,
                () -> commerce.update(Entity.ORDER, id, Map.of("state", "lost")))));
        assertThrows(InvalidInputException.class, () -> commerce.create(Entity.ORDER, Map.of("po", "p",
                "organizationId", org.get("id"), "customerId", c.get("id"), "date", "2022-05-07T07:50:03Z",
                "state", "shipped")), "a new order is pending");
    }

    @Test
    void updatingSomethingThatDoesNotExistIsNotFound() {
        assertThrows(NotFoundException.class, () -> commerce.update(Entity.CUSTOMER, "ghost", Map.of("name", "x")));
        assertTrue(commerce.get(Entity.CUSTOMER, "ghost").isEmpty());
    }
}
