package dev.sluice.amqp;

import com.rabbitmq.client.Connection;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Sluice's log on one RabbitMQ connection (automatic recovery on). */
final class RabbitBroker implements BrokerPlugin.Broker {

    private final Connection connection;
    private final ExecutorService deliveries;
    private final RabbitEventLog log;
    private final RabbitDeadLetters deadLetters;
    private final ConfirmedPublisher dlqPublisher;

    RabbitBroker(RabbitSettings settings) {
        this.deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-rabbitmq-", 0).factory());
        try {
            this.connection = settings.endpoint().connectionFactory("sluice").newConnection(deliveries);
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            deliveries.shutdownNow();
            throw new IllegalStateException("broker 'rabbitmq': cannot connect to " + settings.endpoint()
                    + " (set RABBITMQ_URI): " + e.getMessage(), e);
        }
        try {
            checkStreams(settings);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.log = new RabbitEventLog(connection, settings);
        this.dlqPublisher = new ConfirmedPublisher(connection, settings.ackTimeout(), 2);
        this.deadLetters = new RabbitDeadLetters(log, dlqPublisher);
    }

    /** Replay and Last-Event-ID need stream queues (RabbitMQ 3.9+); fail start-up naming it when absent. */
    private void checkStreams(RabbitSettings settings) {
        Map<String, Object> props = connection.getServerProperties();
        String version = String.valueOf(props.get("version"));
        String probe = settings.namePrefix() + "capability-check";
        try (var ch = connection.createChannel()) {
            ch.queueDeclare(probe, true, false, false, Map.of("x-queue-type", "stream"));
            ch.queueDelete(probe);
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            throw new IllegalStateException("broker 'rabbitmq': RabbitMQ " + version + " at " + settings.endpoint()
                    + " cannot create stream queues (x-queue-type=stream, RabbitMQ 3.9 or later), which Sluice needs"
                    + " for replay and Last-Event-ID: " + e.getMessage(), e);
        }
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
        if (!connection.isOpen()) {
            return false;
        }
        try (var ch = connection.createChannel()) {
            return ch.isOpen();
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
        if (dlqPublisher != null) {
            dlqPublisher.close();
        }
        try {
            if (connection.isOpen()) {
                connection.close(5000);
            }
        } catch (IOException | RuntimeException e) {
            // already closed
        }
        deliveries.shutdownNow();
    }
}
