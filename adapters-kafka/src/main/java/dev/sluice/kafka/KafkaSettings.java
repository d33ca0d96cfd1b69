package dev.sluice.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the Kafka adapter, read from the flat map the app passes to the broker plugin.
 *
 * @param bootstrapServers  {@code bootstrap-servers}
 * @param partitions        {@code partitions}: partitions of topics Sluice creates (default 1, which
 *                          keeps one global order per topic)
 * @param replicationFactor {@code replication-factor}: -1 means the broker's default
 * @param ackTimeout        {@code ack-timeout}: how long an append waits for acknowledgement before
 *                          it is reported as broker-unavailable (default 10s)
 * @param clientProperties  any {@code client.*} setting, passed to every Kafka client verbatim
 */
record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, Duration ackTimeout,
                     Map<String, String> clientProperties) {

    static KafkaSettings from(Map<String, String> settings, String defaultBootstrap) {
        String bootstrap = settings.getOrDefault("bootstrap-servers", defaultBootstrap);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalStateException("broker 'kafka' needs bootstrap servers: set KAFKA_BOOTSTRAP_SERVERS"
                    + " (property sluice.kafka.bootstrap-servers)");
        }
        int partitions = Integer.parseInt(settings.getOrDefault("partitions", "1"));
        short replication = Short.parseShort(settings.getOrDefault("replication-factor", "-1"));
        Duration ackTimeout = parseDuration(settings.getOrDefault("ack-timeout", "10s"));
        Map<String, String> client = new java.util.TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("client.")) {
                client.put(k.substring("client.".length()), v);
            }
        });
        return new KafkaSettings(bootstrap, partitions, replication, ackTimeout, client);
    }

    Properties base() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(clientProperties);
        return p;
    }

    static Duration parseDuration(String text) {
        return dev.sluice.ports.spi.Options.parseDuration(text);
    }
}
