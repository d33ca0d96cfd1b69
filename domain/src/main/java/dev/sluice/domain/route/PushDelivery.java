package dev.sluice.domain.route;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.Sleeper;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PushSink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Delivers one event of a push route: pipeline, then attempts with backoff, then the dead-letter
 * store. Returns normally once the event is delivered, filtered out or dead-lettered, so the caller
 * may commit; throws when it could not even be dead-lettered, so the caller must not commit.
 * Dead letters keep the original event; a replay runs the pipeline again.
 */
public final class PushDelivery {

    private static final System.Logger LOG = System.getLogger(PushDelivery.class.getName());

    private final Route route;
    private final DeadLetters deadLetters;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final DeliveryListener listener;

    public PushDelivery(Route route, DeadLetters deadLetters, Sleeper sleeper, DoubleSupplier random,
                        DeliveryListener listener) {
        if (!route.isPush()) {
            throw new IllegalArgumentException("route '" + route.name() + "' is not a push route");
        }
        this.route = route;
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
        this.listener = listener == null ? DeliveryListener.NONE : listener;
    }

    /** The consumer-group handler: at-least-once delivery of {@code logged}. */
    public void handle(LoggedEvent logged) throws InterruptedException {
        EventEnvelope original = logged.event();
        EventEnvelope shaped;
        try {
            shaped = route.pipeline().apply(original);
        } catch (Processor.ProcessingException e) {
            deadLetter(original, "pipeline failed: " + e.getMessage(), 0);
            return;
        }
        listener.received(route.name(), original, shaped != null);
        if (shaped == null) {
            return;
        }
        PushSink sink = route.pushSink();
        for (int attempt = 1; ; attempt++) {
            PushSink.Outcome outcome = sink.deliver(shaped);
            listener.attempted(route.name(), original, attempt, outcome);
            if (outcome.delivered()) {
                return;
            }
            if (!outcome.retryable()) {
                deadLetter(original, "rejected: " + outcome.detail(), attempt);
                return;
            }
            if (!route.retry().allowsAnother(attempt)) {
                deadLetter(original, "gave up after " + attempt + " attempts: " + outcome.detail(), attempt);
                return;
            }
            Duration delay = route.retry().delayAfter(attempt, outcome.retryAfter(), random);
            listener.retryScheduled(route.name(), original, attempt, delay);
            sleeper.sleep(delay);
        }
    }

    /**
     * One attempt for a dead letter being replayed: pipeline, then a single delivery.
     *
     * @return null when delivered (or now filtered out), else why it failed
     */
    public String replayOnce(EventEnvelope original) throws InterruptedException {
        EventEnvelope shaped;
        try {
            shaped = route.pipeline().apply(original);
        } catch (Processor.ProcessingException e) {
            return "pipeline failed: " + e.getMessage();
        }
        if (shaped == null) {
            return null;
        }
        PushSink.Outcome outcome = route.pushSink().deliver(shaped);
        listener.attempted(route.name(), original, 0, outcome);
        return outcome.delivered() ? null : outcome.detail();
    }

    private void deadLetter(EventEnvelope event, String reason, int attempts) {
        deadLetters.add(route.name(), event, reason, attempts);
        listener.deadLettered(route.name(), event, reason);
        LOG.log(Level.WARNING, "route {0}: event {1} (key {2}) dead-lettered: {3}",
                route.name(), event.id(), event.key(), reason);
    }

    /** Observes deliveries (the console's delivery log, metrics). Called on the route's thread. */
    public interface DeliveryListener {
        DeliveryListener NONE = new DeliveryListener() {};

        /** @param attempt 1-based attempt number, 0 for a replay */
        default void attempted(String route, EventEnvelope event, int attempt, PushSink.Outcome outcome) {}

        default void deadLettered(String route, EventEnvelope event, String reason) {}

        /** An event was read; {@code passed} is false when the pipeline filtered it out. */
        default void received(String route, EventEnvelope event, boolean passed) {}

        /** Attempt {@code attempt} failed and the next one follows after {@code delay}. */
        default void retryScheduled(String route, EventEnvelope event, int attempt, Duration delay) {}
    }
}
