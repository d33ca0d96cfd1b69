package dev.sluice.ports.spi;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;

/**
 * Where a route reads from when it is not Sluice's own log: a RabbitMQ queue, an AMQP 1.0 address.
 * Delivery is at-least-once: a message is acknowledged to its broker only after the handler returned
 * normally; when the handler throws, the message stays with the broker (released or requeued) and
 * comes again after a pause. Must be thread-safe.
 */
public interface Source extends AutoCloseable {

    /**
     * Starts reading; messages reach {@code handler} one at a time through {@link EventLog.GroupHandler#handle},
     * in the order the broker gives them (sources do not batch).
     */
    Subscription consume(EventLog.GroupHandler handler);

    /** A human-readable origin without credentials, such as {@code amqp1 EXTERNAL @ localhost:5672}. */
    String describe();

    /**
     * What the source is doing, for people watching it (the routes API, the console): names and plain
     * values (text, numbers, booleans, times as ISO-8601 text), never a credential. Empty by default; a
     * change data capture source says whether its snapshot runs or is done, its last change and its lag.
     */
    default java.util.Map<String, Object> status() {
        return java.util.Map.of();
    }

    @Override
    default void close() {}
}
