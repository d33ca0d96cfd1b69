package dev.sluice.engine.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.domain.bookstore.OutstandingPayments;
import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.ViewDefinition;
import dev.sluice.domain.view.Window;
import dev.sluice.engine.AppendOnlyLog;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.QueryViews;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.out.StreamingViews;
import dev.sluice.ports.out.Subscription;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's part of S4: plans made from the domain's views compute what the domain says (run by a plain
 * in-memory runtime), and the service answers pull and push queries in the API's shape.
 */
class ViewServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, Map<String, Object>> TABLES = Map.of("customer", Map.of(
            "1", Map.of("city", "Bern"), "2", Map.of("city", "Basel")));

    private static Object field(Object row, String name) {
        return row instanceof Map<?, ?> m ? m.get(name) : null;
    }

    private static ViewDefinition perCity() {
        ViewDefinition.Join customer = new ViewDefinition.Join("customer", ViewDefinition.Join.Kind.LEFT,
                row -> field(row, "customerId"), "customer");
        return new ViewDefinition("purchases-per-city", "purchase", row -> field(row, "packet") == null, null,
                List.of(customer), null, row -> field(field(row, "customer"), "city"),
                Window.tumbling(Duration.ofMinutes(30), Duration.ZERO),
                List.of(new Aggregate.Count("purchases"), new Aggregate.Sum("revenue", row -> field(row, "totalAmount"))),
                null, List.of("from: purchase"));
    }

    private static ViewDefinition enriched() {
        ViewDefinition.Join customer = new ViewDefinition.Join("customer", ViewDefinition.Join.Kind.INNER,
                row -> field(row, "customerId"), "customer");
        return new ViewDefinition("purchase-enriched", "purchase", null, null, List.of(customer),
                row -> Map.of("city", field(field(row, "customer"), "city")), null, null, List.of(), "purchase-enriched",
                List.of());
    }

    private static Map<String, Object> purchase(String id, int customer, long total, String packet) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("purchaseId", id);
        p.put("customerId", customer);
        p.put("packet", packet);
        p.put("totalAmount", total);
        return p;
    }

    private InMemoryViews runtime;

    private ViewService service(AppendOnlyLog log) {
        return new ViewService(List.of(perCity(), enriched()),
                List.of(new ViewService.Coded("outstanding-payments", new OutstandingPayments(), "shop.")),
                "views.", Duration.ofDays(1), plans -> runtime = new InMemoryViews(plans, TABLES), log);
    }

    private void send(String topic, String key, long minutes, Map<String, Object> data) {
        runtime.send(new StreamingViews.Input(topic, key, T0.plusSeconds(minutes * 60).toEpochMilli(), data));
    }

    @Test
    void plansComputeTheDomainsViewsAndRowsComeInTheApisShape() {
        ViewService views = service(new AppendOnlyLog());
        send("purchase", "p-1", 1, purchase("p-1", 1, 1000, null));
        send("purchase", "p-2", 2, purchase("p-2", 2, 2500, null));
        send("purchase", "p-1", 3, purchase("p-1", 1, 1000, "pk-1")); // shipped: the where leaves it out
        send("purchase", "p-3", 40, purchase("p-3", 1, 700, null));
        send("purchase", "p-4", 41, purchase("p-4", 9, 300, null)); // no customer: no group (left join)

        QueryViews.Rows rows = views.rows("purchases-per-city", null, null, null, 100);

        assertEquals(List.of(
                Map.of("key", "Basel", "windowStart", "2026-01-01T00:00:00Z", "windowEnd", "2026-01-01T00:30:00Z",
                        "purchases", 1L, "revenue", new BigDecimal("2500")),
                Map.of("key", "Bern", "windowStart", "2026-01-01T00:00:00Z", "windowEnd", "2026-01-01T00:30:00Z",
                        "purchases", 1L, "revenue", new BigDecimal("1000")),
                Map.of("key", "Bern", "windowStart", "2026-01-01T00:30:00Z", "windowEnd", "2026-01-01T01:00:00Z",
                        "purchases", 1L, "revenue", new BigDecimal("700"))), rows.rows());
        assertNull(rows.summary(), "a declared view has no summary");
        assertEquals(1, views.rows("purchases-per-city", "Bern", T0.plusSeconds(1800), null, 100).rows().size());
        assertEquals(List.of(Map.of("key", "p-1", "city", "Bern"), Map.of("key", "p-2", "city", "Basel"),
                Map.of("key", "p-3", "city", "Bern")), views.rows("purchase-enriched", null, null, null, 100).rows(),
                "an inner join leaves p-4 out; a stream view shows the latest row per key");
    }

    @Test
    void aCodedViewReadsItsPrefixedTopicsAndSumsUpEveryRow() {
        ViewService views = service(new AppendOnlyLog());
        send("shop.purchase", "p-1", 1, purchase("p-1", 1, 1000, null));
        send("shop.purchase", "p-2", 2, purchase("p-2", 2, 2500, null));
        send("shop.payment", "t-1", 3, Map.of("transactionId", "t-1", "purchaseId", "p-1", "amount", 1000));
        send("purchase", "p-9", 4, purchase("p-9", 2, 9999, null)); // not its topic

        QueryViews.Rows rows = views.rows("outstanding-payments", null, null, null, 1);

        assertEquals(1, rows.rows().size());
        assertEquals("p-2", rows.rows().get(0).get("purchaseId"));
        assertEquals(Map.of("count", 1L, "totalAmount", new BigDecimal("2500")), rows.summary());
        assertEquals(List.of("shop.purchase", "shop.payment"), views.views().get(2).from());
    }

    @Test
    void listsViewsAndRefusesWhatCannotBeAnswered() {
        ViewService views = service(new AppendOnlyLog());

        List<QueryViews.ViewInfo> infos = views.views();
        assertEquals(List.of("purchases-per-city", "purchase-enriched", "outstanding-payments"),
                infos.stream().map(QueryViews.ViewInfo::name).toList());
        assertEquals("tumbling 30m, grace 0s", infos.get(0).window());
        assertEquals("views.purchases-per-city", infos.get(0).changesTopic());
        assertEquals("purchase-enriched", infos.get(1).changesTopic(), "a view's 'to' is its changes topic");
        assertEquals(List.of("aggregate", "stream", "coded"), infos.stream().map(QueryViews.ViewInfo::kind).toList());
        assertEquals("RUNNING", infos.get(0).state());

        assertThrows(NotFoundException.class, () -> views.rows("nope", null, null, null, 10));
        InvalidInputException noWindows = assertThrows(InvalidInputException.class,
                () -> views.rows("purchase-enriched", null, T0, null, 10));
        assertEquals("/from", noWindows.violations().get(0).pointer());
        InvalidInputException backwards = assertThrows(InvalidInputException.class,
                () -> views.rows("purchases-per-city", null, T0.plusSeconds(60), T0, 10));
        assertEquals("/from", backwards.violations().get(0).pointer());
        assertThrows(IllegalArgumentException.class, () -> new ViewService(List.of(enriched()),
                List.of(new ViewService.Coded("purchase-enriched", new OutstandingPayments(), "")), "v.", Duration.ZERO,
                plans -> new InMemoryViews(plans, TABLES), new AppendOnlyLog()), "two views of one name");
        views.close();
        assertTrue(runtime.closed);
    }

    @Test
    void theChangesStreamIsTheChangesTopicFromTheAskedPosition() {
        List<Object[]> tails = new ArrayList<>();
        AppendOnlyLog log = new AppendOnlyLog() {
            @Override
            public Subscription tail(String topic, StartAt start, TailListener listener) {
                tails.add(new Object[] {topic, start});
                EventEnvelope change = new EventEnvelope("e-1", "/sluice/views/purchases-per-city", "sluice.view.row", "Bern",
                        T0, "application/json", "Bern@0", Map.of(), "{\"key\":\"Bern\",\"purchases\":1}".getBytes(
                        StandardCharsets.UTF_8));
                listener.onEvent(new LoggedEvent(change, new Position("0:7"), "cursor-7"));
                return () -> { };
            }
        };
        ViewService views = service(log);
        List<SubscribeToChannel.ChannelEvent> got = new ArrayList<>();

        views.subscribe("purchases-per-city", StartAt.after("cursor-6"), new SubscribeToChannel.Listener() {
            @Override
            public void onEvent(SubscribeToChannel.ChannelEvent event) {
                got.add(event);
            }

            @Override
            public void onError(Throwable error) {
                throw new AssertionError(error);
            }
        }).close();

        assertEquals("views.purchases-per-city", tails.get(0)[0]);
        assertEquals(StartAt.after("cursor-6"), tails.get(0)[1]);
        assertEquals(List.of(new SubscribeToChannel.ChannelEvent("cursor-7", "sluice.view.row", "application/json",
                "{\"key\":\"Bern\",\"purchases\":1}", "e-1")), got);
        assertThrows(NotFoundException.class, () -> views.subscribe("nope", StartAt.latest(), null));
    }
}
