package dev.sluice.redis;

import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker {@code redis}: Redis Streams at {@code uri} (default {@code redis://127.0.0.1:6379}), keys
 * under {@code key-prefix}, commands failing after {@code ack-timeout} (default 10s).
 */
public final class RedisBrokerPlugin implements BrokerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBrokerPlugin.class);

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Broker start(Map<String, String> settings) {
        RedisURI uri = RedisURI.create(settings.getOrDefault("uri", "redis://127.0.0.1:6379"));
        uri.setTimeout(parse(settings.getOrDefault("ack-timeout", "10s")));
        RedisClient client = RedisClient.create(uri);
        try {
            RedisEventLog log = new RedisEventLog(client, settings.getOrDefault("key-prefix", ""));
            RedisDeadLetters deadLetters = new RedisDeadLetters(log);
            StatefulRedisConnection<String, String> admin = client.connect();
            warnIfNotDurable(admin);
            return new Broker() {
                @Override
                public EventLog eventLog() {
                    return log;
                }

                @Override
                public DeadLetters deadLetters() {
                    return deadLetters;
                }

                private RedisLatestValues tables;

                @Override
                public synchronized dev.sluice.ports.out.LatestValues latestValues() {
                    if (tables == null) {
                        tables = new RedisLatestValues(log, client, settings.getOrDefault("key-prefix", ""));
                    }
                    return tables;
                }

                @Override
                public boolean isAvailable() {
                    try {
                        return "PONG".equals(admin.sync().ping());
                    } catch (RuntimeException e) {
                        return false;
                    }
                }

                @Override
                public void close() {
                    synchronized (this) {
                        if (tables != null) {
                            tables.close();
                        }
                    }
                    deadLetters.close();
                    log.close();
                    admin.close();
                    client.shutdown();
                }
            };
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("broker 'redis': cannot connect to " + uri.getHost() + ":" + uri.getPort()
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** Redis acknowledges from memory: without AOF an acknowledged event does not survive a Redis restart. */
    private static void warnIfNotDurable(StatefulRedisConnection<String, String> admin) {
        try {
            Map<String, String> aof = admin.sync().configGet("appendonly");
            if (!"yes".equalsIgnoreCase(aof.get("appendonly"))) {
                LOG.warn("Redis runs without appendonly: acknowledged events are lost if Redis restarts. "
                        + "Use appendonly yes (appendfsync always or everysec) for durability.");
            }
        } catch (RuntimeException e) {
            LOG.info("cannot read Redis persistence settings ({}); durability depends on them", e.getMessage());
        }
    }

    private static Duration parse(String text) {
        return dev.sluice.ports.spi.Options.parseDuration(text);
    }

}
