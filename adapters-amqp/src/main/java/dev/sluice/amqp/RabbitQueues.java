package dev.sluice.amqp;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Declares a durable queue over AMQP 0-9-1 so that what is sent to an AMQP 1.0 address survives a
 * broker restart (RabbitMQ's AMQP 1.0 plugin would otherwise auto-create a transient queue for a bare
 * name), and answers the AMQP 1.0 address of that queue for the server's version: {@code /amq/queue/Q}
 * on RabbitMQ 3.x, {@code /queue/Q} on 4.x.
 */
final class RabbitQueues {

    private RabbitQueues() {}

    static String declareDurable(AmqpEndpoint endpoint, String queue) throws IOException, TimeoutException {
        try (Connection c = endpoint.connectionFactory("sluice-declare").newConnection();
             var ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, Map.of());
            String version = String.valueOf(c.getServerProperties().get("version"));
            return version.startsWith("3.") ? "/amq/queue/" + queue : "/queue/" + queue;
        }
    }
}
