package dev.sluice.kafka;

import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** The Kafka clients Sluice needs, bound to one cluster. Closes an embedded broker it owns. */
final class KafkaBroker implements BrokerPlugin.Broker {

    private final KafkaSettings settings;
    private final Admin admin;
    private final KafkaEventLog log;
    private final KafkaDeadLetters deadLetters;
    private final Topics topics;
    private final AutoCloseable owned;

    private final java.nio.file.Path stateDir;
    private KafkaLatestValues tables;
    private KafkaViews views;

    KafkaBroker(KafkaSettings settings, AutoCloseable owned) {
        this(settings, owned, java.nio.file.Path.of("./sluice-data/streams"));
    }

    /** @param stateDir where Kafka Streams keeps the state stores of latest-value tables */
    KafkaBroker(KafkaSettings settings, AutoCloseable owned, java.nio.file.Path stateDir) {
        this.stateDir = stateDir;
        this.settings = settings;
        this.owned = owned;
        java.util.Properties p = settings.base();
        p.putIfAbsent("request.timeout.ms", String.valueOf(settings.ackTimeout().toMillis()));
        p.putIfAbsent("default.api.timeout.ms", String.valueOf(settings.ackTimeout().toMillis()));
        this.admin = Admin.create(p);
        this.topics = new Topics(admin, settings);
        this.log = new KafkaEventLog(settings, topics);
        this.deadLetters = new KafkaDeadLetters(log, topics, admin, settings);
    }

    Topics topics() {
        return topics;
    }

    Admin admin() {
        return admin;
    }

    java.nio.file.Path stateDir() {
        return stateDir;
    }

    @Override
    public synchronized dev.sluice.ports.out.LatestValues latestValues() {
        if (tables == null) {
            tables = new KafkaLatestValues(settings, topics, stateDir, "");
        }
        return tables;
    }

    @Override
    public synchronized dev.sluice.ports.out.StreamingViews views(
            java.util.List<dev.sluice.ports.out.StreamingViews.Plan> plans, dev.sluice.ports.out.JsonCodec json,
            String applicationId) {
        if (views != null) {
            throw new IllegalStateException("the views of this broker are started already");
        }
        views = new KafkaViews(settings, topics, admin, stateDir, plans, json, applicationId, "exactly_once_v2");
        return views;
    }

    @Override
    public EventLog eventLog() {
        return log;
    }

    @Override
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public boolean isAvailable() {
        try {
            // /health must answer within a second, also while the cluster is away
            admin.describeCluster().nodes().get(Math.min(800, settings.ackTimeout().toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (views != null) {
                views.close();
            }
            if (tables != null) {
                tables.close();
            }
        }
        log.close();
        admin.close(Duration.ofSeconds(5));
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the embedded Kafka failed", e);
            }
        }
    }
}
