package dev.sluice.engine.view;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import dev.sluice.domain.view.ViewDefinition;
import dev.sluice.domain.view.Window;
import dev.sluice.ports.out.StreamingViews.Fold;
import dev.sluice.ports.out.StreamingViews.Lookup;
import dev.sluice.ports.out.StreamingViews.Plan;
import dev.sluice.ports.out.StreamingViews.Windowing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the domain's views into plans a runtime runs ({@link Plan}): the plan's functions are the
 * domain's rules, so what a view computes is decided here and in the domain, never in the adapter.
 */
public final class ViewPlans {

    /** Where a row's topic and payload sit in the rows of a coded view. */
    static final String TOPIC = "topic";
    static final String DATA = "data";

    private ViewPlans() {}

    /**
     * @param retention how long (in event time) windows stay queryable, at least their size plus grace
     */
    public static Plan of(ViewDefinition view, String changesTopic, Duration retention) {
        List<Lookup> lookups = new ArrayList<>();
        for (ViewDefinition.Join join : view.joins()) {
            lookups.add(new Lookup(join.table(), row -> text(join.on().of(row)),
                    join.kind() == ViewDefinition.Join.Kind.INNER, (row, match) -> ViewDefinition.joined(row, join, match)));
        }
        if (!view.isAggregate()) {
            return new Plan(view.name(), List.of(view.from()), input -> view.rowsOf(input.data()), lookups, view::output,
                    null, null, null, changesTopic);
        }
        return new Plan(view.name(), List.of(view.from()), input -> view.rowsOf(input.data()), lookups, null,
                view::groupOf, windowing(view.window(), retention), fold(view.aggregates()), changesTopic);
    }

    /**
     * A coded view reading its logical topics under {@code topicPrefix}: its rows are {@code {topic, data}}
     * with the logical topic name, grouped by its {@link CodedView#keyOf}.
     */
    public static Plan of(String name, CodedView view, String topicPrefix, String changesTopic) {
        String prefix = topicPrefix == null ? "" : topicPrefix;
        Map<String, String> logical = new LinkedHashMap<>();
        view.from().forEach(t -> logical.put(prefix + t, t));
        return new Plan(name, List.copyOf(logical.keySet()), input -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(TOPIC, logical.get(input.topic()));
            row.put(DATA, input.data());
            return List.of(row);
        }, List.of(), null, row -> view.keyOf(topicOf(row), dataOf(row)), null, new Fold() {
            @Override
            public Object initial() {
                return view.initial();
            }

            @Override
            public Object add(Object state, Object row, long time) {
                return view.add(state, topicOf(row), dataOf(row), time);
            }

            @Override
            public Map<String, Object> result(Object state) {
                return view.row(state);
            }
        }, changesTopic);
    }

    private static Windowing windowing(Window window, Duration retention) {
        if (window == null) {
            return null;
        }
        Duration least = window.size().plus(window.grace());
        return new Windowing(window.size(), window.advance(), window.grace(),
                retention.compareTo(least) < 0 ? least : retention);
    }

    /** The aggregates side by side: the state is the list of their states. */
    static Fold fold(List<Aggregate> aggregates) {
        return new Fold() {
            @Override
            public Object initial() {
                List<Object> states = new ArrayList<>();
                aggregates.forEach(a -> states.add(a.initial()));
                return states;
            }

            @Override
            public Object add(Object state, Object row, long time) {
                List<?> states = (List<?>) state;
                List<Object> next = new ArrayList<>(states.size());
                for (int i = 0; i < aggregates.size(); i++) {
                    next.add(aggregates.get(i).add(states.get(i), row, time));
                }
                return next;
            }

            @Override
            public Map<String, Object> result(Object state) {
                List<?> states = (List<?>) state;
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int i = 0; i < aggregates.size(); i++) {
                    columns.put(aggregates.get(i).name(), aggregates.get(i).result(states.get(i)));
                }
                return columns;
            }
        };
    }

    private static String topicOf(Object row) {
        return (String) ((Map<?, ?>) row).get(TOPIC);
    }

    private static Object dataOf(Object row) {
        return ((Map<?, ?>) row).get(DATA);
    }

    /** A join key as the table's record key is written: 52 and 52.0 both as "52". */
    static String text(Object value) {
        if (value instanceof java.math.BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return value == null ? null : String.valueOf(value);
    }
}
