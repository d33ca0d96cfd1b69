package dev.sluice.ports.in;

import dev.sluice.ports.event.StartAt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Use case (scenario S4): the declared streaming views, their current rows (pull queries) and every change
 * of their rows (push queries).
 */
public interface QueryViews {

    /**
     * A view as listed.
     *
     * @param name         its name
     * @param kind         {@code aggregate}, {@code stream} or {@code coded}
     * @param from         its source topics
     * @param window       its window, e.g. "tumbling 30s, grace 0s", or null
     * @param changesTopic the topic its changes are written to (its {@code to} topic when declared)
     * @param definition   the definition as declared, one line per part
     * @param state        the runtime's state (RUNNING once caught up, REBALANCING while restoring)
     */
    record ViewInfo(String name, String kind, List<String> from, String window, String changesTopic,
                    List<String> definition, String state) {}

    /**
     * A pull query's answer.
     *
     * @param rows    the rows: {@code key}, {@code windowStart}/{@code windowEnd} (ISO-8601) for windowed
     *                views, then the columns
     * @param summary figures over all rows, for views that declare them; null otherwise
     */
    record Rows(String view, List<Map<String, Object>> rows, Map<String, Object> summary) {}

    List<ViewInfo> views();

    /**
     * The current rows of a view.
     *
     * @param key   one group (or event key) only, or null for all
     * @param from  windows that start at or after this, or null
     * @param to    windows that start before this, or null
     * @param limit at most this many rows (the latest windows first are not implied: rows come by key)
     * @throws NotFoundException     when no view has that name
     * @throws InvalidInputException when from/to are given for a view without windows, or from is after to
     */
    Rows rows(String view, String key, Instant from, Instant to, int limit);

    /**
     * Every change of a view's rows from {@code start}, as {@link SubscribeToChannel} delivers a channel's
     * events: each event's data is the changed row, its id the cursor that resumes after it.
     *
     * @throws NotFoundException when no view has that name
     */
    SubscribeToChannel.Subscription subscribe(String view, StartAt start, SubscribeToChannel.Listener listener);
}
