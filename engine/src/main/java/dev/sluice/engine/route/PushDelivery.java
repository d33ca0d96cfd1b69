package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Output;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Sleeper;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PushSink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Delivers one event of a push route: pipeline, then the route's {@link Output} (each sink with its own
 * attempts and backoff, fan-outs to all, fallbacks in order), then the dead-letter store when the
 * output as a whole failed. Returns normally once the event is delivered, filtered out or
 * dead-lettered, so the caller may commit or acknowledge; throws when it could not even be
 * dead-lettered, so the caller must not. Dead letters keep the original event; a replay runs the
 * pipeline again and tries the output once. With a route's {@link Route#concurrency()} above 1, a
 * batch is delivered by that many workers at once, one key's events in order (see {@link #handleBatch}),
 * or, for a consumer that slides a window, each event as it is read ({@link #start});
 * everything it calls (sinks, dead letters, the listener) is then called from several threads.
 *
 * <p>A sink whose destination says it is gone ({@link PushSink.Outcome#gone()}, a webhook's 410) halts the
 * delivery: the event is not dead-lettered but left unacknowledged ({@link Halted} is thrown to the
 * consumer), the route's pause action is told once, and every event handed on until {@link #unhalt()} is
 * refused the same way without being sent, so the consumer that is being closed gets nothing committed.
 */
public final class PushDelivery implements EventLog.GroupHandler {

    private static final System.Logger LOG = System.getLogger(PushDelivery.class.getName());

    private final Route route;
    private final DeadLetters deadLetters;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final DeliveryListener listener;
    private final Consumer<String> pause;
    /** Why the delivery halted (its destination is gone), or null while it delivers. */
    private final AtomicReference<String> halted = new AtomicReference<>();
    /** The workers of {@link #start} (concurrency above 1, a consumer with a window). */
    private final KeyedWindow keyed;
    private static final int WINDOW = 1000;

    public PushDelivery(Route route, DeadLetters deadLetters, Sleeper sleeper, DoubleSupplier random,
                        DeliveryListener listener) {
        this(route, deadLetters, sleeper, random, listener, reason -> { });
    }

    /**
     * @param pause told, once per halt and on the delivering thread, why the route must pause; must not
     *              block (closing the route's consumer waits for this thread)
     */
    public PushDelivery(Route route, DeadLetters deadLetters, Sleeper sleeper, DoubleSupplier random,
                        DeliveryListener listener, Consumer<String> pause) {
        if (!route.isPush()) {
            throw new IllegalArgumentException("route '" + route.name() + "' is not a push route");
        }
        this.route = route;
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
        this.listener = listener == null ? DeliveryListener.NONE : listener;
        this.pause = Objects.requireNonNull(pause);
        this.keyed = new KeyedWindow(route.concurrency(), this);
    }

    /** Why the delivery halted, or null while it delivers. */
    public String halted() {
        return halted.get();
    }

    /** Delivers again after a halt (the route was resumed). */
    public void unhalt() {
        halted.set(null);
    }

    /**
     * Thrown to the consumer for an event left unacknowledged because the route's destination is gone: the
     * consumer commits nothing of it, and the route pauses. Carries no stack trace: it is an answer, not a bug.
     */
    public static final class Halted extends RuntimeException {
        Halted(String route, String reason) {
            super("route '" + route + "' pauses: " + reason, null, false, false);
        }
    }

    /** The consumer-group (or source) handler: at-least-once delivery of {@code logged}. */
    @Override
    public void handle(LoggedEvent logged) throws InterruptedException {
        String halt = halted.get();
        if (halt != null) {
            throw new Halted(route.name(), halt);
        }
        EventEnvelope original = logged.event();
        EventEnvelope shaped;
        if (original.isTombstone()) {
            // no payload to shape or to send: it goes on to a log as it is (where it drops its key), nowhere else
            shaped = route.output() instanceof Output.To to && to.sink() instanceof LogSink ? original : null;
        } else {
            try {
                shaped = route.pipeline().apply(original);
            } catch (RuntimeException e) {
                // a processor that cannot handle this event (or has a bug) fails the same way every time:
                // retrying would stop the route behind it forever
                deadLetter(original, "pipeline failed: " + describe(e), 0);
                return;
            }
        }
        listener.received(route.name(), original, shaped != null);
        if (shaped == null) {
            return;
        }
        Failure failure = send(route.output(), shaped, original, false, true);
        if (failure != null) {
            deadLetter(original, failure.reason(), failure.attempts());
        } else {
            listener.delivered(route.name(), original);
        }
    }

    /**
     * Delivers a batch: one event after another with concurrency 1; else a lane per key (in order) and
     * {@code concurrency} workers on virtual threads, each taking the next lane when it finished one (see
     * {@link Lanes}). Returns when every event is delivered, filtered out or dead-lettered; throws the
     * first failure when a lane could not even dead-letter, after the other lanes ended.
     */
    @Override
    public void handleBatch(List<LoggedEvent> events) throws InterruptedException {
        if (route.concurrency() <= 1 || events.size() <= 1) {
            for (LoggedEvent logged : events) {
                handle(logged);
            }
            return;
        }
        Lanes.run(Lanes.byKey(events), route.concurrency(), this);
    }

    /** One at a time with concurrency 1 (exact redelivery); else a whole poll, to spread over the lanes. */
    @Override
    public int maxBatch() {
        return route.concurrency() == 1 ? 1 : Integer.MAX_VALUE;
    }

    /**
     * With concurrency above 1, a consumer that can slide a window (Kafka) hands events over as it reads
     * them and no poll waits for its slowest key; it holds up to this many events it has not committed
     * (as many as a batching consumer's poll held), which bounds what a crash delivers again.
     */
    @Override
    public int window() {
        return route.concurrency() == 1 ? 0 : WINDOW;
    }

    @Override
    public void start(LoggedEvent event, java.util.function.Consumer<Throwable> finished) {
        if (window() == 0) {
            throw new UnsupportedOperationException("route '" + route.name() + "' delivers one event at a time");
        }
        keyed.start(event, finished);
    }

    @Override
    public void stopStarted() {
        try {
            keyed.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void waiting(String reason) {
        LOG.log(Level.WARNING, "route {0}: waiting for its broker or source: {1}", route.name(), reason);
        listener.waiting(route.name(), reason);
    }

    @Override
    public void resumed() {
        LOG.log(Level.INFO, "route {0}: reading again", route.name());
        listener.resumed(route.name());
    }

    /**
     * One pass for a dead letter being replayed: pipeline, then the output with a single attempt per sink.
     *
     * @return null when delivered (or now filtered out), else why it failed
     */
    public String replayOnce(EventEnvelope original) throws InterruptedException {
        EventEnvelope shaped;
        try {
            shaped = route.pipeline().apply(original);
        } catch (RuntimeException e) {
            return "pipeline failed: " + describe(e);
        }
        if (shaped == null) {
            return null;
        }
        Failure failure;
        try {
            failure = send(route.output(), shaped, original, true, true);
        } catch (Halted e) {
            return e.getMessage();
        }
        if (failure == null) {
            listener.delivered(route.name(), original);
            return null;
        }
        return failure.reason();
    }

    /** Why an output did not take an event, and how many attempts it made. */
    private record Failure(String reason, int attempts) {}

    /**
     * Sends through {@code output}; null when it took the event.
     *
     * @param replay  one attempt per sink, no backoff (a manual replay)
     * @param topMost the route's own output: its failure reasons carry no output label
     */
    private Failure send(Output output, EventEnvelope shaped, EventEnvelope original, boolean replay, boolean topMost)
            throws InterruptedException {
        return switch (output) {
            case Output.To to -> attempt(to, shaped, original, replay, topMost);
            case Output.FanOut fanOut -> {
                // every output is tried even when an earlier one failed, so healthy destinations are not held back
                List<String> failed = new ArrayList<>();
                int attempts = 0;
                for (Output each : fanOut.outputs()) {
                    Failure f = send(each, shaped, original, replay, false);
                    if (f != null) {
                        failed.add(f.reason());
                        attempts = Math.max(attempts, f.attempts());
                    }
                }
                yield failed.isEmpty() ? null : new Failure("fan-out: " + String.join("; ", failed), attempts);
            }
            case Output.Fallback fallback -> {
                List<String> failed = new ArrayList<>();
                int attempts = 0;
                for (Output each : fallback.outputs()) {
                    Failure f = send(each, shaped, original, replay, false);
                    if (f == null) {
                        if (!failed.isEmpty()) {
                            listener.fellBack(route.name(), original, each.describe(), String.join("; ", failed));
                        }
                        yield null;
                    }
                    failed.add(f.reason());
                    attempts += f.attempts();
                }
                yield new Failure("every fallback failed: " + String.join("; ", failed), attempts);
            }
        };
    }

    private Failure attempt(Output.To to, EventEnvelope shaped, EventEnvelope original, boolean replay, boolean topMost)
            throws InterruptedException {
        String prefix = topMost ? "" : to.label() + ": ";
        RetryPolicy retry = replay ? null : to.retry();
        for (int attempt = 1; ; attempt++) {
            PushSink.Outcome outcome = deliver(to.sink(), shaped);
            listener.attempted(route.name(), to.label(), original, replay ? 0 : attempt, outcome);
            if (outcome.delivered()) {
                return null;
            }
            if (outcome.gone()) {
                throw halt(prefix + outcome.detail());
            }
            if (!outcome.retryable()) {
                return new Failure(prefix + "rejected: " + outcome.detail(), attempt);
            }
            if (retry == null || !retry.allowsAnother(attempt)) {
                return new Failure(prefix + (attempt == 1 ? "failed: " : "gave up after " + attempt + " attempts: ")
                        + outcome.detail(), attempt);
            }
            Duration delay = retry.delayAfter(attempt, outcome.retryAfter(), random);
            listener.retryScheduled(route.name(), to.label(), original, attempt, delay);
            sleeper.sleep(delay);
        }
    }

    /** Halts the delivery (the first halt tells the route to pause) and answers what to throw. */
    private Halted halt(String reason) {
        if (halted.compareAndSet(null, reason)) {
            LOG.log(Level.WARNING, "route {0}: pauses, its destination is gone: {1}; it goes on from this event"
                    + " when resumed (POST /api/routes/{0}/resume)", route.name(), reason);
            pause.accept(reason);
        }
        return new Halted(route.name(), reason);
    }

    /**
     * One attempt at {@code sink}. A sink that throws broke its contract (it must answer an outcome); the
     * same event would make it throw again, so the attempt counts as final and the event moves on to a
     * fallback or the dead letters instead of blocking the route.
     */
    private static PushSink.Outcome deliver(PushSink sink, EventEnvelope event) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return sink.deliver(event);
        } catch (RuntimeException e) {
            return new PushSink.Outcome(false, false, 0, null, "could not send: " + describe(e),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A failure as one line, with its type when the message alone would not say much. */
    private static String describe(RuntimeException e) {
        if (e instanceof Processor.ProcessingException && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private void deadLetter(EventEnvelope event, String reason, int attempts) {
        deadLetters.add(route.name(), event, reason, attempts);
        listener.deadLettered(route.name(), event, reason);
        LOG.log(Level.WARNING, "route {0}: event {1} (key {2}) dead-lettered: {3}",
                route.name(), event.id(), event.key(), reason);
    }

    /**
     * Observes deliveries (the console's delivery log, metrics). Called on the route's delivery threads,
     * from several at once when the route's concurrency is above 1: must be thread-safe.
     */
    public interface DeliveryListener {
        DeliveryListener NONE = new DeliveryListener() {};

        /**
         * @param output  the label of the output that was tried ({@code to} for a single-sink route)
         * @param attempt 1-based attempt number, 0 for a replay
         */
        default void attempted(String route, String output, EventEnvelope event, int attempt,
                               PushSink.Outcome outcome) {}

        default void deadLettered(String route, EventEnvelope event, String reason) {}

        /** The route's output as a whole took the event (every fan-out branch, or one of a fallback). */
        default void delivered(String route, EventEnvelope event) {}

        /** An event was read; {@code passed} is false when the pipeline filtered it out. */
        default void received(String route, EventEnvelope event, boolean passed) {}

        /** Attempt {@code attempt} at {@code output} failed and the next one follows after {@code delay}. */
        default void retryScheduled(String route, String output, EventEnvelope event, int attempt, Duration delay) {}

        /** The primary of a fallback failed and {@code taker} took the event instead. */
        default void fellBack(String route, EventEnvelope event, String taker, String why) {}

        /** The route's consumer lost its broker or source and keeps trying (once per outage). */
        default void waiting(String route, String reason) {}

        /** The route's consumer reads again. */
        default void resumed(String route) {}
    }
}
