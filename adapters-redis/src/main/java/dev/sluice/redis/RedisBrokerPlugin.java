package dev.sluice.redis;

import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker {@code redis}: Redis Streams at {@code uri} (default {@code redis://127.0.0.1:6379}), keys
 * under {@code key-prefix}, commands failing after {@code ack-timeout} (default 10s). In consumer groups
 * this instance is {@code consumer-name} (default: the host name; give each instance on one host its
 * own), and takes over entries another consumer left untouched for {@code claim-idle} (default 30s).
 */
public final class RedisBrokerPlugin implements BrokerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBrokerPlugin.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);
    /** Reconnect soon after Redis is back (Lettuce's default waits up to 30 s between tries). */
    private static final ClientResources RESOURCES = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of("uri", "key-prefix", "ack-timeout", "consumer-name", "claim-idle");
    }

    @Override
    public Broker start(Map<String, String> settings) {
        RedisURI uri = RedisURI.create(settings.getOrDefault("uri", "redis://127.0.0.1:6379"));
        uri.setTimeout(parse(settings.getOrDefault("ack-timeout", "10s")));
        RedisClient client = RedisClient.create(RESOURCES, uri);
        // while the connection is down, commands fail at once (an append answers 503, a consumer reports
        // that it waits, /health answers now) instead of queueing until ack-timeout; Lettuce reconnects
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            RedisEventLog log = new RedisEventLog(client, settings.getOrDefault("key-prefix", ""),
                    settings.getOrDefault("consumer-name", defaultConsumerName()),
                    parse(settings.getOrDefault("claim-idle", "30s")));
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
                        return "PONG".equals(admin.async().ping().get(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
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
                    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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

    /** The host name: stable across restarts of this instance, distinct between hosts. */
    private static String defaultConsumerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "sluice";
            }
        }
        return host;
    }

    private static Duration parse(String text) {
        return dev.sluice.ports.spi.Options.parseDuration(text);
    }

}
