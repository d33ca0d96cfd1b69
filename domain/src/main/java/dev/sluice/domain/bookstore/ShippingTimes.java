package dev.sluice.domain.bookstore;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the shipping partner takes: per packet, the time from "underway" to "delivered" (or that it was
 * lost), and in the summary the count, average, median (p50, nearest rank) and maximum of the delivery
 * times in milliseconds and how many packets were lost. The seed's second Kafka Streams app.
 */
public final class ShippingTimes implements CodedView {

    @Override
    public String name() {
        return "shipping-times";
    }

    @Override
    public List<String> from() {
        return List.of(Simulation.SHIPPING);
    }

    @Override
    public List<String> description() {
        return List.of("coded: shipping by packet, underway -> delivered | lost",
                "row: status, underwayAt, deliveredAt, durationMs", "summary: delivered, avgMs, p50Ms, maxMs, lost");
    }

    @Override
    public String keyOf(String topic, Object payload) {
        return payload instanceof Map<?, ?> fields && fields.get("packet") != null
                ? String.valueOf(fields.get("packet")) : null;
    }

    @Override
    public Object initial() {
        return Map.of();
    }

    @Override
    public Object add(Object state, String topic, Object payload, long eventTime) {
        Map<String, Object> next = new LinkedHashMap<>();
        ((Map<?, ?>) state).forEach((k, v) -> next.put(String.valueOf(k), v));
        Object status = ((Map<?, ?>) payload).get("status");
        next.put("packet", ((Map<?, ?>) payload).get("packet"));
        if ("underway".equals(status)) {
            next.put("underway", eventTime);
        } else if ("delivered".equals(status) || "lost".equals(status)) {
            next.put("status", status);
            next.put("at", eventTime);
        }
        return next;
    }

    @Override
    public Map<String, Object> row(Object state) {
        Map<?, ?> s = (Map<?, ?>) state;
        Number underway = (Number) s.get("underway");
        Number at = (Number) s.get("at");
        Object status = s.get("status") == null ? "underway" : s.get("status");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("packet", s.get("packet"));
        row.put("status", status);
        row.put("underwayAt", underway == null ? null : Instant.ofEpochMilli(underway.longValue()).toString());
        row.put("endedAt", at == null ? null : Instant.ofEpochMilli(at.longValue()).toString());
        row.put("durationMs", "delivered".equals(status) && underway != null
                ? at.longValue() - underway.longValue() : null);
        return row;
    }

    @Override
    public List<Aggregate> summary() {
        Aggregate.ValueOf duration = row -> ((Map<?, ?>) row).get("durationMs");
        return List.of(
                new Aggregate.Sum("delivered", row -> "delivered".equals(((Map<?, ?>) row).get("status")) ? 1 : 0),
                new Aggregate.Avg("avgMs", duration),
                new Aggregate.Percentile("p50Ms", duration, 50),
                Aggregate.max("maxMs", duration),
                new Aggregate.Sum("lost", row -> "lost".equals(((Map<?, ?>) row).get("status")) ? 1 : 0));
    }
}
