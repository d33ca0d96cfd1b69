package dev.sluice.domain.view;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A declared view (scenario S4): what ksqlDB's {@code CREATE TABLE/STREAM AS SELECT} is, for Sluice.
 * Events of topic {@code from} that pass {@code where} are exploded (one row per element of an array,
 * when declared) and joined with reference tables, then either aggregated per group (and per window,
 * when there is one) into rows of the aggregates' results, or, without aggregates, passed on as the
 * joined rows themselves, shaped by {@code select} (a stream view). Either kind may also be written to
 * the topic {@code to}.
 *
 * <p>Rows are JSON objects: an event whose payload is not an object is seen as {@code {"value": ...}}.
 *
 * @param name        the view's name, used in its URLs
 * @param from        the source topic
 * @param where       which events count; null for all
 * @param explode     one row per element of an array, or null for one row per event
 * @param joins       reference tables joined in order, each adding the matched row under its name
 * @param select      a stream view's output row made from the joined row, or null for the joined row
 * @param groupBy     the group of an event; null for one group of all events. An event whose group is
 *                    null is left out, as SQL leaves out null keys
 * @param window      event-time windows of the groups; null for a running total
 * @param aggregates  the columns of an aggregate view; empty for a stream view
 * @param to          the topic the view's rows or events are also written to; null for none
 * @param description the definition as declared, one line per part, for listing views
 */
public record ViewDefinition(String name, String from, Predicate<Object> where, Explode explode, List<Join> joins,
                             Aggregate.ValueOf select, Aggregate.ValueOf groupBy, Window window, List<Aggregate> aggregates, String to,
                             List<String> description) {

    /** Column names a view's rows carry besides its aggregates. */
    public static final Set<String> RESERVED_COLUMNS = Set.of("key", "windowStart", "windowEnd");

    /** The group of every event when a view has no {@code groupBy}. */
    public static final String ONE_GROUP = "*";

    /**
     * A reference table (a compacted topic's latest values) joined on the event's value of {@code on}:
     * the matched row is added to the event under {@code as}. A {@code LEFT} join keeps an event with no
     * match (the field is then null), an {@code INNER} join leaves it out.
     */
    public record Join(String table, Kind kind, Aggregate.ValueOf on, String as) {

        public enum Kind { LEFT, INNER }

        public Join {
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("a join needs the table's topic");
            }
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(on, "on");
            if (as == null || !as.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("a join's 'as' must be a field name (letters, digits and _,"
                        + " starting with a letter or _), was '" + as + "'");
            }
        }
    }

    /**
     * ksqlDB's {@code EXPLODE}: the row counts once per element of the array {@code values} gives, with the
     * element under {@code as}; a value that is not an array counts once, null or an empty array not at
     * all. "Views per category" explodes an interaction's {@code categories}.
     */
    public record Explode(Aggregate.ValueOf values, String as) {
        public Explode {
            Objects.requireNonNull(values, "values");
            if (as == null || !as.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("explode's 'as' must be a field name (letters, digits and _,"
                        + " starting with a letter or _), was '" + as + "'");
            }
        }
    }

    public ViewDefinition {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("a view's name must be 1 to 100 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, was '" + name + "'");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("'from' (the source topic) is required");
        }
        joins = List.copyOf(joins == null ? List.of() : joins);
        aggregates = List.copyOf(aggregates == null ? List.of() : aggregates);
        description = List.copyOf(description == null ? List.of() : description);
        if (aggregates.isEmpty() && (groupBy != null || window != null)) {
            throw new IllegalArgumentException("'group-by' and 'window' need at least one aggregate");
        }
        if (!aggregates.isEmpty() && select != null) {
            throw new IllegalArgumentException("'select' shapes the rows of a stream view; an aggregate view's"
                    + " columns are its aggregates");
        }
        if (explode != null) {
            for (Join join : joins == null ? List.<Join>of() : joins) {
                if (join.as().equals(explode.as())) {
                    throw new IllegalArgumentException("explode and a join both add their values as '" + join.as() + "'");
                }
            }
        }
        Set<String> columns = new HashSet<>();
        for (Aggregate aggregate : aggregates) {
            if (RESERVED_COLUMNS.contains(aggregate.name())) {
                throw new IllegalArgumentException("aggregate '" + aggregate.name() + "': the name is reserved for"
                        + " the rows' own columns " + RESERVED_COLUMNS);
            }
            if (!columns.add(aggregate.name())) {
                throw new IllegalArgumentException("two aggregates are named '" + aggregate.name() + "'");
            }
        }
        Set<String> joined = new HashSet<>();
        for (Join join : joins) {
            if (!joined.add(join.as())) {
                throw new IllegalArgumentException("two joins add their rows as '" + join.as() + "'");
            }
        }
        if (to != null && (to.isBlank() || to.equals(from))) {
            throw new IllegalArgumentException("'to' must name another topic than 'from', was '" + to + "'");
        }
    }

    public boolean isAggregate() {
        return !aggregates.isEmpty();
    }

    /** Whether the event's row counts for this view. */
    public boolean accepts(Object row) {
        return where == null || where.test(row);
    }

    /** The rows an event's payload gives: none when {@code where} refuses it, one per element when exploded. */
    public List<Object> rowsOf(Object payload) {
        Object row = payload instanceof Map<?, ?> ? payload : withField(Map.of(), "value", payload);
        if (!accepts(row)) {
            return List.of();
        }
        if (explode == null) {
            return List.of(row);
        }
        Object values = explode.values().of(row);
        if (values == null) {
            return List.of();
        }
        List<Object> rows = new ArrayList<>();
        for (Object element : values instanceof List<?> list ? list : List.of(values)) {
            rows.add(withField(row, explode.as(), element));
        }
        return rows;
    }

    /** The row with {@code join}'s matched table row (or null) added under its name. */
    public static Object joined(Object row, Join join, Object match) {
        return withField(row, join.as(), match);
    }

    /** A stream view's output row for a joined row. */
    public Object output(Object joinedRow) {
        return select == null ? joinedRow : select.of(joinedRow);
    }

    private static Object withField(Object row, String name, Object value) {
        Map<String, Object> next = new LinkedHashMap<>();
        if (row instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> next.put(String.valueOf(k), v));
        }
        next.put(name, value);
        return next;
    }

    /** The group of an event's (joined) row; null when it has none and is left out. */
    public String groupOf(Object row) {
        if (groupBy == null) {
            return ONE_GROUP;
        }
        Object group = groupBy.of(row);
        return group == null ? null : String.valueOf(group);
    }
}
