package dev.sluice.amqp;

import dev.sluice.ports.spi.BrokerPlugin;
import java.util.Map;

/** Broker {@code rabbitmq}: Sluice's log on RabbitMQ at {@code uri} (env {@code RABBITMQ_URI}). */
public final class RabbitBrokerPlugin implements BrokerPlugin {

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of("uri", "ack-timeout", "retention", "prefetch", "group-queue-type", "name-prefix", "partitions");
    }

    @Override
    public Broker start(Map<String, String> settings) {
        return new RabbitBroker(RabbitSettings.from(settings));
    }
}
