package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.ManageRoutes;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.StaleVersionException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Subscription;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routes made at run time, kept as events on a topic of Sluice's own log ({@code sluice.routes} by
 * default, one partition, newest record per key kept for ever): {@value #SAVED} holds a route's whole
 * definition, version and paused flag, {@value #DELETED} ends it, both keyed by the route's name.
 *
 * <p>Every instance reads that topic from its beginning, from start-up on, and applies each event to its
 * {@link RouteEngine} in log order: that is the only way a change takes effect, here as on every other
 * instance, and after a restart. A change asked of this instance is checked (name, version, the same
 * validation as a route of configuration), appended, and answered once this instance's reader applied it,
 * so the answer and a following read agree. Changes asked of one instance are made one at a time; two
 * instances that change one route at the same moment both succeed and the later in the log wins (its tag
 * is the current one everywhere, so the other editor's next change is refused as stale).
 *
 * <p>Whether this instance has read the topic up to now is known by a marker: it appends an event of
 * its own ({@value #SYNCED}) and has caught up when its reader reaches it. Changes wait for that. A
 * stored definition that does not build here (a plugin this instance lacks) does not stop anything: the
 * route is listed as failed, with the reason.
 */
public final class ManagedRoutes implements ManageRoutes, AutoCloseable {

    static final String SAVED = "route_saved";
    static final String DELETED = "route_deleted";
    static final String SYNCED = "routes_synced";
    static final String SOURCE = "/sluice/routes";
    /** The key of the markers: no route can have it (a route name starts with a letter or digit). */
    static final String MARKER_KEY = "#sync";

    private static final System.Logger LOG = System.getLogger(ManagedRoutes.class.getName());
    private static final Duration TAIL_RETRY = Duration.ofSeconds(1);

    private final RouteEngine engine;
    private final RouteBuilder builder;
    private final EventLog log;
    private final JsonCodec json;
    private final String topic;
    private final Clock clock;
    private final Duration timeout;

    /** Applied events awaited by the change that appended them, by event id. */
    private final Map<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    /** Routes a change built while checking it, taken by the reader when it applies that change. */
    private final Map<String, Route> prebuilt = new ConcurrentHashMap<>();
    /** Ids of the markers this instance appended. */
    private final Set<String> markers = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Object writes = new Object();

    private final Object tailLock = new Object();
    private Subscription tail; // guarded by tailLock
    private boolean closed; // guarded by tailLock
    private volatile String lastCursor;

    /**
     * @param topic   the topic that keeps the routes
     * @param timeout how long a change waits for the log to take it and for this instance to apply it
     */
    public ManagedRoutes(RouteEngine engine, RouteBuilder builder, EventLog log, JsonCodec json, String topic,
                         Clock clock, Duration timeout) {
        this.engine = Objects.requireNonNull(engine);
        this.builder = Objects.requireNonNull(builder);
        this.log = Objects.requireNonNull(log);
        this.json = Objects.requireNonNull(json);
        this.topic = Objects.requireNonNull(topic);
        this.clock = Objects.requireNonNull(clock);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public String topic() {
        return topic;
    }

    /**
     * Starts reading the topic from its beginning and waits, up to the timeout, until every route stored
     * so far is applied. When the log does not answer, start-up goes on: the reader keeps trying, and
     * changes wait for it.
     */
    public void start() {
        openTail();
        try {
            awaitCaughtUp();
            LOG.log(Level.INFO, "routes made at run time: read from {0}", topic);
        } catch (BrokerUnavailableException e) {
            LOG.log(Level.WARNING, "routes made at run time: {0} not read yet ({1}); going on without them until it is",
                    topic, e.getMessage());
        }
    }

    /** Whether every route stored before start-up has been applied. */
    public boolean caughtUp() {
        return caughtUp.isDone();
    }

    @Override
    public RouteDefinition get(String name) {
        RouteEngine.Managed managed = engine.managed(name);
        if (managed != null) {
            return view(name, managed);
        }
        if (engine.routes().stream().anyMatch(r -> r.name().equals(name))) {
            // the definition of a configured route stays in the configuration: its options may hold resolved secrets
            return new RouteDefinition(name, Map.of(), CONFIGURATION, engine.halted(name) != null, 0, null, null);
        }
        throw new NotFoundException("no route named '" + name + "'");
    }

    @Override
    public RouteDefinition create(Map<String, Object> body) {
        Object given = body.get("name");
        if (!(given instanceof String name) || name.isBlank()) {
            throw invalid(new RouteDefinitionException("/name", "a route needs 'name', such as \"name\": \"erp-orders\"",
                    null));
        }
        Map<String, Object> definition = withoutName(body);
        synchronized (writes) {
            awaitCaughtUp();
            if (engine.managed(name) != null) {
                throw new ConflictException("route '" + name + "' exists; change it with PUT /api/routes/" + name
                        + " and the ETag it was read with");
            }
            readOnly(name);
            Route route = build(name, definition);
            write(SAVED, name, saved(name, definition, false, 1), route);
            return get(name);
        }
    }

    @Override
    public RouteDefinition replace(String name, Map<String, Object> body, List<String> ifMatch) {
        Object given = body.get("name");
        if (given != null && !name.equals(given)) {
            throw invalid(new RouteDefinitionException("/name", "'name' must be the route's own, '" + name
                    + "' (to rename, create the route under the new name and delete this one)", null));
        }
        Map<String, Object> definition = withoutName(body);
        synchronized (writes) {
            awaitCaughtUp();
            RouteEngine.Managed current = current(name, ifMatch);
            Route route = build(name, definition);
            write(SAVED, name, saved(name, definition, current.paused(), current.version() + 1), route);
            return get(name);
        }
    }

    @Override
    public void delete(String name, List<String> ifMatch) {
        synchronized (writes) {
            awaitCaughtUp();
            RouteEngine.Managed current = current(name, ifMatch);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("name", name);
            payload.put("version", current.version() + 1);
            write(DELETED, name, payload, null);
        }
    }

    @Override
    public RouteDefinition pause(String name, List<String> ifMatch) {
        return setPaused(name, ifMatch, true);
    }

    @Override
    public RouteDefinition resume(String name, List<String> ifMatch) {
        return setPaused(name, ifMatch, false);
    }

    /**
     * Pauses or resumes a route made at run time, storing it. A resume also resumes a route the engine paused
     * because its destination was gone ({@link RouteEngine#resumeHalted}), which is the one way a route of
     * configuration is resumed here: that pause was not stored, so neither is its end.
     */
    private RouteDefinition setPaused(String name, List<String> ifMatch, boolean paused) {
        synchronized (writes) {
            if (!paused && engine.managed(name) == null && engine.resumeHalted(name)) {
                return get(name);
            }
            awaitCaughtUp();
            RouteEngine.Managed current = current(name, ifMatch);
            Route route = engine.route(name);
            if (route != null && route.isPull()) {
                throw new ConflictException("route '" + name + "' is an SSE route: it reads only while clients are"
                        + " connected, so there is nothing to " + (paused ? "pause" : "resume"));
            }
            if (!paused) {
                engine.resumeHalted(name);
            }
            if (current.paused() != paused) {
                write(SAVED, name, saved(name, current.definition(), paused, current.version() + 1), null);
            }
            return get(name);
        }
    }

    /** The route made at run time of that name, checked against the tags the caller holds. */
    private RouteEngine.Managed current(String name, List<String> ifMatch) {
        RouteEngine.Managed current = engine.managed(name);
        if (current == null) {
            readOnly(name);
            throw new NotFoundException("no route named '" + name + "'");
        }
        if (ifMatch != null && !ifMatch.isEmpty() && !ifMatch.contains(current.etag())) {
            throw new StaleVersionException("route '" + name + "' is at version " + current.version() + " (ETag \""
                    + current.etag() + "\"), which is not the one given; read it again before changing it",
                    current.etag());
        }
        return current;
    }

    private void readOnly(String name) {
        if (engine.routes().stream().anyMatch(r -> r.name().equals(name) && CONFIGURATION.equals(r.declaredIn()))) {
            throw new ConflictException("route '" + name + "' is declared in configuration and is read-only here;"
                    + " change it in the configuration");
        }
    }

    private Route build(String name, Map<String, Object> definition) {
        try {
            return builder.build(name, definition);
        } catch (RouteDefinitionException e) {
            throw invalid(e);
        }
    }

    private static InvalidInputException invalid(RouteDefinitionException e) {
        String pointer = e.pointer().isEmpty() ? "/" : e.pointer(); // the whole body, as the other endpoints say it
        return new InvalidInputException(e.getMessage(), List.of(new Violation(pointer, e.getMessage())));
    }

    private static Map<String, Object> withoutName(Map<String, Object> body) {
        Map<String, Object> definition = new LinkedHashMap<>(body);
        definition.remove("name");
        return definition;
    }

    private static Map<String, Object> saved(String name, Map<String, Object> definition, boolean paused, long version) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", name);
        payload.put("version", version);
        payload.put("paused", paused);
        payload.put("definition", definition);
        return payload;
    }

    private RouteDefinition view(String name, RouteEngine.Managed m) {
        return new RouteDefinition(name, m.definition(), API, m.paused() || engine.halted(name) != null, m.version(),
                m.etag(), m.failure());
    }

    /**
     * Appends one change and waits until this instance applied it.
     *
     * @param route the route the change was checked with, for the reader to run instead of building it again
     */
    private void write(String type, String name, Map<String, Object> payload, Route route) {
        EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), SOURCE, type, name, clock.instant(),
                "application/json", name, Map.of(), json.encode(payload));
        CompletableFuture<Void> applied = new CompletableFuture<>();
        waiters.put(event.id(), applied);
        if (route != null) {
            prebuilt.put(event.id(), route);
        }
        try {
            log.append(topic, List.of(event)).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            waiters.remove(event.id());
            Route unused = prebuilt.remove(event.id());
            if (unused != null) {
                RouteEngine.release(unused);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e.getCause() instanceof BrokerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new BrokerUnavailableException("the change of route '" + name + "' was not stored: the log did not"
                    + " acknowledge it within " + timeout, Duration.ofSeconds(5), e);
        }
        try {
            applied.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerUnavailableException("the change of route '" + name + "' is stored but this instance has"
                    + " not read it back within " + timeout + "; it takes effect once read", Duration.ofSeconds(5), e);
        } finally {
            waiters.remove(event.id());
        }
    }

    /** Waits until this instance read the topic up to now; appends a marker to know when that is. */
    private void awaitCaughtUp() {
        if (caughtUp.isDone()) {
            return;
        }
        String marker = UUID.randomUUID().toString();
        markers.add(marker);
        try {
            log.append(topic, List.of(new EventEnvelope(marker, SOURCE, SYNCED, null, clock.instant(),
                    "application/json", MARKER_KEY, Map.of(), json.encode(Map.of("marker", marker)))))
                    .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerUnavailableException("the routes made at run time (topic " + topic + ") are not read yet",
                    Duration.ofSeconds(5), e);
        }
    }

    /** Opens the reader of the topic, from its beginning or after what was read; retries while the log is away. */
    private void openTail() {
        synchronized (tailLock) {
            if (closed || tail != null) {
                return;
            }
            try {
                log.keepLatestPerKey(topic);
                String after = lastCursor;
                tail = log.tail(topic, after == null ? StartAt.earliest() : StartAt.after(after), new Reader());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "routes made at run time: cannot read {0} ({1}); trying again", topic,
                        e.toString());
                retryTail();
            }
        }
    }

    private void retryTail() {
        Thread.ofVirtual().name("sluice-routes-retry").start(() -> {
            try {
                Thread.sleep(TAIL_RETRY);
            } catch (InterruptedException e) {
                return;
            }
            openTail();
        });
    }

    /** Applies the topic's events in order, on the tail's thread. */
    private final class Reader implements EventLog.TailListener {
        @Override
        public void onEvent(LoggedEvent logged) {
            EventEnvelope event = logged.event();
            try {
                apply(event);
            } catch (RuntimeException e) {
                // one bad record must not stop the routes behind it
                LOG.log(Level.WARNING, "routes made at run time: skipped event {0} ({1}): {2}", event.id(),
                        event.type(), e.toString());
            } finally {
                lastCursor = logged.cursor();
                CompletableFuture<Void> waiter = waiters.get(event.id());
                if (waiter != null) {
                    waiter.complete(null);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (tailLock) {
                tail = null;
                if (closed) {
                    return;
                }
            }
            LOG.log(Level.WARNING, "routes made at run time: reading {0} stopped ({1}); reading on after a pause",
                    topic, error.toString());
            retryTail();
        }
    }

    private void apply(EventEnvelope event) {
        switch (event.type()) {
            case SYNCED -> {
                if (markers.contains(event.id())) {
                    caughtUp.complete(null);
                }
            }
            case SAVED -> applySaved(event);
            case DELETED -> engine.remove(event.key());
            default -> LOG.log(Level.WARNING, "routes made at run time: unknown event type {0} on {1}", event.type(),
                    topic);
        }
    }

    @SuppressWarnings("unchecked")
    private void applySaved(EventEnvelope event) {
        String name = event.key();
        Map<String, Object> payload = (Map<String, Object>) json.decode(event.payload());
        Map<String, Object> definition = (Map<String, Object>) payload.get("definition");
        long version = ((Number) payload.get("version")).longValue();
        boolean paused = Boolean.TRUE.equals(payload.get("paused"));
        String etag = version + "-" + event.id().substring(0, Math.min(8, event.id().length()));
        Route route = prebuilt.remove(event.id());
        RouteEngine.Managed current = engine.managed(name);
        if (current != null && current.failure() == null && current.definition().equals(definition)) {
            // the same definition: a pause or a resume, the route keeps running as it is
            if (route != null) {
                RouteEngine.release(route);
            }
            engine.update(name, new RouteEngine.Managed(definition, version, etag, paused, null));
            return;
        }
        if (route == null) {
            try {
                route = builder.build(name, definition);
            } catch (RouteDefinitionException e) {
                LOG.log(Level.WARNING, "route {0} (made at run time) does not run here: {1}", name, e.getMessage());
                engine.put(name, null, new RouteEngine.Managed(definition, version, etag, paused, e.getMessage()));
                return;
            }
        }
        try {
            engine.put(name, route, new RouteEngine.Managed(definition, version, etag, paused, null));
        } catch (IllegalStateException e) {
            RouteEngine.release(route);
            LOG.log(Level.WARNING, "route {0} stored at run time is ignored: {1}", name, e.getMessage());
        }
    }

    /** Stops reading; the routes themselves stop with the engine. */
    @Override
    public void close() {
        Subscription reader;
        synchronized (tailLock) {
            closed = true;
            reader = tail;
            tail = null;
        }
        if (reader != null) {
            reader.close();
        }
        prebuilt.values().forEach(RouteEngine::release);
        prebuilt.clear();
    }
}
