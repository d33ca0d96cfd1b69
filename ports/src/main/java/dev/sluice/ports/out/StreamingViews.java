package dev.sluice.ports.out;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Streaming views (scenario S4) as a runtime runs them: {@link Plan}s made of plain functions, so the
 * runtime (Kafka Streams, in the Kafka adapter) knows nothing of the rules behind them (the domain's view
 * definitions and aggregates, which the engine turns into plans). All plans run together in one
 * topology: each keeps its rows in a state store with a changelog, so a restart resumes and a new
 * instance rebuilds, and writes every change of a row to its {@link Plan#changesTopic() changes topic}.
 *
 * <p>Event time is the CloudEvents {@code time} of each event. Rows and states are plain JSON values
 * ({@link JsonCodec}'s types). Thread-safe.
 */
public interface StreamingViews extends AutoCloseable {

    /** One event of a source topic as a plan's {@link Plan#select} sees it. */
    record Input(String topic, String key, long time, Object data) {}

    /**
     * A reference table joined into each row: the newest value per key of topic {@code table}, looked
     * up with the key {@code keyOf} gives for the row (null: no match) and added by {@code merge(row,
     * value)} (value null when nothing matched). An {@code inner} lookup drops a row without a match.
     */
    record Lookup(String table, Function<Object, String> keyOf, boolean inner, BiFunction<Object, Object, Object> merge) {
        public Lookup {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(keyOf, "keyOf");
            Objects.requireNonNull(merge, "merge");
        }
    }

    /** Event-time windows aligned to the epoch: tumbling when {@code advance} equals {@code size}. */
    record Windowing(Duration size, Duration advance, Duration grace, Duration retention) {}

    /** How the rows of one group fold into a state, and the columns read from it. */
    interface Fold {
        Object initial();

        /** The state after one more row; {@code state} is not changed. */
        Object add(Object state, Object row, long time);

        /** The columns of the group's row; null hides the row (as if deleted). */
        Map<String, Object> result(Object state);
    }

    /**
     * One view.
     *
     * @param name         the view's name
     * @param from         its source topics (their events are processed in event-time order per partition)
     * @param select       the rows an event gives (none when it does not count, several when exploded)
     * @param lookups      tables joined into each row, in order
     * @param output       a stream view's output row made from the joined row; null for the joined row
     * @param groupOf      an aggregate view's group of a row (null: left out); null for a stream view,
     *                     whose rows are the joined rows themselves, one per event key
     * @param window       the windows of an aggregate view, or null for running totals
     * @param fold         an aggregate view's fold; null for a stream view
     * @param changesTopic where every change of a row is written, as {@link Row#toJson()}: a stream view's
     *                     rows, an aggregate view's new row per group (and window); a row that a fold
     *                     hides is written with {@code "deleted": true}
     */
    record Plan(String name, List<String> from, Function<Input, List<Object>> select, List<Lookup> lookups,
                Function<Object, Object> output, Function<Object, String> groupOf, Windowing window, Fold fold, String changesTopic) {
        public Plan {
            Objects.requireNonNull(name, "name");
            from = List.copyOf(from);
            Objects.requireNonNull(select, "select");
            lookups = List.copyOf(lookups);
            Objects.requireNonNull(changesTopic, "changesTopic");
            if ((groupOf == null) != (fold == null)) {
                throw new IllegalArgumentException("view " + name + ": groupOf and fold go together");
            }
            if (window != null && fold == null) {
                throw new IllegalArgumentException("view " + name + ": a window needs a fold");
            }
        }

        public boolean aggregates() {
            return fold != null;
        }
    }

    /**
     * One row of a view.
     *
     * @param key         the group (aggregate views) or the event key (stream views)
     * @param windowStart the window's start (epoch millis), null without windows
     * @param windowEnd   the window's end (exclusive), null without windows
     * @param columns     the columns (aggregate views) or the joined row (stream views)
     */
    record Row(String key, Long windowStart, Long windowEnd, Object columns) {

        /**
         * The row as JSON: {@code key}, then {@code windowStart} and {@code windowEnd} as ISO-8601 instants
         * when windowed, then the columns (a non-object under {@code value}); null columns give
         * {@code "deleted": true}. Pull queries and changes topics both show rows this way.
         */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("key", key);
            if (windowStart != null) {
                json.put("windowStart", java.time.Instant.ofEpochMilli(windowStart).toString());
                json.put("windowEnd", java.time.Instant.ofEpochMilli(windowEnd).toString());
            }
            if (columns == null) {
                json.put("deleted", true);
            } else if (columns instanceof Map<?, ?> fields) {
                fields.forEach((k, v) -> json.putIfAbsent(String.valueOf(k), v));
            } else {
                json.put("value", columns);
            }
            return json;
        }
    }

    /** Which rows a pull query wants: one key or all (null), windows starting in [from, to) when given. */
    record RowQuery(String key, Long from, Long to, int limit) {}

    /**
     * Where the runtime is.
     *
     * @param state   RUNNING, REBALANCING (catching up or restoring state), CREATED, PENDING_SHUTDOWN,
     *                NOT_RUNNING or ERROR
     * @param detail  why, for ERROR; null otherwise
     * @param lag     per source topic, records not yet processed (null where unknown)
     */
    record Status(String state, String detail, Map<String, Long> lag) {}

    /**
     * The current rows of view {@code name}, ordered by key (and window start).
     *
     * @throws IllegalArgumentException when no running plan has that name
     * @throws dev.sluice.ports.event.BrokerUnavailableException while the state is not queryable yet
     */
    List<Row> rows(String name, RowQuery query);

    /** The state, with the lag per source topic (asks the broker: may take a moment). */
    Status status();

    /** The state alone, as in {@link #status()}, without asking the broker. */
    default String state() {
        return status().state();
    }

    @Override
    void close();
}
