package dev.sluice.kafka;

import dev.sluice.ports.spi.BrokerPlugin;
import java.util.Map;

/** Broker {@code kafka}: an existing Kafka cluster at {@code bootstrap-servers}. */
public final class KafkaBrokerPlugin implements BrokerPlugin {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Broker start(Map<String, String> settings) {
        return new KafkaBroker(KafkaSettings.from(settings, null), null);
    }
}
