package dev.sluice.engine.audit;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.AuditTrail;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Subscription;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * The audit trail on Sluice's own log: each entry is an {@code admin_action} event on the audit topic;
 * the newest entries are kept in memory by reading that topic from its start, so what another instance
 * or an earlier run recorded shows as well.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    static final String TYPE = "admin_action";
    static final String SOURCE = "/sluice/audit";

    private final EventLog log;
    private final JsonCodec json;
    private final String topic;
    private final int keep;
    private final Deque<Entry> newest = new ArrayDeque<>();
    private Subscription reading;

    /** @param keep how many entries {@link #recent} can answer */
    public AuditLog(EventLog log, JsonCodec json, String topic, int keep) {
        this.log = log;
        this.json = json;
        this.topic = topic;
        this.keep = keep;
    }

    /**
     * Starts reading the audit topic from its beginning. A broker that is down does not stop Sluice: the
     * next {@link #recent} tries again.
     */
    public void start() {
        try {
            reading();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit trail: cannot read " + topic + " yet (" + e.getMessage()
                    + "); reading it when it is asked for");
        }
    }

    private synchronized void reading() {
        if (reading == null) {
            reading = log.tail(topic, StartAt.earliest(), new EventLog.TailListener() {
                @Override
                public void onEvent(LoggedEvent event) {
                    remember(event.event());
                }
            });
        }
    }

    @Override
    public void record(Entry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("who", entry.who());
        data.put("action", entry.action());
        data.put("status", entry.status());
        data.put("at", entry.at().toString());
        EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), SOURCE, TYPE, entry.action(), entry.at(),
                "application/json", entry.who(), Map.of(), json.encode(data));
        try {
            log.append(topic, List.of(event)).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void remember(EventEnvelope event) {
        if (!TYPE.equals(event.type())) {
            return;
        }
        try {
            if (json.decode(event.payload()) instanceof Map<?, ?> data) {
                Entry entry = new Entry(String.valueOf(data.get("who")), String.valueOf(data.get("action")),
                        data.get("status") instanceof Number n ? n.intValue() : 0, Instant.parse(String.valueOf(data.get("at"))));
                synchronized (newest) {
                    newest.addFirst(entry);
                    while (newest.size() > keep) {
                        newest.removeLast();
                    }
                }
            }
        } catch (RuntimeException unreadable) {
            // an entry another tool wrote in another shape is not ours to show
        }
    }

    @Override
    public List<Entry> recent(int limit) {
        reading(); // throws while the broker is down: the caller answers 503
        synchronized (newest) {
            return new ArrayList<>(newest).subList(0, Math.min(limit, newest.size()));
        }
    }

    @Override
    public synchronized void close() {
        if (reading != null) {
            reading.close();
        }
    }
}
