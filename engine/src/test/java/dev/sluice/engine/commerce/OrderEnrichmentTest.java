package dev.sluice.engine.commerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.commerce.CommerceServiceTest.MemoryJson;
import dev.sluice.engine.commerce.CommerceServiceTest.MemoryLogAndTables;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.ManageCommerce.Entity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stream-table join of orders with organizations and customers, with in-memory fakes. */
class OrderEnrichmentTest {

    private final MemoryLogAndTables store = new MemoryLogAndTables();
    private final MemoryJson json = new MemoryJson();
    private final AtomicInteger ids = new AtomicInteger();
    private final CommerceService commerce = new CommerceService(store, store, json, Clock.systemUTC(),
            () -> "id" + ids.incrementAndGet(), "commerce.", Duration.ofSeconds(1));
    private final OrderEnrichment enrichment = new OrderEnrichment(commerce, store, store, json, "commerce.",
            Duration.ofSeconds(1));

    @Test
    void theServiceAnswersFromTheEnrichedTable() throws Exception {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var john = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var order = commerce.create(Entity.ORDER, Map.of("po", "po002", "organizationId", org.get("id"),
                "customerId", john.get("id"), "date", "2022-05-07T07:50:03Z"));
        enrichment.enrich(logged(store.appended.get(2)));
        assertEquals("commerce.orders_created", commerce.enrichedOrdersTopic());
        assertEquals(enrichment.list(), commerce.enrichedOrders());
        assertEquals("SuperCompany", ((Map<?, ?>) commerce.enrichedOrder((String) order.get("id")).orElseThrow()
                .get("organization")).get("name"));
    }

    private static LoggedEvent logged(EventEnvelope e) {
        return new LoggedEvent(e, new Position("0"), "0");
    }

    @Test
    void anOrderIsJoinedWithItsOrganizationAndCustomerAndPublishedKeyedByOrder() throws Exception {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var john = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var order = commerce.create(Entity.ORDER, Map.of("po", "po002", "organizationId", org.get("id"),
                "customerId", john.get("id"), "date", "2022-05-07T07:50:03Z"));
        EventEnvelope orderEvent = store.appended.get(2);

        enrichment.enrich(logged(orderEvent));

        EventEnvelope out = store.appended.get(3);
        assertEquals("order_created", out.type());
        assertEquals(OrderEnrichment.SOURCE, out.source());
        assertEquals(order.get("id"), out.key());
        assertEquals(orderEvent.id() + ".enriched", out.id(), "derived: a repeat after a crash is recognisable");
        Map<String, Object> enriched = enrichment.get((String) order.get("id")).orElseThrow();
        assertEquals("po002", enriched.get("po"));
        assertEquals(Map.of("id", org.get("id"), "name", "SuperCompany"), enriched.get("organization"));
        assertEquals(Map.of("id", john.get("id"), "name", "John", "lastName", "Do", "email", "jdo@gmail.com"),
                enriched.get("customer"));
        assertEquals(List.of(enriched), enrichment.list());
    }

    @Test
    void otherOrderEventsAreNotPartOfTheOrdersCreatedStream() throws Exception {
        var org = commerce.create(Entity.ORGANIZATION, Map.of("name", "SuperCompany"));
        var john = commerce.create(Entity.CUSTOMER, Map.of("name", "John", "lastName", "Do", "email", "jdo@gmail.com"));
        var order = commerce.create(Entity.ORDER, Map.of("po", "po002", "organizationId", org.get("id"),
                "customerId", john.get("id"), "date", "2022-05-07T07:50:03Z"));
        commerce.update(Entity.ORDER, (String) order.get("id"), Map.of("state", "confirmed"));
        int before = store.appended.size();
        enrichment.enrich(logged(store.appended.get(before - 1)));
        assertEquals(before, store.appended.size());
        assertTrue(enrichment.list().isEmpty());
    }
}
