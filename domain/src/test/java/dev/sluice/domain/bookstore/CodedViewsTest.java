package dev.sluice.domain.bookstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bookstore's coded views: their state per key, their rows, and their summaries. */
class CodedViewsTest {

    private final OutstandingPayments outstanding = new OutstandingPayments();
    private final ShippingTimes shipping = new ShippingTimes();

    /** Folds events (topic, payload, time) per key as the runtime does and returns the shown rows by key. */
    private static Map<String, Map<String, Object>> rows(CodedView view, Object[]... events) {
        Map<String, Object> states = new TreeMap<>();
        for (Object[] e : events) {
            String key = view.keyOf((String) e[0], e[1]);
            if (key != null) {
                states.put(key, view.add(states.getOrDefault(key, view.initial()), (String) e[0], e[1], (Long) e[2]));
            }
        }
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        states.forEach((k, s) -> {
            Map<String, Object> row = view.row(s);
            if (row != null) {
                rows.put(k, row);
            }
        });
        return rows;
    }

    private static Map<String, Object> summary(CodedView view, Map<String, Map<String, Object>> rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Aggregate a : view.summary()) {
            Object state = a.initial();
            for (Map<String, Object> row : rows.values()) {
                state = a.add(state, row, 0);
            }
            out.put(a.name(), a.result(state));
        }
        return out;
    }

    private static Map<String, Object> purchase(String id, long total, String packet) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("purchaseId", id);
        p.put("customerId", 1);
        p.put("bookIds", List.of("bk-001"));
        p.put("packet", packet);
        p.put("totalAmount", total);
        return p;
    }

    @Test
    void aPurchaseIsOutstandingUntilItsPaymentArrivesInWhateverOrder() {
        Map<String, Map<String, Object>> rows = rows(outstanding,
                new Object[] {"purchase", purchase("p-1", 1000, null), 1L},
                new Object[] {"purchase", purchase("p-2", 2500, null), 2L},
                new Object[] {"payment", Map.of("transactionId", "t-1", "purchaseId", "p-1", "amount", 1000), 3L},
                new Object[] {"purchase", purchase("p-1", 1000, "pk-1"), 4L}, // shipped after payment
                new Object[] {"payment", Map.of("transactionId", "t-3", "purchaseId", "p-3", "amount", 700), 5L},
                new Object[] {"purchase", purchase("p-3", 700, null), 6L}, // its payment came first
                new Object[] {"purchase", purchase("p-4", 4000, null), 7L});

        assertEquals(List.of("p-2", "p-4"), new ArrayList<>(rows.keySet()));
        assertEquals("1970-01-01T00:00:00.002Z", rows.get("p-2").get("placedAt"));
        assertEquals(Map.of("count", 2L, "totalAmount", new BigDecimal("6500")), summary(outstanding, rows));
    }

    @Test
    void shippingTimesMeasureUnderwayToDeliveredAndCountTheLost() {
        Map<String, Map<String, Object>> rows = rows(shipping,
                new Object[] {"shipping", Map.of("packet", "pk-1", "status", "underway"), 1_000L},
                new Object[] {"shipping", Map.of("packet", "pk-2", "status", "underway"), 2_000L},
                new Object[] {"shipping", Map.of("packet", "pk-3", "status", "underway"), 3_000L},
                new Object[] {"shipping", Map.of("packet", "pk-1", "status", "delivered"), 5_000L},
                new Object[] {"shipping", Map.of("packet", "pk-2", "status", "lost"), 9_000L},
                new Object[] {"shipping", Map.of("packet", "pk-3", "status", "delivered"), 13_000L},
                new Object[] {"shipping", Map.of("packet", "pk-4", "status", "underway"), 14_000L});

        assertEquals(4_000L, rows.get("pk-1").get("durationMs"));
        assertEquals(10_000L, rows.get("pk-3").get("durationMs"));
        assertEquals("lost", rows.get("pk-2").get("status"));
        assertNull(rows.get("pk-2").get("durationMs"));
        assertEquals("underway", rows.get("pk-4").get("status"));
        Map<String, Object> figures = summary(shipping, rows);
        assertEquals(new BigDecimal("2"), figures.get("delivered"));
        assertEquals(new BigDecimal("7000"), figures.get("avgMs"));
        assertEquals(new BigDecimal("4000"), figures.get("p50Ms"));
        assertEquals(new BigDecimal("10000"), figures.get("maxMs"));
        assertEquals(new BigDecimal("1"), figures.get("lost"));
    }

    @Test
    void bothAreFoundByName() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(CodedView.class).forEach(v -> names.add(v.name()));
        assertEquals(List.of("outstanding-payments", "shipping-times"), names.stream().sorted().toList());
    }
}
