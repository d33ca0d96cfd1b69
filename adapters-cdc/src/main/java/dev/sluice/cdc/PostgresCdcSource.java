package dev.sluice.cdc;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Source;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.debezium.engine.spi.OffsetCommitPolicy;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's change data capture from PostgreSQL: Debezium's embedded engine with its PostgreSQL connector,
 * logical decoding through {@code pgoutput}, the slot and publication created when missing. Changes reach
 * the route's handler one at a time, in the order the database committed them; the engine commits an
 * offset (to {@link LogOffsetStore}, and so to the slot's confirmed position) only for what the handler
 * returned from. A handler that throws gets the change again after a pause, so nothing is skipped; after
 * a crash the changes since the last committed offset come again (at least once).
 *
 * <p>When the database cannot be reached, or goes away, the engine ends; the source says it waits (once,
 * with the reason), and starts it again with backoff up to 30 s.
 */
final class PostgresCdcSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSource.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int COMMIT_EVERY = 100;
    private static final Duration COMMIT_AFTER = Duration.ofSeconds(1);

    private final CdcSettings settings;
    private final EventLog log;
    private final ChangeEvents changes;
    private final AtomicLong handed = new AtomicLong();
    private final AtomicLong snapshotRows = new AtomicLong();
    private volatile String phase = "starting";
    private volatile String snapshot; // running, done, or null before anything is known
    private volatile Instant lastCommitted;
    private volatile Instant lastHanded;
    private volatile String waitingFor;

    PostgresCdcSource(CdcSettings settings, EventLog log) {
        this.settings = settings;
        this.log = log;
        this.changes = new ChangeEvents(settings);
    }

    @Override
    public Subscription consume(EventLog.GroupHandler handler) {
        AtomicBoolean closed = new AtomicBoolean();
        Object lock = new Object();
        DebeziumEngine<?>[] running = new DebeziumEngine<?>[1];
        Thread worker = Thread.ofPlatform().daemon().name("sluice-cdc-" + settings.route()).start(() -> {
            Duration backoff = PAUSE;
            while (!closed.get()) {
                String binding = LogOffsetStore.bind(log, settings.route(), 30_000);
                String[] failure = new String[1];
                AtomicBoolean started = new AtomicBoolean();
                try (DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                        .using(properties(binding))
                        .using(OffsetCommitPolicy.always())
                        .using(new DebeziumEngine.ConnectorCallback() {
                            @Override
                            public void taskStarted() {
                                started.set(true);
                                onStarted(handler);
                            }
                        })
                        .using((success, message, error) -> {
                            if (!success && failure[0] == null) { // the first failure is the cause; later ones follow from it
                                failure[0] = reason(message, error);
                            }
                        })
                        .notifying((records, committer) -> handleBatch(records, committer, handler, closed))
                        .build()) {
                    synchronized (lock) {
                        if (closed.get()) {
                            return;
                        }
                        running[0] = engine;
                    }
                    engine.run(); // until closed, or until the connector fails
                } catch (Exception e) {
                    // closing an engine that failed throws "Engine has been already shut down.": the reason
                    // is the failure the completion callback reported, not that
                    if (failure[0] == null) {
                        failure[0] = reason(e.getMessage(), e);
                    }
                } finally {
                    LogOffsetStore.unbind(binding);
                    synchronized (lock) {
                        running[0] = null;
                    }
                }
                if (closed.get()) {
                    return;
                }
                if (started.get()) {
                    backoff = PAUSE; // it ran: the next failure starts the backoff anew
                }
                String reason = settings.describe() + ": " + (failure[0] == null ? "the connector stopped" : failure[0]);
                if (!reason.equals(waitingFor)) {
                    LOG.warn("CDC source of route '{}' waits: {}; starting again with backoff (up to 30 s)",
                            settings.route(), reason);
                    waitingFor = reason;
                    phase = "waiting";
                    handler.waiting(reason);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (lock) {
                    if (running[0] != null) {
                        try {
                            running[0].close();
                        } catch (Exception e) {
                            LOG.debug("closing the CDC engine of route '{}': {}", settings.route(), e.toString());
                        }
                    } else {
                        worker.interrupt(); // between engines: it waits out a backoff, which may be 30 s
                    }
                }
                try {
                    // the engine stops on close(); interrupting it first would cut its shutdown short
                    if (!worker.join(Duration.ofSeconds(30))) {
                        worker.interrupt();
                    }
                } catch (InterruptedException e) {
                    worker.interrupt();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private void onStarted(EventLog.GroupHandler handler) {
        LOG.info("CDC source of route '{}' reads {} (slot {}, publication {})", settings.route(), settings.describe(),
                settings.slot(), settings.publication());
        phase = "running";
        if (waitingFor != null) {
            waitingFor = null;
            handler.resumed();
        }
    }

    /**
     * Hands each change on until the handler returns, then marks it processed. The offsets are committed at
     * the batch's end, and within a batch (Debezium's hold up to 2048 changes) every {@value #COMMIT_EVERY}
     * changes or {@link #COMMIT_AFTER}, and right after the snapshot's last row: so a crash hands on again
     * only the changes since then, and never takes a finished snapshot again (a snapshot is finished for the
     * connector only once an offset says so).
     */
    private void handleBatch(List<ChangeEvent<String, String>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer,
                             EventLog.GroupHandler handler, AtomicBoolean closed) throws InterruptedException {
        int uncommitted = 0;
        long since = System.nanoTime();
        for (ChangeEvent<String, String> record : records) {
            ChangeEvents.Change change = changes.of(record.key(), record.value(), record.destination());
            if (change != null) {
                handUntilDone(change, handler, closed);
                track(change);
            }
            committer.markProcessed(record);
            uncommitted++;
            if (change != null && change.lastOfSnapshot() || uncommitted >= COMMIT_EVERY
                    || System.nanoTime() - since >= COMMIT_AFTER.toNanos()) {
                committer.markBatchFinished(); // commits what is marked so far; the batch goes on
                uncommitted = 0;
                since = System.nanoTime();
            }
        }
        if (uncommitted > 0) {
            committer.markBatchFinished();
        }
    }

    private void handUntilDone(ChangeEvents.Change change, EventLog.GroupHandler handler, AtomicBoolean closed)
            throws InterruptedException {
        String lsn = change.event().headers().getOrDefault("cdclsn", change.event().id());
        LoggedEvent logged = new LoggedEvent(change.event(), new Position(lsn), change.event().id());
        while (true) {
            if (closed.get()) {
                throw new InterruptedException("the route closed: the change is not committed and comes again");
            }
            try {
                handler.handle(logged);
                return;
            } catch (RuntimeException e) {
                LOG.warn("CDC source of route '{}': handling change {} failed, trying again: {}", settings.route(),
                        change.event().id(), e.toString());
                Thread.sleep(PAUSE);
            }
        }
    }

    private void track(ChangeEvents.Change change) {
        handed.incrementAndGet();
        lastHanded = Instant.now();
        if (change.committed() != null) {
            lastCommitted = change.committed();
        }
        if (change.snapshot()) {
            snapshotRows.incrementAndGet();
            snapshot = change.lastOfSnapshot() ? "done" : "running";
        } else if (!change.event().isTombstone()) {
            if ("running".equals(snapshot)) {
                snapshot = "done";
            }
        }
    }

    private Properties properties(String binding) {
        Properties p = new Properties();
        p.setProperty("name", settings.serverName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", LogOffsetStore.class.getName());
        p.setProperty(LogOffsetStore.BINDING, binding);
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("offset.flush.timeout.ms", "30000");
        p.setProperty("topic.prefix", settings.serverName());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("database.hostname", settings.host());
        p.setProperty("database.port", String.valueOf(settings.port()));
        p.setProperty("database.dbname", settings.database());
        p.setProperty("database.user", settings.username());
        p.setProperty("database.password", settings.password());
        p.setProperty("slot.name", settings.slot());
        p.setProperty("publication.name", settings.publication());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", String.join(",", settings.tables()));
        p.setProperty("snapshot.mode", settings.snapshotMode());
        p.setProperty("decimal.handling.mode", "string"); // exact: a NUMERIC never loses digits as a double would
        p.setProperty("tombstones.on.delete", "true");
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        p.setProperty("errors.max.retries", "0"); // a lost connection ends the engine; this source starts it again
        // the replication stream notices a server that went away only when it next writes to it (a status update,
        // 10 s apart by default): every second, so that the route says it waits soon after (a route may set it)
        p.setProperty("status.update.interval.ms", "1000");
        settings.debezium().forEach(p::setProperty);
        return p;
    }

    /**
     * A failure's message, without the password (Debezium's messages may quote the configuration): what the
     * database driver said (the innermost SQLException, with its own cause when that says more), else the
     * innermost cause's message, else Debezium's.
     */
    String reason(String message, Throwable error) {
        Throwable root = error;
        SQLException sql = null;
        for (int depth = 0; root != null && depth < 20; depth++) {
            if (root instanceof SQLException e && e.getMessage() != null) {
                sql = e;
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String text;
        if (sql != null) {
            text = sql.getMessage().lines().findFirst().orElse("").trim();
            Throwable under = sql.getCause();
            if (under != null && under.getMessage() != null && !text.contains(under.getMessage())) {
                text += " (" + under.getMessage() + ")";
            }
        } else {
            text = root != null && root.getMessage() != null ? root.getMessage()
                    : message != null ? message : "the connector failed";
        }
        if (!settings.password().isEmpty()) {
            text = text.replace(settings.password(), "****");
        }
        return text.lines().findFirst().orElse(text);
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", snapshotRunning() ? "snapshot" : phase.equals("running") ? "streaming" : phase);
        String snap = snapshotState();
        if (snap != null) {
            s.put("snapshot", snap);
        }
        s.put("snapshotRows", snapshotRows.get());
        s.put("changes", handed.get());
        Instant committed = lastCommitted;
        Instant at = lastHanded;
        if (committed != null) {
            s.put("lastChange", committed.toString());
        }
        if (at != null) {
            s.put("lastHandled", at.toString());
        }
        if (committed != null && at != null) {
            s.put("lagMillis", Math.max(0, Duration.between(committed, at).toMillis()));
        }
        s.put("slot", settings.slot());
        s.put("publication", settings.publication());
        s.put("tables", String.join(",", settings.tables()));
        if (waitingFor != null) {
            s.put("waitingFor", waitingFor);
        }
        return s;
    }

    /** Debezium's own snapshot metrics, when its MBean is there. */
    private Object snapshotMetric(String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("debezium.postgres:type=connector-metrics,context=snapshot,server="
                    + settings.serverName());
            return server.isRegistered(name) ? server.getAttribute(name, attribute) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private boolean snapshotRunning() {
        return Boolean.TRUE.equals(snapshotMetric("SnapshotRunning"));
    }

    private String snapshotState() {
        if (snapshotRunning()) {
            return "running";
        }
        if (Boolean.TRUE.equals(snapshotMetric("SnapshotCompleted"))) {
            return "done";
        }
        if (Boolean.TRUE.equals(snapshotMetric("SnapshotAborted"))) {
            return "aborted";
        }
        return snapshot;
    }
}
