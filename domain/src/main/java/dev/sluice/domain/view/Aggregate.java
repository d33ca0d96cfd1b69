package dev.sluice.domain.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One aggregate column of a view: how a value of each event is folded into a state, and the result
 * read from that state. States are plain JSON values (numbers, strings, lists, maps with string keys),
 * and every function accepts a state as it comes back from JSON (any {@link Number} for a number), so a
 * runtime may store them as JSON between events.
 *
 * <p>Numbers are summed exactly, as {@link BigDecimal}; a value that is not a number (or is null) is
 * skipped by {@code sum}, {@code avg} and the score of {@code top-k}, as SQL aggregates skip nulls.
 * {@code count} counts events.
 */
public sealed interface Aggregate {

    /** Reads the value an aggregate takes from an event's row (the joined JSON of the event). */
    @FunctionalInterface
    interface ValueOf {
        Object of(Object row);
    }

    /** The column's name in the view's rows. */
    String name();

    Object initial();

    /** The state after one more event; {@code state} is not changed. */
    Object add(Object state, Object row, long eventTime);

    /** The column's value for the state. */
    Object result(Object state);

    /** Events in the group. */
    record Count(String name) implements Aggregate {
        public Count {
            requireName(name);
        }

        @Override
        public Object initial() {
            return 0L;
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            return ((Number) state).longValue() + 1;
        }

        @Override
        public Object result(Object state) {
            return ((Number) state).longValue();
        }
    }

    /** The exact sum of the numbers. */
    record Sum(String name, ValueOf value) implements Aggregate {
        public Sum {
            requireName(name);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object initial() {
            return BigDecimal.ZERO;
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            BigDecimal v = decimal(value.of(row));
            return v == null ? state : decimal(state).add(v);
        }

        @Override
        public Object result(Object state) {
            return decimal(state);
        }
    }

    /** The mean of the numbers, to 16 significant digits; null when there were none. */
    record Avg(String name, ValueOf value) implements Aggregate {
        public Avg {
            requireName(name);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object initial() {
            return Map.of("sum", BigDecimal.ZERO, "count", 0L);
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            BigDecimal v = decimal(value.of(row));
            if (v == null) {
                return state;
            }
            Map<?, ?> s = (Map<?, ?>) state;
            return Map.of("sum", decimal(s.get("sum")).add(v), "count", ((Number) s.get("count")).longValue() + 1);
        }

        @Override
        public Object result(Object state) {
            Map<?, ?> s = (Map<?, ?>) state;
            long count = ((Number) s.get("count")).longValue();
            return count == 0 ? null : decimal(s.get("sum")).divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
        }
    }

    /**
     * The smallest ({@code min}) or the largest ({@code max}) value: numbers by value, text by its
     * characters; a value of another kind than the first one is skipped; null when there was none.
     */
    record Extreme(String name, ValueOf value, boolean largest) implements Aggregate {
        public Extreme {
            requireName(name);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object initial() {
            return null;
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            return extreme(state, value.of(row), largest ? 1 : -1);
        }

        @Override
        public Object result(Object state) {
            return state;
        }
    }

    static Aggregate min(String name, ValueOf value) {
        return new Extreme(name, value, false);
    }

    static Aggregate max(String name, ValueOf value) {
        return new Extreme(name, value, true);
    }

    /**
     * The {@code k} keys with the largest summed score, largest first (equal scores by key), as
     * {@code [{key, score}, ...]}: "the five books with the most revenue" is key {@code title}, score
     * {@code price}. The state holds every key seen in the group, so keep the keys few (a catalogue,
     * not a click stream).
     */
    record TopK(String name, ValueOf key, ValueOf score, int k) implements Aggregate {
        public TopK {
            requireName(name);
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(score, "score");
            if (k < 1 || k > 1000) {
                throw new IllegalArgumentException("top-k's k must be from 1 to 1000, was " + k);
            }
        }

        @Override
        public Object initial() {
            return Map.of();
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            Object keyValue = key.of(row);
            BigDecimal s = decimal(score.of(row));
            if (keyValue == null || s == null) {
                return state;
            }
            Map<String, Object> next = new LinkedHashMap<>();
            ((Map<?, ?>) state).forEach((k, v) -> next.put(String.valueOf(k), v));
            next.merge(String.valueOf(keyValue), s, (a, b) -> decimal(a).add(decimal(b)));
            return next;
        }

        @Override
        public Object result(Object state) {
            List<Map<String, Object>> ranked = new ArrayList<>();
            ((Map<?, ?>) state).forEach((k, v) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("key", String.valueOf(k));
                entry.put("score", decimal(v));
                ranked.add(entry);
            });
            ranked.sort(Comparator.comparing((Map<String, Object> e) -> (BigDecimal) e.get("score")).reversed()
                    .thenComparing(e -> (String) e.get("key")));
            return List.copyOf(ranked.subList(0, Math.min(k, ranked.size())));
        }
    }

    /**
     * The {@code p}-th percentile of the numbers by nearest rank (the smallest value with at least p% of
     * the values at or below it; {@code p50} of 1, 2, 3, 4 is 2); null when there were none. The state
     * keeps every number, so use it on groups of bounded size (a summary, a short window).
     */
    record Percentile(String name, ValueOf value, int p) implements Aggregate {
        public Percentile {
            requireName(name);
            Objects.requireNonNull(value, "value");
            if (p < 1 || p > 100) {
                throw new IllegalArgumentException("a percentile must be from 1 to 100, was " + p);
            }
        }

        @Override
        public Object initial() {
            return List.of();
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            BigDecimal v = decimal(value.of(row));
            if (v == null) {
                return state;
            }
            List<Object> next = new ArrayList<>((List<?>) state);
            next.add(v);
            return next;
        }

        @Override
        public Object result(Object state) {
            List<BigDecimal> values = new ArrayList<>();
            for (Object v : (List<?>) state) {
                values.add(decimal(v));
            }
            if (values.isEmpty()) {
                return null;
            }
            values.sort(Comparator.naturalOrder());
            int rank = (int) Math.ceil(p / 100.0 * values.size());
            return values.get(Math.max(rank, 1) - 1);
        }
    }

    /** The value of the event with the latest event time (of equal times, the one that came last). */
    record Latest(String name, ValueOf value) implements Aggregate {
        public Latest {
            requireName(name);
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object initial() {
            return null;
        }

        @Override
        public Object add(Object state, Object row, long eventTime) {
            if (state instanceof Map<?, ?> s && ((Number) s.get("time")).longValue() > eventTime) {
                return state;
            }
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("time", eventTime);
            next.put("value", value.of(row));
            return next;
        }

        @Override
        public Object result(Object state) {
            return state instanceof Map<?, ?> s ? s.get("value") : null;
        }
    }

    /** A number as an exact decimal (a double by its shortest decimal form); null for anything else. */
    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return null;
    }

    /** {@code direction} -1 keeps the smaller, 1 the larger; a value of another kind than the state is skipped. */
    private static Object extreme(Object state, Object candidate, int direction) {
        if (candidate == null || !(candidate instanceof Number || candidate instanceof String)) {
            return state;
        }
        if (state == null) {
            return candidate instanceof Number ? decimal(candidate) : candidate;
        }
        int order;
        if (candidate instanceof Number && state instanceof Number) {
            BigDecimal c = decimal(candidate);
            if (c == null) {
                return state;
            }
            order = c.compareTo(decimal(state));
            return Integer.signum(order) == direction ? c : state;
        }
        if (candidate instanceof String c && state instanceof String s) {
            order = c.compareTo(s);
            return Integer.signum(order) == direction ? c : state;
        }
        return state;
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("an aggregate's name must be a field name (letters, digits, _ and -,"
                    + " starting with a letter or _), was '" + name + "'");
        }
    }
}
