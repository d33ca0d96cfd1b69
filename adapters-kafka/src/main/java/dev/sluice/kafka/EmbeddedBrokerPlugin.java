package dev.sluice.kafka;

import dev.sluice.ports.spi.BrokerPlugin;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Broker {@code embedded} (the default): starts {@link EmbeddedKafka} in this JVM with its data in
 * {@code data-dir} (default {@code ./sluice-data}) and client port {@code port} (default 9092, 0 for
 * a free one), then talks to it like any Kafka.
 */
public final class EmbeddedBrokerPlugin implements BrokerPlugin {

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of("data-dir", "port", "partitions", "replication-factor", "ack-timeout", "client.");
    }

    @Override
    public Broker start(Map<String, String> settings) {
        Path dataDir = Path.of(settings.getOrDefault("data-dir", "./sluice-data"));
        int port = Integer.parseInt(settings.getOrDefault("port", "9092"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), port);
        Map<String, String> withBootstrap = new HashMap<>(settings);
        withBootstrap.put("bootstrap-servers", kafka.bootstrapServers());
        withBootstrap.putIfAbsent("replication-factor", "1");
        try {
            return new KafkaBroker(KafkaSettings.from(withBootstrap, null), kafka, dataDir.resolve("streams"));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }
}
