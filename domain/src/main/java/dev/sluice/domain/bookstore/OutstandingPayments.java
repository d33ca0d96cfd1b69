package dev.sluice.domain.bookstore;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The purchases that are not paid (yet): one row per purchase placed without a payment for it, and in the
 * summary their count and total amount. The seed's Kafka Streams app joined purchases with payments; here
 * both topics fold into one state per purchase id, in whatever order their events arrive.
 */
public final class OutstandingPayments implements CodedView {

    @Override
    public String name() {
        return "outstanding-payments";
    }

    @Override
    public List<String> from() {
        return List.of(Simulation.PURCHASE, Simulation.PAYMENT);
    }

    @Override
    public List<String> description() {
        return List.of("coded: purchase and payment by purchaseId", "row: each purchase without a payment",
                "summary: count, totalAmount");
    }

    @Override
    public String keyOf(String topic, Object payload) {
        return payload instanceof Map<?, ?> fields && fields.get("purchaseId") != null
                ? String.valueOf(fields.get("purchaseId")) : null;
    }

    @Override
    public Object initial() {
        return Map.of("paid", false);
    }

    @Override
    public Object add(Object state, String topic, Object payload, long eventTime) {
        Map<String, Object> next = new LinkedHashMap<>();
        ((Map<?, ?>) state).forEach((k, v) -> next.put(String.valueOf(k), v));
        Map<?, ?> fields = (Map<?, ?>) payload;
        if (Simulation.PAYMENT.equals(topic)) {
            next.put("paid", true);
        } else if (!next.containsKey("purchaseId")) { // the order as placed; a later update carries its packet
            next.put("purchaseId", fields.get("purchaseId"));
            next.put("customerId", fields.get("customerId"));
            next.put("totalAmount", fields.get("totalAmount"));
            next.put("placedAt", Instant.ofEpochMilli(eventTime).toString());
        }
        return next;
    }

    @Override
    public Map<String, Object> row(Object state) {
        Map<?, ?> s = (Map<?, ?>) state;
        if (Boolean.TRUE.equals(s.get("paid")) || !s.containsKey("purchaseId")) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("purchaseId", s.get("purchaseId"));
        row.put("customerId", s.get("customerId"));
        row.put("totalAmount", s.get("totalAmount"));
        row.put("placedAt", s.get("placedAt"));
        return row;
    }

    @Override
    public List<Aggregate> summary() {
        return List.of(new Aggregate.Count("count"), new Aggregate.Sum("totalAmount", row -> ((Map<?, ?>) row).get("totalAmount")));
    }
}
