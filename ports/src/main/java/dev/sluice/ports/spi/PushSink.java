package dev.sluice.ports.spi;

import dev.sluice.ports.event.EventEnvelope;
import java.time.Duration;

/**
 * A destination Sluice pushes each event to, such as an HTTP webhook. One call is one attempt; retries,
 * backoff and dead-lettering belong to the route. Must be thread-safe.
 */
public non-sealed interface PushSink extends Sink, AutoCloseable {

    /**
     * Attempts one delivery. Returns an outcome for every answer or transport failure; throws only
     * when the calling thread is interrupted.
     */
    Outcome deliver(EventEnvelope event) throws InterruptedException;

    /** A human-readable destination, without credentials (used in logs and the console). */
    String describe();

    @Override
    default void close() {}

    /**
     * What one attempt gave.
     *
     * @param delivered  the destination accepted the event (2xx)
     * @param retryable  a later attempt may succeed (5xx, 408, 429, connection failures)
     * @param status     protocol status, or 0 when no answer came
     * @param retryAfter how long the destination asked us to wait, or null
     * @param detail     short reason, safe to log (no secrets)
     * @param latency    how long the attempt took
     * @param gone       the destination said it takes no more events at all (an HTTP {@code 410 Gone}): the
     *                   route pauses until it is resumed, and the event stays unacknowledged, so it comes
     *                   again after the resume instead of being dead-lettered
     */
    record Outcome(boolean delivered, boolean retryable, int status, Duration retryAfter, String detail,
                   Duration latency, boolean gone) {

        /** An outcome of a destination that is still there. */
        public Outcome(boolean delivered, boolean retryable, int status, Duration retryAfter, String detail,
                       Duration latency) {
            this(delivered, retryable, status, retryAfter, detail, latency, false);
        }

        public static Outcome success(int status, Duration latency) {
            return new Outcome(true, false, status, null, "HTTP " + status, latency);
        }

        /** The destination is gone for good (see {@link #gone()}); {@code detail} says how it said so. */
        public static Outcome gone(int status, String detail, Duration latency) {
            return new Outcome(false, false, status, null, detail, latency, true);
        }
    }
}
