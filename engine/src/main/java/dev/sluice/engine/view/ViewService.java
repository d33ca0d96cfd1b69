package dev.sluice.engine.view;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import dev.sluice.domain.view.ViewDefinition;
import dev.sluice.domain.view.Window;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.QueryViews;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.out.StreamingViews;
import dev.sluice.ports.out.StreamingViews.Plan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The declared views (scenario S4): plans them ({@link ViewPlans}), starts them all in one runtime, and
 * answers pull queries from the runtime's state and push queries from each view's changes topic.
 */
public final class ViewService implements QueryViews, AutoCloseable {

    /** A coded view as declared: its name, the code, and the prefix of the topics it reads. */
    public record Coded(String name, CodedView view, String topicPrefix) {}

    /** How the rows of one view are listed and summed up. */
    private record Entry(String name, String kind, List<String> from, Window window, String changesTopic,
                         List<String> definition, List<Aggregate> summary) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final StreamingViews runtime;
    private final EventLog log;

    /**
     * @param changesTopicPrefix the changes topic of a view without {@code to} is this prefix and its name
     * @param retention          how long windows stay queryable (in event time)
     * @param start              starts the runtime with all plans
     */
    public ViewService(List<ViewDefinition> views, List<Coded> coded, String changesTopicPrefix, Duration retention,
                       Function<List<Plan>, StreamingViews> start, EventLog log) {
        this.log = log;
        List<Plan> plans = new ArrayList<>();
        for (ViewDefinition view : views) {
            String changes = view.to() != null ? view.to() : changesTopicPrefix + view.name();
            add(new Entry(view.name(), view.isAggregate() ? "aggregate" : "stream", List.of(view.from()), view.window(),
                    changes, view.description(), List.of()));
            plans.add(ViewPlans.of(view, changes, retention));
        }
        for (Coded c : coded) {
            String changes = changesTopicPrefix + c.name();
            Plan plan = ViewPlans.of(c.name(), c.view(), c.topicPrefix(), changes);
            add(new Entry(c.name(), "coded", plan.from(), null, changes, c.view().description(), c.view().summary()));
            plans.add(plan);
        }
        this.runtime = plans.isEmpty() ? null : start.apply(plans);
    }

    private void add(Entry entry) {
        if (entries.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalArgumentException("two views are named '" + entry.name() + "'");
        }
    }

    @Override
    public List<ViewInfo> views() {
        String state = runtime == null ? "NOT_RUNNING" : runtime.state();
        List<ViewInfo> infos = new ArrayList<>();
        for (Entry e : entries.values()) {
            infos.add(new ViewInfo(e.name(), e.kind(), e.from(), describe(e.window()), e.changesTopic(), e.definition(),
                    state));
        }
        return infos;
    }

    /** The runtime's state, for health and the console. */
    public StreamingViews.Status status() {
        return runtime == null ? new StreamingViews.Status("NOT_RUNNING", null, Map.of()) : runtime.status();
    }

    @Override
    public Rows rows(String view, String key, Instant from, Instant to, int limit) {
        Entry entry = entry(view);
        List<Violation> violations = new ArrayList<>();
        if (entry.window() == null && (from != null || to != null)) {
            violations.add(new Violation(from != null ? "/from" : "/to", "view " + view + " has no windows"));
        }
        if (from != null && to != null && from.isAfter(to)) {
            violations.add(new Violation("/from", "must not be after 'to'"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("invalid view query", violations);
        }
        Long fromMillis = from == null ? null : from.toEpochMilli();
        Long toMillis = to == null ? null : to.toEpochMilli();
        List<StreamingViews.Row> all = runtime.rows(view, new StreamingViews.RowQuery(key, fromMillis, toMillis,
                entry.summary().isEmpty() ? limit : Integer.MAX_VALUE));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StreamingViews.Row row : all) {
            if (rows.size() < limit) {
                rows.add(row.toJson());
            }
        }
        return new Rows(view, rows, entry.summary().isEmpty() ? null : summary(entry.summary(), all));
    }

    /** Each summary aggregate folded over every row. */
    static Map<String, Object> summary(List<Aggregate> aggregates, List<StreamingViews.Row> rows) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Aggregate aggregate : aggregates) {
            Object state = aggregate.initial();
            for (StreamingViews.Row row : rows) {
                state = aggregate.add(state, row.columns(), 0);
            }
            figures.put(aggregate.name(), aggregate.result(state));
        }
        return figures;
    }

    @Override
    public SubscribeToChannel.Subscription subscribe(String view, StartAt start, SubscribeToChannel.Listener listener) {
        Entry entry = entry(view);
        Subscription tail = log.tail(entry.changesTopic(), start, new EventLog.TailListener() {
            @Override
            public void onEvent(LoggedEvent logged) {
                listener.onEvent(toChannelEvent(logged));
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(error);
            }
        });
        return tail::close;
    }

    /** A logged event as a stream subscriber gets it: id = cursor, data = the payload as text. */
    public static SubscribeToChannel.ChannelEvent toChannelEvent(LoggedEvent logged) {
        return new SubscribeToChannel.ChannelEvent(logged.cursor(), logged.event().type(), logged.event().contentType(),
                logged.event().payload() == null ? ""
                : new String(logged.event().payload(), StandardCharsets.UTF_8), logged.event().id());
    }

    private Entry entry(String view) {
        Entry entry = entries.get(view);
        if (entry == null) {
            throw new NotFoundException("no view named '" + view + "'; the views are " + entries.keySet());
        }
        return entry;
    }

    private static String describe(Window window) {
        if (window == null) {
            return null;
        }
        return (window.isTumbling() ? "tumbling " + window.size() : "hopping " + window.size() + " every " + window.advance())
                .replace("PT", "").toLowerCase() + ", grace " + window.grace().toString().replace("PT", "").toLowerCase();
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
