package dev.sluice.engine.view;

import dev.sluice.ports.out.StreamingViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory runtime of {@link StreamingViews.Plan}s for engine tests: every event goes through each
 * plan reading its topic, in order (select, lookups in the given tables, group, fold; tumbling windows
 * without grace). It shows what a plan computes, not how Kafka Streams runs it.
 */
final class InMemoryViews implements StreamingViews {

    private final Map<String, Plan> plans = new TreeMap<>();
    private final Map<String, Map<String, Object>> tables;
    /** Per plan: row key (group, or group@windowStart) to state or stream row, with its window start. */
    private final Map<String, TreeMap<String, Object[]>> states = new TreeMap<>();
    boolean closed;

    InMemoryViews(List<Plan> plans, Map<String, Map<String, Object>> tables) {
        plans.forEach(p -> {
            this.plans.put(p.name(), p);
            states.put(p.name(), new TreeMap<>());
        });
        this.tables = tables;
    }

    void send(Input input) {
        for (Plan plan : plans.values()) {
            if (!plan.from().contains(input.topic())) {
                continue;
            }
            for (Object selected : plan.select().apply(input)) {
                Object row = selected;
                boolean dropped = false;
                for (Lookup lookup : plan.lookups()) {
                    String key = lookup.keyOf().apply(row);
                    Object match = key == null ? null : tables.getOrDefault(lookup.table(), Map.of()).get(key);
                    if (match == null && lookup.inner()) {
                        dropped = true;
                        break;
                    }
                    row = lookup.merge().apply(row, match);
                }
                if (dropped) {
                    continue;
                }
                TreeMap<String, Object[]> byKey = states.get(plan.name());
                if (!plan.aggregates()) {
                    byKey.put(input.key(), new Object[] {null, plan.output() == null ? row : plan.output().apply(row)});
                    continue;
                }
                String group = plan.groupOf().apply(row);
                if (group == null) {
                    continue;
                }
                Long start = null;
                String key = group;
                if (plan.window() != null) {
                    long size = plan.window().size().toMillis();
                    start = Math.floorDiv(input.time(), size) * size;
                    key = group + "@" + String.format("%020d", start);
                }
                Object[] entry = byKey.computeIfAbsent(key, k -> new Object[] {null, plan.fold().initial()});
                entry[0] = start;
                entry[1] = plan.fold().add(entry[1], row, input.time());
            }
        }
    }

    @Override
    public List<Row> rows(String name, RowQuery query) {
        Plan plan = plans.get(name);
        List<Row> rows = new ArrayList<>();
        states.get(name).forEach((key, entry) -> {
            String group = key.contains("@") && entry[0] != null ? key.substring(0, key.lastIndexOf('@')) : key;
            Long start = (Long) entry[0];
            Object columns = plan.aggregates() ? plan.fold().result(entry[1]) : entry[1];
            boolean inRange = start == null || (query.from() == null || start >= query.from())
                    && (query.to() == null || start < query.to());
            if (columns != null && inRange && (query.key() == null || query.key().equals(group)) && rows.size() < query.limit()) {
                rows.add(new Row(group, start, start == null ? null : start + plan.window().size().toMillis(), columns));
            }
        });
        return rows;
    }

    @Override
    public Status status() {
        return new Status("RUNNING", null, Map.of());
    }

    @Override
    public void close() {
        closed = true;
    }
}
