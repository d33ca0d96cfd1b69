package dev.sluice.engine.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.Route;
import dev.sluice.engine.route.PushDeliveryTest.InMemoryDeadLetters;
import dev.sluice.engine.route.PushDeliveryTest.ScriptedSink;
import dev.sluice.engine.route.SharedTailTest.Recorder;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.ManageRoutes;
import dev.sluice.ports.in.ManageRoutes.RouteDefinition;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.StaleVersionException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.PullSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routes made at run time, with in-memory fakes: a log that keeps every topic and reads it on threads of its
 * own (as a broker's tails do), consumer groups that record who consumes and when they are closed, and a route
 * builder that knows the sinks {@code sse} and {@code hook}.
 */
class ManagedRoutesTest {

    static final String TOPIC = "sluice.routes";

    /** A log in memory: appends are kept per topic, tails read them on a thread each, groups are recorded. */
    static final class MemoryLog implements EventLog {
        final Map<String, List<EventEnvelope>> topics = new ConcurrentHashMap<>();
        final List<Group> groups = new CopyOnWriteArrayList<>();
        final List<String> keptForEver = new CopyOnWriteArrayList<>();
        volatile boolean down;

        record Group(String topic, String group, GroupHandler handler, AtomicBoolean closed) {}

        @Override
        public synchronized java.util.concurrent.CompletionStage<List<Position>> append(String topic,
                                                                                   List<EventEnvelope> events) {
            if (down) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new dev.sluice.ports.event.BrokerUnavailableException("down", Duration.ofSeconds(1), null));
            }
            List<EventEnvelope> records = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
            List<Position> positions = new ArrayList<>();
            for (EventEnvelope e : events) {
                positions.add(new Position("0:" + records.size()));
                records.add(e);
            }
            notifyAll();
            return java.util.concurrent.CompletableFuture.completedFuture(positions);
        }

        @Override
        public void keepLatestPerKey(String topic) {
            keptForEver.add(topic);
        }

        @Override
        public Subscription tail(String topic, StartAt start, TailListener listener) {
            List<EventEnvelope> records = topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
            AtomicBoolean closed = new AtomicBoolean();
            int from = switch (start) {
                case StartAt.Earliest e -> 0;
                case StartAt.Latest l -> records.size();
                case StartAt.After a -> Integer.parseInt(a.cursor()) + 1;
            };
            Thread.ofVirtual().start(() -> {
                for (int next = from; !closed.get(); ) {
                    EventEnvelope e;
                    synchronized (this) {
                        while (records.size() <= next && !closed.get()) {
                            try {
                                wait(20);
                            } catch (InterruptedException ex) {
                                return;
                            }
                        }
                        if (closed.get()) {
                            return;
                        }
                        e = records.get(next);
                    }
                    listener.onEvent(new LoggedEvent(e, new Position("0:" + next), String.valueOf(next)));
                    next++;
                }
            });
            return () -> closed.set(true);
        }

        @Override
        public Subscription consume(String topic, String group, GroupHandler handler) {
            Group g = new Group(topic, group, handler, new AtomicBoolean());
            groups.add(g);
            return () -> g.closed().set(true);
        }

        List<Group> open() {
            return groups.stream().filter(g -> !g.closed().get()).toList();
        }

        int stored(String topic) {
            return topics.getOrDefault(topic, List.of()).size();
        }
    }

    /** JSON in name only: each tree is kept aside and the bytes name it, so trees come back as they went. */
    static final class KeptTrees implements JsonCodec {
        private final Map<String, Object> trees = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public byte[] encode(Object tree) {
            String id = "tree-" + ids.incrementAndGet();
            trees.put(id, tree);
            return id.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] json) {
            return trees.get(new String(json, StandardCharsets.UTF_8));
        }
    }

    /** Builds routes with the sinks {@code sse} and {@code hook} (each hook a sink of its own, recorded). */
    static final class Builder implements RouteBuilder {
        final List<ScriptedSink> hooks = new CopyOnWriteArrayList<>();
        volatile boolean hookPluginGone;

        @Override
        public Route build(String name, Map<String, Object> d) {
            Object from = d.get("from");
            if (from == null) {
                throw new RouteDefinitionException("/from", "route '" + name + "': needs 'from' (a topic or address)", null);
            }
            String to = String.valueOf(d.getOrDefault("to", "sse"));
            if (to.equals("sse")) {
                return new Route(name, from.toString(), null, Pipeline.EMPTY, new PullSink("sse"), null);
            }
            if (!to.equals("hook") || hookPluginGone) {
                throw new RouteDefinitionException("/to", "Unknown sink '" + to + "' in route '" + name
                        + "'; valid sinks: " + (hookPluginGone ? "sse" : "hook, sse"), null);
            }
            ScriptedSink sink = new ScriptedSink();
            hooks.add(sink);
            return new Route(name, from.toString(), String.valueOf(d.get("group")), Pipeline.EMPTY, sink, null);
        }
    }

    private final MemoryLog log = new MemoryLog();
    private final KeptTrees json = new KeptTrees();
    private final Builder builder = new Builder();
    private final List<AutoCloseable> running = new ArrayList<>();

    /** One instance: a route engine with one configured SSE route, {@code configured}, and its managed routes. */
    private record Instance(RouteEngine engine, ManagedRoutes managed) {}

    private Instance start() {
        Route configured = new Route("configured", "t", null, Pipeline.EMPTY, new PullSink("sse"), null);
        RouteEngine engine = new RouteEngine(List.of(configured), log, new InMemoryDeadLetters(), d -> { },
                () -> 0.0, Clock.systemUTC(), null);
        ManagedRoutes managed = new ManagedRoutes(engine, builder, log, json, TOPIC, Clock.systemUTC(),
                Duration.ofSeconds(5));
        managed.start();
        engine.start();
        running.add(engine);
        running.add(managed);
        return new Instance(engine, managed);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    static Map<String, Object> hook(String name, String group) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        body.put("from", "orders");
        body.put("group", group);
        body.put("to", "hook");
        return body;
    }

    private static ObserveRoutes.RouteView view(Instance instance, String name) {
        return instance.engine().routes().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void aCreatedPushRouteConsumesAtOnceAndIsListedAsMadeAtRunTime() {
        Instance sluice = start();

        RouteDefinition created = sluice.managed().create(hook("erp", "g1"));

        assertEquals(1, created.version());
        assertEquals(ManageRoutes.API, created.declaredIn());
        assertFalse(created.readOnly());
        assertEquals(Map.of("from", "orders", "group", "g1", "to", "hook"), created.definition());
        assertEquals(1, log.open().size(), "its consumer runs when create answers");
        assertEquals("orders", log.open().get(0).topic());
        assertEquals("g1", log.open().get(0).group());
        ObserveRoutes.RouteView listed = view(sluice, "erp");
        assertEquals("push", listed.kind());
        assertEquals(ManageRoutes.API, listed.declaredIn());
        assertEquals(ObserveRoutes.ConsumerState.RUNNING, listed.state().status());
        assertEquals(ManageRoutes.CONFIGURATION, view(sluice, "configured").declaredIn());
        assertEquals(List.of(TOPIC), log.keptForEver.stream().distinct().toList(), "the topic keeps every route");
    }

    @Test
    void pauseClosesTheConsumerAndResumeJoinsTheSameGroupAgainEachAVersion() {
        Instance sluice = start();
        String etag = sluice.managed().create(hook("erp", "g1")).etag();

        RouteDefinition paused = sluice.managed().pause("erp", List.of(etag));
        assertTrue(paused.paused());
        assertEquals(2, paused.version());
        assertTrue(log.open().isEmpty(), "a paused route consumes nothing");
        assertEquals(ObserveRoutes.ConsumerState.PAUSED, view(sluice, "erp").state().status());
        int stored = log.stored(TOPIC);
        assertEquals(paused, sluice.managed().pause("erp", List.of()), "pausing again changes nothing");
        assertEquals(stored, log.stored(TOPIC));

        RouteDefinition resumed = sluice.managed().resume("erp", List.of(paused.etag()));
        assertFalse(resumed.paused());
        assertEquals(3, resumed.version());
        assertEquals(1, log.open().size());
        assertEquals("g1", log.open().get(0).group(), "the same group, so it goes on from its committed position");
        assertEquals(2, log.groups.size());
        assertEquals(1, builder.hooks.size(), "pause and resume keep the route as built");
    }

    @Test
    void aChangeAgainstAnOldTagIsRefusedAndOneAgainstTheCurrentReplacesTheRoute() {
        Instance sluice = start();
        RouteDefinition v1 = sluice.managed().create(hook("erp", "g1"));
        RouteDefinition v2 = sluice.managed().replace("erp", hook(null, "g2"), List.of(v1.etag()));
        int stored = log.stored(TOPIC);

        StaleVersionException stale = assertThrows(StaleVersionException.class,
                () -> sluice.managed().replace("erp", hook("erp", "g3"), List.of(v1.etag())));

        assertEquals(v2.etag(), stale.currentTag());
        assertEquals(stored, log.stored(TOPIC), "nothing was written");
        assertEquals(2, v2.version());
        assertTrue(log.groups.get(0).closed().get(), "the old consumer stopped");
        assertEquals(List.of("g2"), log.open().stream().map(MemoryLog.Group::group).toList());
        assertThrows(InvalidInputException.class,
                () -> sluice.managed().replace("erp", hook("other", "g3"), List.of(v2.etag())),
                "the body may not rename the route");
    }

    @Test
    void aDeletedRouteStopsAndIsGone() {
        Instance sluice = start();
        RouteDefinition v1 = sluice.managed().create(hook("erp", "g1"));

        sluice.managed().delete("erp", List.of(v1.etag()));

        assertTrue(log.open().isEmpty());
        assertNull(view(sluice, "erp"));
        assertThrows(NotFoundException.class, () -> sluice.managed().get("erp"));
        assertThrows(NotFoundException.class, () -> sluice.managed().delete("erp", List.of()));
        assertEquals(1, sluice.managed().create(hook("erp", "g1")).version(), "the name is free again");
    }

    @Test
    void aDeletedSseRouteEndsItsConnections() {
        Instance sluice = start();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", "live", "from", "orders", "to", "sse"));
        RouteDefinition created = sluice.managed().create(body);
        Recorder latest = new Recorder();
        Recorder replay = new Recorder();
        sluice.engine().subscribe("live", StartAt.latest(), latest);
        sluice.engine().subscribe("live", StartAt.earliest(), replay);
        assertThrows(ConflictException.class, () -> sluice.managed().pause("live", List.of()),
                "an SSE route reads only while clients are connected");

        sluice.managed().delete("live", List.of(created.etag()));

        assertEquals(1, latest.errors.size());
        assertEquals(1, replay.errors.size());
        assertTrue(latest.errors.get(0).getMessage().contains("'live' was deleted"), latest.errors.toString());
        assertThrows(NotFoundException.class, () -> sluice.engine().subscribe("live", StartAt.latest(), new Recorder()));
        assertTrue(sluice.engine().channels().stream().noneMatch(c -> c.name().equals("live")));
    }

    @Test
    void routesOfConfigurationAreReadOnly() {
        Instance sluice = start();
        Map<String, Object> clash = new LinkedHashMap<>(Map.of("name", "configured", "from", "t"));

        assertThrows(ConflictException.class, () -> sluice.managed().create(clash));
        assertThrows(ConflictException.class, () -> sluice.managed().replace("configured", clash, List.of()));
        assertThrows(ConflictException.class, () -> sluice.managed().pause("configured", List.of()));
        assertThrows(ConflictException.class, () -> sluice.managed().delete("configured", List.of()));
        RouteDefinition shown = sluice.managed().get("configured");
        assertTrue(shown.readOnly());
        assertNull(shown.etag());
        assertEquals(0, log.stored(TOPIC) - markers(), "nothing was written");
    }

    @Test
    void aRouteOfConfigurationWhoseDestinationIsGoneIsPausedByTheEngineAndResumedHere() throws Exception {
        ScriptedSink gone = new ScriptedSink();
        gone.script.add(dev.sluice.ports.spi.PushSink.Outcome.gone(410, "the receiver answered 410 Gone",
                Duration.ZERO));
        Route configured = new Route("erp", "orders", "erp", Pipeline.EMPTY, gone, null);
        RouteEngine engine = new RouteEngine(List.of(configured), log, new InMemoryDeadLetters(), d -> { },
                () -> 0.0, Clock.systemUTC(), null);
        ManagedRoutes managed = new ManagedRoutes(engine, builder, log, json, TOPIC, Clock.systemUTC(),
                Duration.ofSeconds(5));
        managed.start();
        engine.start();
        running.add(engine);
        running.add(managed);
        MemoryLog.Group group = log.open().get(0);
        LoggedEvent order = new LoggedEvent(new EventEnvelope("o-1", "/t", "t", null, java.time.Instant.EPOCH,
                "application/json", "k", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)), new Position("0:0"), "0:0");

        assertThrows(PushDelivery.Halted.class, () -> group.handler().handle(order),
                "the consumer must not commit the event");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!group.closed().get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(group.closed().get(), "the engine closed the route's consumer");
        ObserveRoutes.ConsumerState state = engine.routes().get(0).state();
        assertEquals(ObserveRoutes.ConsumerState.PAUSED, state.status());
        assertEquals("the receiver answered 410 Gone", state.detail());
        assertTrue(managed.get("erp").paused());
        assertThrows(ConflictException.class, () -> managed.pause("erp", List.of()),
                "a route of configuration is still not paused over the API");

        RouteDefinition resumed = managed.resume("erp", List.of());
        assertFalse(resumed.paused());
        assertEquals(ManageRoutes.CONFIGURATION, resumed.declaredIn());
        assertEquals(ObserveRoutes.ConsumerState.RUNNING, engine.routes().get(0).state().status());
        assertEquals(1, log.open().size(), "a consumer joins the same group again");
        assertEquals("erp", log.open().get(0).group());
        log.open().get(0).handler().handle(order);
        assertEquals(2, gone.received.size(), "the refused event is delivered after the resume");
        assertEquals(0, log.stored(TOPIC) - markers(), "the pause of a route of configuration is not stored");
        assertThrows(ConflictException.class, () -> managed.resume("erp", List.of()),
                "once running, a route of configuration is read-only again");
    }

    @Test
    void aMistakeIsRefusedWithItsPointerAndNothingIsStored() {
        Instance sluice = start();
        Map<String, Object> noFrom = new LinkedHashMap<>(Map.of("name", "erp", "to", "hook"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> sluice.managed().create(noFrom));

        assertEquals("/from", e.violations().get(0).pointer());
        assertEquals("route 'erp': needs 'from' (a topic or address)", e.violations().get(0).message());
        InvalidInputException noName = assertThrows(InvalidInputException.class,
                () -> sluice.managed().create(hook(null, "g")));
        assertEquals("/name", noName.violations().get(0).pointer());
        assertEquals(0, log.stored(TOPIC) - markers());
        assertTrue(log.open().isEmpty());
    }

    @Test
    void aNewInstanceOnTheSameLogHasEveryRouteAsLeftPausedOnesStayPaused() throws Exception {
        Instance first = start();
        first.managed().create(hook("erp", "g1"));
        RouteDefinition quiet = first.managed().create(hook("quiet", "g2"));
        first.managed().pause("quiet", List.of(quiet.etag()));
        RouteDefinition gone = first.managed().create(hook("gone", "g3"));
        first.managed().delete("gone", List.of(gone.etag()));
        first.managed().close();
        first.engine().close();
        log.groups.clear();

        Instance second = start();

        assertEquals(List.of("configured", "erp", "quiet"), second.engine().routes().stream()
                .map(ObserveRoutes.RouteView::name).toList());
        RouteDefinition restored = second.managed().get("quiet");
        assertTrue(restored.paused());
        assertEquals(2, restored.version());
        assertEquals(List.of("g1"), log.open().stream().map(MemoryLog.Group::group).toList(),
                "only the route that is not paused consumes");
    }

    @Test
    void everyInstanceAppliesWhatAnotherOneChanged() throws Exception {
        Instance a = start();
        Instance b = start();

        RouteDefinition created = a.managed().create(hook("erp", "g1"));

        RouteDefinition seen = awaitRoute(b, "erp");
        assertEquals(created.etag(), seen.etag());
        StaleVersionException stale = assertThrows(StaleVersionException.class,
                () -> b.managed().pause("erp", List.of("1-00000000")));
        assertEquals(created.etag(), stale.currentTag());
    }

    @Test
    void aStoredDefinitionThatNoLongerBuildsIsListedAsFailedWithoutStoppingTheOthers() throws Exception {
        Instance first = start();
        first.managed().create(hook("erp", "g1"));
        first.managed().create(new LinkedHashMap<>(Map.of("name", "live", "from", "orders", "to", "sse")));
        first.managed().close();
        first.engine().close();
        builder.hookPluginGone = true;

        Instance second = start();

        ObserveRoutes.RouteView failed = view(second, "erp");
        assertEquals(ObserveRoutes.ConsumerState.FAILED, failed.state().status());
        assertTrue(failed.state().detail().contains("Unknown sink 'hook'"), failed.state().detail());
        assertEquals("orders", failed.topic());
        assertEquals("Unknown sink 'hook' in route 'erp'; valid sinks: sse", second.managed().get("erp").failure());
        assertEquals(ObserveRoutes.ConsumerState.RUNNING, view(second, "live").state().status());
        assertTrue(second.engine().channels().stream().anyMatch(c -> c.name().equals("live")));
    }

    @Test
    void changesWaitForALogThatIsDownAndSayItIsUnavailable() {
        Instance sluice = start();
        log.down = true;

        assertThrows(dev.sluice.ports.event.BrokerUnavailableException.class,
                () -> sluice.managed().create(hook("erp", "g1")));

        assertThrows(NotFoundException.class, () -> sluice.managed().get("erp"));
        assertTrue(log.open().isEmpty(), "the route built to check it was not started");
    }

    private int markers() {
        return (int) log.topics.getOrDefault(TOPIC, List.of()).stream()
                .filter(e -> e.type().equals(ManagedRoutes.SYNCED)).count();
    }

    private static RouteDefinition awaitRoute(Instance instance, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return instance.managed().get(name);
            } catch (NotFoundException notYet) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("route " + name + " never arrived");
    }
}
