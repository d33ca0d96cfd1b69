package dev.sluice.engine.route;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.spi.PushSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters per route and the last {@value #JOURNAL} delivery attempts of each push route, kept in
 * memory for the console. Thread-safe: records from the delivery threads, several at once for a route
 * with concurrency.
 */
final class RouteStats implements PushDelivery.DeliveryListener {

    static final int JOURNAL = 200;

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Map<String, LinkedList<ObserveRoutes.AttemptView>> journals = new ConcurrentHashMap<>();
    private final Clock clock;
    private final PushDelivery.DeliveryListener next;

    RouteStats(Clock clock, PushDelivery.DeliveryListener next) {
        this.clock = clock;
        this.next = next == null ? PushDelivery.DeliveryListener.NONE : next;
    }

    static final class Counters {
        final LongAdder read = new LongAdder();
        final LongAdder passed = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder failedAttempts = new LongAdder();
        final LongAdder deadLettered = new LongAdder();
        final AtomicInteger subscribers = new AtomicInteger();
        volatile ObserveRoutes.ConsumerState state;

        ObserveRoutes.Counts snapshot() {
            return new ObserveRoutes.Counts(read.sum(), passed.sum(), delivered.sum(), failedAttempts.sum(),
                    deadLettered.sum(), subscribers.get());
        }
    }

    Counters of(String route) {
        return counters.computeIfAbsent(route, r -> {
            Counters c = new Counters();
            c.state = new ObserveRoutes.ConsumerState(ObserveRoutes.ConsumerState.RUNNING, null, clock.instant());
            return c;
        });
    }

    @Override
    public void waiting(String route, String reason) {
        // a new reason while already waiting keeps the time the wait began
        ObserveRoutes.ConsumerState now = of(route).state;
        Instant since = now != null && now.waiting() ? now.since() : clock.instant();
        of(route).state = new ObserveRoutes.ConsumerState(ObserveRoutes.ConsumerState.WAITING, reason, since);
        next.waiting(route, reason);
    }

    @Override
    public void resumed(String route) {
        of(route).state = new ObserveRoutes.ConsumerState(ObserveRoutes.ConsumerState.RUNNING, null, clock.instant());
        next.resumed(route);
    }

    /** Sets a route's state: paused, failed, or running again after a pause. */
    void state(String route, String status, String detail) {
        of(route).state = new ObserveRoutes.ConsumerState(status, detail, clock.instant());
    }

    /** Drops everything known of a deleted route, so that a new route of the same name starts from zero. */
    void forget(String route) {
        counters.remove(route);
        outputs.remove(route);
        journals.remove(route);
    }

    /** Counters of one output of a push route: events it took and attempts that failed. */
    static final class OutputCounters {
        final LongAdder delivered = new LongAdder();
        final LongAdder failedAttempts = new LongAdder();
    }

    private final Map<String, Map<String, OutputCounters>> outputs = new ConcurrentHashMap<>();

    OutputCounters of(String route, String output) {
        return outputs.computeIfAbsent(route, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(output, o -> new OutputCounters());
    }

    @Override
    public void received(String route, EventEnvelope event, boolean passed) {
        Counters c = of(route);
        c.read.increment();
        if (passed) {
            c.passed.increment();
        }
        next.received(route, event, passed);
    }

    @Override
    public void attempted(String route, String output, EventEnvelope event, int attempt, PushSink.Outcome outcome) {
        if (!outcome.delivered()) {
            of(route).failedAttempts.increment();
        }
        OutputCounters oc = of(route, output);
        (outcome.delivered() ? oc.delivered : oc.failedAttempts).increment();
        Deque<ObserveRoutes.AttemptView> journal = journals.computeIfAbsent(route, r -> new LinkedList<>());
        synchronized (journal) {
            journal.addFirst(new ObserveRoutes.AttemptView(clock.instant(), event.id(), event.key(), output, attempt,
                    outcome.status(), outcome.delivered(),
                    outcome.latency() == null ? 0 : outcome.latency().toMillis(), outcome.detail(), null));
            if (journal.size() > JOURNAL) {
                journal.removeLast();
            }
        }
        next.attempted(route, output, event, attempt, outcome);
    }

    @Override
    public void delivered(String route, EventEnvelope event) {
        of(route).delivered.increment();
        next.delivered(route, event);
    }

    @Override
    public void fellBack(String route, EventEnvelope event, String taker, String why) {
        next.fellBack(route, event, taker, why);
    }

    @Override
    public void retryScheduled(String route, String output, EventEnvelope event, int attempt, Duration delay) {
        LinkedList<ObserveRoutes.AttemptView> journal = journals.get(route);
        if (journal != null) {
            synchronized (journal) {
                // usually the newest entry; with concurrency other lanes may have recorded attempts since
                ListIterator<ObserveRoutes.AttemptView> it = journal.listIterator();
                while (it.hasNext()) {
                    ObserveRoutes.AttemptView entry = it.next();
                    if (entry.eventId().equals(event.id()) && entry.attempt() == attempt
                            && entry.output().equals(output)) {
                        it.set(new ObserveRoutes.AttemptView(entry.at(), entry.eventId(), entry.key(), output,
                                entry.attempt(),
                                entry.status(), entry.delivered(), entry.latencyMillis(), entry.detail(),
                                clock.millis() + delay.toMillis()));
                        break;
                    }
                }
            }
        }
        next.retryScheduled(route, output, event, attempt, delay);
    }

    @Override
    public void deadLettered(String route, EventEnvelope event, String reason) {
        of(route).deadLettered.increment();
        next.deadLettered(route, event, reason);
    }

    List<ObserveRoutes.AttemptView> attempts(String route, int limit) {
        Deque<ObserveRoutes.AttemptView> journal = journals.get(route);
        if (journal == null) {
            return List.of();
        }
        List<ObserveRoutes.AttemptView> out = new ArrayList<>();
        synchronized (journal) {
            Iterator<ObserveRoutes.AttemptView> it = journal.iterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
        }
        return out;
    }
}
