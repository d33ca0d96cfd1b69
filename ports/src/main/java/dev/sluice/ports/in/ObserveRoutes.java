package dev.sluice.ports.in;

import java.time.Instant;
import java.util.List;

/** Use case: see the declared routes, how many events passed each hop, and recent delivery attempts. */
public interface ObserveRoutes {

    /**
     * Every route, those from configuration first in configuration order, then those made at run time
     * ({@link ManageRoutes}) in the order they were made, with their counters since start-up (or since
     * they were made).
     */
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
     * @param kind        {@code sse} or {@code push}
     * @param topic       the log topic it reads, or the address of its external source
     * @param source      where events come from (the topic, or an external source such as
     *                    {@code amqp1 EXTERNAL @ localhost:5672}), credentials removed
     * @param destination where a push route delivers (credentials removed); null for SSE
     * @param outputs     every sink of a push route (more than one for fan-out and fallback), in order
     * @param concurrency how many events a push route delivers at once (1 for SSE)
     * @param state       whether its consumer reads, waits for its broker or source, is paused, or could not
     *                    be built from its stored definition
     * @param declaredIn  {@link ManageRoutes#CONFIGURATION} (read-only) or {@link ManageRoutes#API}
     * @param version     the version of a route made at run time (0 for configuration)
     * @param sourceStatus what an external source says it is doing (a CDC source's snapshot, last change and
     *                    lag); empty for a route that reads Sluice's log
     */
    record RouteView(String name, String kind, String topic, String source, String group, List<String> pipeline,
                     String destination, List<OutputView> outputs, Counts counts, int concurrency,
                     ConsumerState state, String declaredIn, long version, java.util.Map<String, Object> sourceStatus) {
        public RouteView {
            pipeline = List.copyOf(pipeline);
            outputs = List.copyOf(outputs);
            sourceStatus = sourceStatus == null ? java.util.Map.of() : java.util.Map.copyOf(sourceStatus);
        }
    }

    /**
     * Whether a route's consumer is reading.
     *
     * @param status {@value #RUNNING}; {@value #WAITING} while its broker or source cannot be reached
     *               (it reconnects by itself); {@value #PAUSED} while paused on purpose, or by Sluice when its
     *               destination said it is gone (the detail says so; resume it then); {@value #FAILED} when
     *               a definition stored at run time does not make a route here (a plugin is missing)
     * @param detail why it waits or failed, or null
     * @param since  when the current status began
     */
    record ConsumerState(String status, String detail, Instant since) {
        public static final String RUNNING = "running";
        public static final String WAITING = "waiting";
        public static final String PAUSED = "paused";
        public static final String FAILED = "failed";

        public boolean waiting() {
            return WAITING.equals(status);
        }
    }

    /**
     * One sink of a push route with its counters.
     *
     * @param label       the output's name in the route ({@code to} for a single-sink route)
     * @param role        {@code to}, {@code fan-out} (one of several that all get every event) or
     *                    {@code fallback-N} (tried when the outputs before it failed; 0 is the primary)
     * @param destination where it delivers, credentials removed
     */
    record OutputView(String label, String role, String destination, long delivered, long failedAttempts) {}

    /**
     * Counters of one route since start-up.
     *
     * @param read           events read from the topic (for SSE: summed over its readers, the one shared by the
     *                       "latest" subscribers and each replay's or resume's own)
     * @param passed         events that came out of the pipeline (not filtered out)
     * @param delivered      events the sink took (a 2xx, or handed to an SSE connection: once per subscriber)
     * @param failedAttempts attempts that failed
     * @param deadLettered   events given up on
     * @param subscribers    open SSE connections (0 for push routes)
     */
    record Counts(long read, long passed, long delivered, long failedAttempts, long deadLettered, int subscribers) {}

    /**
     * One delivery attempt.
     *
     * @param output         the label of the output that was tried ({@code to} for a single-sink route)
     * @param attempt        1-based attempt number, 0 for a replay
     * @param status         protocol status, 0 when no answer came
     * @param nextRetryMillis when the next attempt is due (epoch millis), or null when none follows
     */
    record AttemptView(Instant at, String eventId, String key, String output, int attempt, int status, boolean delivered,
                       long latencyMillis, String detail, Long nextRetryMillis) {}
}
