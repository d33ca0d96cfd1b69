package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Output;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.ManageRoutes;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Sleeper;
import dev.sluice.ports.spi.PushSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Runs the routes: one consumer group per push route (started by {@link #start()}), and for a pull
 * route one reader shared by the subscribers that start at "latest" plus one per replay or resume (see
 * {@link ChannelFeed}). The routes of configuration are given at construction; routes made at run time
 * are added, replaced, paused, resumed and removed while it runs ({@link ManagedRoutes} does so, in the
 * order of its log). Thread-safe: readers see a consistent set of routes without waiting for a change,
 * and changes happen one at a time.
 *
 * <p>Any push route, of configuration too, is paused by the engine itself when its destination says it is
 * gone (a webhook's {@code 410 Gone}, see {@link PushDelivery}): its consumer closes without committing the
 * event, its state is {@code paused} with the reason, and {@link #resumeHalted} lets it go on from that
 * event. That pause is not stored: after a restart the route runs, and pauses again if its destination is
 * still gone.
 */
public final class RouteEngine implements SubscribeToChannel, ManageDeadLetters, ObserveRoutes, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RouteEngine.class.getName());

    private static final int MAX_COUNT = 100_000;

    /** Every route by name, in order; replaced whole on each change, so that readers need no lock. */
    private volatile Map<String, Entry> entries = Map.of();
    private final EventLog log;
    private final DeadLetters deadLetters;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final RouteStats stats;
    private boolean started; // guarded by this
    private boolean closed; // guarded by this

    /**
     * How a route made at run time is managed: its definition, version and tag, whether it is paused, and
     * why its definition does not make a route here (then it does not run).
     */
    record Managed(Map<String, Object> definition, long version, String etag, boolean paused, String failure) {}

    /** One route as it runs (or, for a managed one whose definition failed, as it was stored). */
    private static final class Entry {
        final String name;
        final Route route; // null when the definition failed
        final PushDelivery delivery; // push routes
        final ChannelFeed feed; // pull routes
        final Managed managed; // null for a route of configuration
        dev.sluice.ports.out.Subscription consumer; // the push route's running consumer; guarded by the engine

        Entry(String name, Route route, PushDelivery delivery, ChannelFeed feed, Managed managed) {
            this.name = name;
            this.route = route;
            this.delivery = delivery;
            this.feed = feed;
            this.managed = managed;
        }

        /** Paused on purpose (a route made at run time) or by the engine (its destination is gone). */
        boolean paused() {
            return managed != null && managed.paused() || halted() != null;
        }

        /** Why the engine paused this push route, or null. */
        String halted() {
            return delivery == null ? null : delivery.halted();
        }
    }

    public RouteEngine(List<Route> routes, EventLog log, DeadLetters deadLetters, Sleeper sleeper,
                       DoubleSupplier random, Clock clock, PushDelivery.DeliveryListener listener) {
        this.log = Objects.requireNonNull(log);
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
        this.stats = new RouteStats(clock, listener);
        Map<String, Entry> declared = new LinkedHashMap<>();
        for (Route route : routes) {
            if (declared.putIfAbsent(route.name(), entry(route, null)) != null) {
                throw new IllegalArgumentException("route '" + route.name() + "' is declared twice");
            }
        }
        this.entries = Collections.unmodifiableMap(declared);
    }

    private Entry entry(Route route, Managed managed) {
        stats.of(route.name()); // its state is "running since start-up" until its consumer says otherwise
        String name = route.name();
        return route.isPush()
                ? new Entry(name, route, new PushDelivery(route, deadLetters, sleeper, random, stats,
                        reason -> Thread.ofVirtual().name("sluice-pause-" + name).start(() -> pauseHalted(name))),
                        null, managed)
                : new Entry(route.name(), route, null, new ChannelFeed(route, log, stats.of(route.name())), managed);
    }

    /** Starts the consumer group of every push route that is not paused. */
    public synchronized void start() {
        started = true;
        for (Entry entry : entries.values()) {
            startConsumer(entry);
        }
    }

    /** Opens the consumer of a push route that should run and does not; guarded by this. */
    private void startConsumer(Entry entry) {
        if (!started || closed || entry.delivery == null || entry.paused() || entry.consumer != null) {
            return;
        }
        Route route = entry.route;
        // the delivery itself, not only its handle(): a log that batches hands it whole polls
        entry.consumer = route.source() != null ? route.source().consume(entry.delivery)
                : log.consume(route.topic(), route.group(), entry.delivery);
        LOG.log(System.Logger.Level.INFO, "route {0}: {1} -> {2}{3}{4}", route.name(), route.origin(),
                route.output().describe(), route.source() == null ? " (group " + route.group() + ")" : "",
                route.concurrency() > 1 ? ", concurrency " + route.concurrency() : "");
    }

    /** Closes a push route's consumer, which commits what it handled; guarded by this. */
    private static void stopConsumer(Entry entry) {
        if (entry.consumer != null) {
            entry.consumer.close();
            entry.consumer = null;
        }
    }

    /** Everything an entry holds, released for good; guarded by this. */
    private static void release(Entry entry, String why) {
        stopConsumer(entry);
        if (entry.feed != null) {
            entry.feed.end(why);
        }
        if (entry.route != null) {
            release(entry.route);
        }
    }

    /** Closes the source and sinks a built route opened (one that never ran, or one that stopped). */
    static void release(Route route) {
        if (route.source() != null) {
            route.source().close();
        }
        if (route.isPush()) {
            route.output().sinks().forEach(PushSink::close);
        }
    }

    /**
     * Runs {@code route} under its name, made at run time: added, or in place of the route of that name,
     * which stops first (its consumer commits what it handled, its SSE connections end). With
     * {@code route} null the name is kept with its definition's {@link Managed#failure()} and runs nothing.
     */
    synchronized void put(String name, Route route, Managed managed) {
        if (closed) {
            if (route != null) {
                release(route);
            }
            return;
        }
        Entry previous = entries.get(name);
        if (previous != null && previous.managed == null) {
            throw new IllegalStateException("route '" + name + "' is declared in configuration");
        }
        if (previous != null) {
            release(previous, "was replaced");
        }
        Entry next;
        if (route == null) {
            next = new Entry(name, null, null, null, managed);
            stats.state(name, ConsumerState.FAILED, managed.failure());
        } else {
            next = entry(route, managed);
            stats.state(name, managed.paused() ? ConsumerState.PAUSED : ConsumerState.RUNNING, null);
        }
        replace(name, next);
        startConsumer(next);
    }

    /**
     * Changes how a route made at run time is managed without rebuilding it: a new version that pauses it
     * (its consumer closes, the group keeps its position) or resumes it (a consumer joins the group again
     * and goes on from there).
     */
    synchronized void update(String name, Managed managed) {
        Entry previous = entries.get(name);
        if (previous == null || previous.managed == null || closed) {
            return;
        }
        Entry next = new Entry(name, previous.route, previous.delivery, previous.feed, managed);
        next.consumer = previous.consumer;
        if (managed.paused()) {
            stopConsumer(next);
        }
        if (previous.route != null) {
            stats.state(name, next.paused() ? ConsumerState.PAUSED : ConsumerState.RUNNING, next.halted());
        }
        replace(name, next);
        startConsumer(next);
    }

    /**
     * Pauses a push route whose delivery halted: called on a thread of its own, since closing the consumer
     * waits for the delivering thread that reported it. Nothing happens when the route was resumed, replaced
     * or removed meanwhile.
     */
    private synchronized void pauseHalted(String name) {
        Entry entry = entries.get(name);
        String reason = entry == null ? null : entry.halted();
        if (reason == null || closed) {
            return;
        }
        stopConsumer(entry);
        stats.state(name, ConsumerState.PAUSED, reason);
    }

    /**
     * Resumes a push route that the engine paused because its destination was gone: it delivers again, from
     * the event that was refused, unless it is also paused on purpose.
     *
     * @return false when the route of that name was not paused by the engine
     */
    synchronized boolean resumeHalted(String name) {
        Entry entry = entries.get(name);
        if (entry == null || entry.halted() == null) {
            return false;
        }
        entry.delivery.unhalt();
        stats.state(name, entry.paused() ? ConsumerState.PAUSED : ConsumerState.RUNNING, null);
        startConsumer(entry);
        LOG.log(System.Logger.Level.INFO, "route {0}: resumed after its destination was gone", name);
        return true;
    }

    /** Why the engine paused the route of that name (its destination is gone), or null. */
    String halted(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.halted();
    }

    /** Stops and forgets a route made at run time. */
    synchronized void remove(String name) {
        Entry previous = entries.get(name);
        if (previous == null || previous.managed == null) {
            return;
        }
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.remove(name);
        entries = Collections.unmodifiableMap(next);
        release(previous, "was deleted");
        stats.forget(name);
    }

    private void replace(String name, Entry entry) {
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.put(name, entry); // a replaced route keeps its place
        entries = Collections.unmodifiableMap(next);
    }

    /** How the route of that name is managed; null when it is from configuration or does not exist. */
    Managed managed(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.managed;
    }

    /** The route of that name as built, or null (none, or its definition failed). */
    Route route(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.route;
    }

    /** Every route that runs (those whose stored definition failed left out). */
    public List<Route> declared() {
        return entries.values().stream().map(e -> e.route).filter(Objects::nonNull).toList();
    }

    @Override
    public List<ChannelInfo> channels() {
        return entries.values().stream()
                .filter(e -> e.feed != null)
                .map(e -> new ChannelInfo(e.name, e.route.topic(), e.route.pipeline().description()))
                .toList();
    }

    @Override
    public Subscription subscribe(String channel, StartAt start, Listener listener) {
        Entry entry = entries.get(channel);
        if (entry == null || entry.feed == null) {
            throw new NotFoundException("no SSE channel named '" + channel + "'");
        }
        return entry.feed.subscribe(start, listener)::close;
    }

    @Override
    public List<RouteView> routes() {
        return entries.values().stream().map(this::view).toList();
    }

    private RouteView view(Entry e) {
        String declaredIn = e.managed == null ? ManageRoutes.CONFIGURATION : ManageRoutes.API;
        long version = e.managed == null ? 0 : e.managed.version();
        RouteStats.Counters counters = stats.of(e.name);
        Route r = e.route;
        if (r == null) {
            return failedView(e, counters, declaredIn, version);
        }
        return new RouteView(r.name(), r.isPull() ? "sse" : "push", r.topic(), r.origin(), r.group(),
                r.pipeline().description(), r.isPush() ? r.output().describe() : null,
                r.isPush() ? outputs(r.name(), r.output(), "to") : List.of(),
                counters.snapshot(), r.concurrency(), counters.state, declaredIn, version, sourceStatus(r));
    }

    /** What the route's external source says it is doing; a source that fails to say is left out. */
    private static Map<String, Object> sourceStatus(Route r) {
        if (r.source() == null) {
            return Map.of();
        }
        try {
            return r.source().status();
        } catch (RuntimeException e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    /** A stored definition that does not build here, shown as it was given. */
    private static RouteView failedView(Entry e, RouteStats.Counters counters, String declaredIn, long version) {
        Map<String, Object> d = e.managed.definition();
        boolean push = d.containsKey("fan-out") || d.containsKey("fallback") || d.containsKey("source")
                || d.get("to") != null && !"sse".equals(String.valueOf(d.get("to")));
        List<String> pipeline = new ArrayList<>();
        if (d.get("pipeline") instanceof List<?> steps) {
            for (Object step : steps) {
                pipeline.add(step instanceof Map<?, ?> m && m.size() == 1
                        ? m.keySet().iterator().next() + ": " + m.values().iterator().next() : String.valueOf(step));
            }
        }
        String from = d.get("from") == null ? null : String.valueOf(d.get("from"));
        return new RouteView(e.name, push ? "push" : "sse", from, from,
                d.get("group") == null ? null : String.valueOf(d.get("group")), pipeline, null, List.of(),
                counters.snapshot(), 1, counters.state, declaredIn, version, Map.of());
    }

    private List<OutputView> outputs(String route, Output output, String role) {
        return switch (output) {
            case Output.To to -> {
                RouteStats.OutputCounters c = stats.of(route, to.label());
                yield List.of(new OutputView(to.label(), role, to.describe(), c.delivered.sum(),
                        c.failedAttempts.sum()));
            }
            case Output.FanOut f -> f.outputs().stream().flatMap(o -> outputs(route, o, "fan-out").stream()).toList();
            case Output.Fallback f -> {
                List<OutputView> out = new ArrayList<>();
                for (int i = 0; i < f.outputs().size(); i++) {
                    out.addAll(outputs(route, f.outputs().get(i), "fallback-" + i));
                }
                yield out;
            }
        };
    }

    @Override
    public List<AttemptView> attempts(String route, int limit) {
        pushRoute(route);
        return stats.attempts(route, limit);
    }

    @Override
    public List<DeadLetterView> list(String route, int limit) {
        pushRoute(route);
        return deadLetters.pending(route, limit).stream()
                .map(d -> new DeadLetterView(d.position().value(), d.event().id(), d.event().key(),
                        d.event().type(), d.reason(), d.attempts(), d.failedAt(),
                        new String(d.event().payload(), StandardCharsets.UTF_8)))
                .toList();
    }

    @Override
    public ReplayReport replay(String route, int limit) {
        PushDelivery delivery = pushRoute(route);
        List<DeadLetters.DeadLetter> pending = deadLetters.pending(route, limit);
        int replayed = 0;
        String stopped = null;
        for (DeadLetters.DeadLetter letter : pending) {
            String failure;
            try {
                failure = delivery.replayOnce(letter.event());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            if (failure != null) {
                stopped = "event " + letter.event().id() + " failed again: " + failure;
                break;
            }
            deadLetters.acknowledge(route, letter);
            replayed++;
        }
        int remaining = deadLetters.pending(route, MAX_COUNT).size();
        return new ReplayReport(route, replayed, remaining, stopped);
    }

    private PushDelivery pushRoute(String name) {
        Entry entry = entries.get(name);
        if (entry == null || entry.delivery == null) {
            throw new NotFoundException("no push route named '" + name + "'");
        }
        return entry.delivery;
    }

    @Override
    public synchronized void close() {
        closed = true;
        // every consumer at once: each close waits for its worker to give back what it held, and one after
        // another they could outlast a stop's budget
        try (java.util.concurrent.ExecutorService closing = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Entry entry : entries.values()) {
                dev.sluice.ports.out.Subscription consumer = entry.consumer;
                entry.consumer = null;
                if (consumer != null) {
                    closing.execute(consumer::close);
                }
            }
        }
        for (Entry entry : entries.values()) {
            if (entry.feed != null) {
                entry.feed.close();
            }
            if (entry.route != null) {
                release(entry.route);
            }
        }
    }
}
