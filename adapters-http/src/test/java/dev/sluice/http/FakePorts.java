package dev.sluice.http;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.BrowseTopics;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.ManageRoutes;
import dev.sluice.ports.in.StaleVersionException;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.ObserveNotifications;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.in.SubscribeToChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * In-memory fakes of the in-ports the HTTP adapter drives: each answers what its test sets and records
 * what it was asked, so a test sees exactly what the controller handed over.
 */
final class FakePorts {

    private FakePorts() {}

    /** Answers with {@link #answer}; by default a receipt of one accepted entry per item. */
    static final class Ingest implements IngestMasterData {
        final List<Command> commands = new CopyOnWriteArrayList<>();
        volatile Function<Command, CompletionStage<Receipt>> answer = Ingest::accepted;

        @Override
        public CompletionStage<Receipt> ingest(Command command) {
            commands.add(command);
            return answer.apply(command);
        }

        static CompletionStage<Receipt> accepted(Command command) {
            List<Accepted> accepted = new ArrayList<>();
            for (int i = 0; i < command.items().size(); i++) {
                Object id = command.items().get(i) instanceof Map<?, ?> item ? item.get("itemId") : null;
                accepted.add(new Accepted(String.valueOf(id), "event-" + i, "0:" + (40 + i)));
            }
            return CompletableFuture.completedFuture(new Receipt("master-data-items", accepted));
        }

        void reset() {
            commands.clear();
            answer = Ingest::accepted;
        }
    }

    /**
     * One channel, {@code c}: a subscription records where it starts, hands over {@link #events} at
     * once, then gets what {@link #emit} hands over until it is closed. Any other name is not found.
     */
    static final class Channels implements SubscribeToChannel {
        final List<StartAt> starts = new CopyOnWriteArrayList<>();
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        volatile RuntimeException refusal;

        @Override
        public List<ChannelInfo> channels() {
            return List.of(new ChannelInfo("c", "topic-c", List.of("filter: $.price > 0")));
        }

        @Override
        public Subscription subscribe(String channel, StartAt start, Listener listener) {
            if (refusal != null) {
                throw refusal;
            }
            if (!channel.equals("c")) {
                throw new NotFoundException("no SSE channel named '" + channel + "'");
            }
            starts.add(start);
            events.forEach(listener::onEvent);
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        /** Hands {@code event} to every open subscription, as a channel's reader does with a new event. */
        void emit(ChannelEvent event) {
            listeners.forEach(l -> l.onEvent(event));
        }

        void reset() {
            starts.clear();
            events.clear();
            listeners.clear();
            refusal = null;
        }
    }

    /** One push route, {@code hook}; the others are not found. */
    static final class Routes implements ObserveRoutes, ManageDeadLetters {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Supplier<List<DeadLetterView>> pending = List::of;
        volatile Supplier<ReplayReport> replayed = () -> new ReplayReport("hook", 0, 0, null);

        @Override
        public List<RouteView> routes() {
            return List.of(new RouteView("hook", "push", "orders", "orders", "sluice.hook", List.of(),
                    "http://erp.example/hook", List.of(new OutputView("to", "to", "http://erp.example/hook", 3, 1)),
                    new Counts(5, 4, 3, 1, 0, 0), 2, new ConsumerState(ConsumerState.RUNNING, null,
                    java.time.Instant.parse("2026-01-02T03:04:05Z")), ManageRoutes.API, 3, java.util.Map.of()));
        }

        @Override
        public List<AttemptView> attempts(String route, int limit) {
            known(route, "attempts", limit);
            return List.of();
        }

        @Override
        public List<DeadLetterView> list(String route, int limit) {
            known(route, "list", limit);
            return pending.get();
        }

        @Override
        public ReplayReport replay(String route, int limit) {
            known(route, "replay", limit);
            return replayed.get();
        }

        private void known(String route, String call, int limit) {
            calls.add(call + " " + route + " " + limit);
            if (!route.equals("hook")) {
                throw new NotFoundException("no push route named '" + route + "'");
            }
        }

        void reset() {
            calls.clear();
            pending = List::of;
            replayed = () -> new ReplayReport("hook", 0, 0, null);
        }
    }

    /**
     * Routes made at run time, in a map: a create needs {@code from} (else a violation at {@code /from}, as the
     * engine says it), {@code configured} is read-only, and each change makes version n tagged {@code n-tag}.
     * Records each call with the If-Match tags it was given.
     */
    static final class ManagedRoutes implements ManageRoutes {
        final Map<String, RouteDefinition> routes = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();

        @Override
        public RouteDefinition get(String name) {
            if (name.equals("configured")) {
                return new RouteDefinition(name, Map.of(), CONFIGURATION, false, 0, null, null);
            }
            RouteDefinition route = routes.get(name);
            if (route == null) {
                throw new NotFoundException("no route named '" + name + "'");
            }
            return route;
        }

        @Override
        public RouteDefinition create(Map<String, Object> body) {
            calls.add("create");
            bodies.add(body);
            String name = String.valueOf(body.get("name"));
            if (name.equals("configured") || routes.containsKey(name)) {
                throw new ConflictException("route '" + name + "' exists");
            }
            if (!body.containsKey("from")) {
                throw new InvalidInputException("route '" + name + "': needs 'from' (a topic or address)",
                        List.of(new Violation("/from", "route '" + name + "': needs 'from' (a topic or address)")));
            }
            return save(name, body, false, 1);
        }

        @Override
        public RouteDefinition replace(String name, Map<String, Object> body, List<String> ifMatch) {
            calls.add("replace " + name + " " + ifMatch);
            bodies.add(body);
            RouteDefinition current = current(name, ifMatch);
            return save(name, body, current.paused(), current.version() + 1);
        }

        @Override
        public void delete(String name, List<String> ifMatch) {
            calls.add("delete " + name + " " + ifMatch);
            current(name, ifMatch);
            routes.remove(name);
        }

        @Override
        public RouteDefinition pause(String name, List<String> ifMatch) {
            calls.add("pause " + name + " " + ifMatch);
            RouteDefinition current = current(name, ifMatch);
            return save(name, current.definition(), true, current.version() + 1);
        }

        @Override
        public RouteDefinition resume(String name, List<String> ifMatch) {
            calls.add("resume " + name + " " + ifMatch);
            RouteDefinition current = current(name, ifMatch);
            return save(name, current.definition(), false, current.version() + 1);
        }

        private RouteDefinition current(String name, List<String> ifMatch) {
            if (name.equals("configured")) {
                throw new ConflictException("route 'configured' is declared in configuration and is read-only here");
            }
            RouteDefinition current = get(name);
            if (!ifMatch.isEmpty() && !ifMatch.contains(current.etag())) {
                throw new StaleVersionException("route '" + name + "' is at version " + current.version(), current.etag());
            }
            return current;
        }

        private RouteDefinition save(String name, Map<String, Object> body, boolean paused, long version) {
            Map<String, Object> definition = new LinkedHashMap<>(body);
            definition.remove("name");
            RouteDefinition saved = new RouteDefinition(name, definition, API, paused, version, version + "-tag", null);
            routes.put(name, saved);
            return saved;
        }

        void reset() {
            routes.clear();
            calls.clear();
            bodies.clear();
        }
    }

    /** Creates with {@link #creating} (by default: the body with id {@code id-1}) and reads {@link #stored}. */
    static final class Commerce implements ManageCommerce {
        final List<Object> bodies = new CopyOnWriteArrayList<>();
        final Map<String, Map<String, Object>> stored = new LinkedHashMap<>();
        volatile Function<Object, Map<String, Object>> creating = Commerce::withId;

        @Override
        public Map<String, Object> create(Entity entity, Object body) {
            bodies.add(body);
            return creating.apply(body);
        }

        @Override
        public Map<String, Object> update(Entity entity, String id, Object body) {
            bodies.add(body);
            if (!stored.containsKey(entity.singular() + "/" + id)) {
                throw new NotFoundException("no " + entity.singular() + " with id '" + id + "'");
            }
            return creating.apply(body);
        }

        @Override
        public Optional<Map<String, Object>> get(Entity entity, String id) {
            return Optional.ofNullable(stored.get(entity.singular() + "/" + id));
        }

        @Override
        public List<Map<String, Object>> list(Entity entity) {
            return stored.entrySet().stream().filter(e -> e.getKey().startsWith(entity.singular() + "/"))
                    .map(Map.Entry::getValue).toList();
        }

        @Override
        public List<Map<String, Object>> enrichedOrders() {
            return List.of();
        }

        @Override
        public Optional<Map<String, Object>> enrichedOrder(String orderId) {
            return Optional.empty();
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> withId(Object body) {
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("id", "id-1");
            created.putAll((Map<String, Object>) body);
            return created;
        }

        void reset() {
            bodies.clear();
            stored.clear();
            creating = Commerce::withId;
        }
    }

    /** Holds {@link #records}; a replay of an unknown id is not found. */
    static final class Notifications implements ObserveNotifications {
        final List<Record> records = new CopyOnWriteArrayList<>();
        final List<Integer> limits = new CopyOnWriteArrayList<>();

        @Override
        public List<Record> list(int limit) {
            limits.add(limit);
            return records.stream().limit(limit).toList();
        }

        @Override
        public Record replay(String id) {
            Record r = records.stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new NotFoundException("no notification '" + id + "'"));
            return new Record(r.id(), r.rule(), r.eventId(), r.eventType(), r.entityId(), r.recipient(), r.subject(),
                    "sent", r.attempts() + 1, null, r.at());
        }

        void reset() {
            records.clear();
            limits.clear();
        }
    }

    /**
     * One topic, {@code orders}, to browse (a subscription hands over nothing and stays open); publishing
     * answers with {@link #answer}, by default the given ids (or {@code generated-<index>}) at positions
     * {@code 0:40} onwards.
     */
    static final class Topics implements BrowseTopics, PublishToTopic {
        final List<Command> commands = new CopyOnWriteArrayList<>();
        volatile Function<Command, CompletionStage<Receipt>> answer = Topics::published;

        @Override
        public List<TopicInfo> topics() {
            return List.of(new TopicInfo("orders", 3));
        }

        @Override
        public SubscribeToChannel.Subscription subscribe(String topic, StartAt start, SubscribeToChannel.Listener listener) {
            return () -> { };
        }

        @Override
        public CompletionStage<Receipt> publish(Command command) {
            commands.add(command);
            return answer.apply(command);
        }

        static CompletionStage<Receipt> published(Command command) {
            List<Published> published = new ArrayList<>();
            for (int i = 0; i < command.events().size(); i++) {
                String id = command.events().get(i).id();
                published.add(new Published(id == null ? "generated-" + i : id, "0:" + (40 + i)));
            }
            return CompletableFuture.completedFuture(new Receipt(command.topic(), published));
        }

        void reset() {
            commands.clear();
            answer = Topics::published;
        }
    }
}
