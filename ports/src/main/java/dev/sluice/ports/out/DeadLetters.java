package dev.sluice.ports.out;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Durable store of events a route gave up on, per route, in the order they failed. Thread-safe.
 */
public interface DeadLetters {

    /**
     * Stores {@code event} for {@code route} with why it failed; returns once stored durably.
     *
     * @throws dev.sluice.ports.event.BrokerUnavailableException when it cannot be stored; the caller must not commit
     */
    Position add(String route, EventEnvelope event, String reason, int attempts);

    /** Dead letters of {@code route} not yet acknowledged, oldest first, at most {@code limit}. */
    List<DeadLetter> pending(String route, int limit);

    /** Marks {@code letter} and every earlier dead letter of {@code route} as handled. */
    void acknowledge(String route, DeadLetter letter);

    /** One dead letter as stored. */
    record DeadLetter(EventEnvelope event, Position position, String reason, int attempts, Instant failedAt) {
        public DeadLetter {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(failedAt, "failedAt");
        }
    }
}
