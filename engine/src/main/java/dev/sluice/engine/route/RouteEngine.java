package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Output;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.ManageDeadLetters;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Runs the declared routes: one consumer group per push route (started by {@link #start()}), and for
 * a pull route one reader shared by the subscribers that start at "latest" plus one per replay or
 * resume (see {@link ChannelFeed}). Thread-safe after construction.
 */
public final class RouteEngine implements SubscribeToChannel, ManageDeadLetters, ObserveRoutes, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RouteEngine.class.getName());

    private static final int MAX_COUNT = 100_000;

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Map<String, PushDelivery> deliveries = new LinkedHashMap<>();
    private final Map<String, ChannelFeed> feeds = new LinkedHashMap<>();
    private final EventLog log;
    private final DeadLetters deadLetters;
    private final List<dev.sluice.ports.out.Subscription> running = new ArrayList<>();
    private final RouteStats stats;

    public RouteEngine(List<Route> routes, EventLog log, DeadLetters deadLetters, Sleeper sleeper,
                       DoubleSupplier random, Clock clock, PushDelivery.DeliveryListener listener) {
        this.log = Objects.requireNonNull(log);
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.stats = new RouteStats(clock, listener);
        for (Route route : routes) {
            if (this.routes.putIfAbsent(route.name(), route) != null) {
                throw new IllegalArgumentException("route '" + route.name() + "' is declared twice");
            }
            stats.of(route.name()); // its state is "running since start-up" until its consumer says otherwise
            if (route.isPush()) {
                deliveries.put(route.name(), new PushDelivery(route, deadLetters, sleeper, random, stats));
            } else {
                feeds.put(route.name(), new ChannelFeed(route, log, stats.of(route.name())));
            }
        }
    }

    /** Starts the consumer group of every push route. */
    public synchronized void start() {
        for (Map.Entry<String, PushDelivery> entry : deliveries.entrySet()) {
            Route route = routes.get(entry.getKey());
            // the delivery itself, not only its handle(): a log that batches hands it whole polls
            if (route.source() != null) {
                running.add(route.source().consume(entry.getValue()));
            } else {
                running.add(log.consume(route.topic(), route.group(), entry.getValue()));
            }
            LOG.log(System.Logger.Level.INFO, "route {0}: {1} -> {2}{3}{4}", route.name(), route.origin(),
                    route.output().describe(), route.source() == null ? " (group " + route.group() + ")" : "",
                    route.concurrency() > 1 ? ", concurrency " + route.concurrency() : "");
        }
    }

    public List<Route> declared() {
        return List.copyOf(routes.values());
    }

    @Override
    public List<ChannelInfo> channels() {
        return routes.values().stream()
                .filter(Route::isPull)
                .map(r -> new ChannelInfo(r.name(), r.topic(), r.pipeline().description()))
                .toList();
    }

    @Override
    public Subscription subscribe(String channel, StartAt start, Listener listener) {
        ChannelFeed feed = feeds.get(channel);
        if (feed == null) {
            throw new NotFoundException("no SSE channel named '" + channel + "'");
        }
        return feed.subscribe(start, listener)::close;
    }

    @Override
    public List<RouteView> routes() {
        return routes.values().stream()
                .map(r -> new RouteView(r.name(), r.isPull() ? "sse" : "push", r.topic(), r.origin(), r.group(),
                        r.pipeline().description(), r.isPush() ? r.output().describe() : null,
                        r.isPush() ? outputs(r.name(), r.output(), "to") : List.of(),
                        stats.of(r.name()).snapshot(), r.concurrency(), stats.of(r.name()).state))
                .toList();
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
        PushDelivery delivery = deliveries.get(name);
        if (delivery == null) {
            throw new NotFoundException("no push route named '" + name + "'");
        }
        return delivery;
    }

    @Override
    public synchronized void close() {
        // every consumer at once: each close waits for its worker to give back what it held, and one after
        // another they could outlast a stop's budget
        try (java.util.concurrent.ExecutorService closing = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            running.forEach(s -> closing.execute(s::close));
        }
        running.clear();
        feeds.values().forEach(ChannelFeed::close);
        for (Route route : routes.values()) {
            if (route.source() != null) {
                route.source().close();
            }
            if (route.isPush()) {
                route.output().sinks().forEach(PushSink::close);
            }
        }
    }
}
