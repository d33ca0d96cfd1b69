package dev.sluice.ports.in;

import java.time.Instant;
import java.util.List;

/** Use case: see the declared routes, how many events passed each hop, and recent delivery attempts. */
public interface ObserveRoutes {

    /** Every route in configuration order, with its counters since start-up. */
    List<RouteView> routes();

    /**
     * The most recent delivery attempts of a push route, newest first.
     *
     * @throws NotFoundException when no push route has that name
     */
    List<AttemptView> attempts(String route, int limit);

    /**
     * One route as the console draws it: source, processors, sink.
     *
     * @param kind        {@code sse} or {@code webhook} (the sink plugin's name)
     * @param destination where a push route delivers (credentials removed); null for SSE
     */
    record RouteView(String name, String kind, String topic, String group, List<String> pipeline, String destination,
                     Counts counts) {
        public RouteView {
            pipeline = List.copyOf(pipeline);
        }
    }

    /**
     * Counters of one route since start-up.
     *
     * @param read           events read from the topic (for SSE: summed over subscribers)
     * @param passed         events that came out of the pipeline (not filtered out)
     * @param delivered      events the sink took (a 2xx, or written to an SSE connection)
     * @param failedAttempts attempts that failed
     * @param deadLettered   events given up on
     * @param subscribers    open SSE connections (0 for push routes)
     */
    record Counts(long read, long passed, long delivered, long failedAttempts, long deadLettered, int subscribers) {}

    /**
     * One delivery attempt.
     *
     * @param attempt        1-based attempt number, 0 for a replay
     * @param status         protocol status, 0 when no answer came
     * @param nextRetryMillis when the next attempt is due (epoch millis), or null when none follows
     */
    record AttemptView(Instant at, String eventId, String key, int attempt, int status, boolean delivered,
                       long latencyMillis, String detail, Long nextRetryMillis) {}
}
