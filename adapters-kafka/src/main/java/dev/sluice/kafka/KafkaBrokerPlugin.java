package dev.sluice.kafka;

import dev.sluice.ports.spi.BrokerPlugin;
import java.util.Map;

/**
 * Broker {@code kafka}: an existing Kafka cluster at {@code bootstrap-servers}; latest-value tables keep
 * their Kafka Streams state in {@code state-dir} (default {@code ./sluice-data/streams}).
 */
public final class KafkaBrokerPlugin implements BrokerPlugin {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of("bootstrap-servers", "partitions", "replication-factor", "ack-timeout", "state-dir", "client.");
    }

    @Override
    public Broker start(Map<String, String> settings) {
        return new KafkaBroker(KafkaSettings.from(settings, null), null,
                java.nio.file.Path.of(settings.getOrDefault("state-dir", "./sluice-data/streams")));
    }
}
