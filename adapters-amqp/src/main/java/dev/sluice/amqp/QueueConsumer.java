package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a durable queue with manual acknowledgements: a message is acked only after the handler
 * returned; when the handler throws, it is handed again after a pause, in place, so order holds and
 * nothing is lost (closing or a crash leaves it unacked and the broker requeues it). Deliveries of one channel run one
 * at a time on the connection's executor (virtual threads), so a handler may block through retries.
 */
final class QueueConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

    private QueueConsumer() {}

    static Subscription start(Connection connection, String queue, int prefetch, String address,
                              EventLog.GroupHandler handler, Duration failurePause) {
        Channel channel;
        try {
            channel = connection.createChannel();
        } catch (IOException | RuntimeException e) {
            throw RabbitEventLog.unavailable("consume " + queue, e);
        }
        AtomicBoolean closed = new AtomicBoolean();
        // the connection recovers by itself (automatic recovery, consumers included); the handler hears of
        // each outage once, so that the route says it waits
        channel.addShutdownListener(cause -> {
            if (!closed.get() && !cause.isInitiatedByApplication()) {
                String reason = "RabbitMQ: " + cause.getMessage();
                LOG.warn("queue {}: {}; waiting for the connection to recover", queue, reason);
                handler.waiting(reason);
            }
        });
        if (channel instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    LOG.info("queue {}: connection recovered, reading", queue);
                    handler.resumed();
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {}
            });
        }
        try {
            channel.basicQos(prefetch);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws IOException {
                    if (closed.get()) {
                        return; // unacked: the broker requeues it when the channel closes
                    }
                    String id = props.getMessageId() != null ? props.getMessageId() : String.valueOf(envelope.getDeliveryTag());
                    LoggedEvent logged = new LoggedEvent(CloudEventsAmqp.fromBasic(props, body, address),
                            new Position(queue + "#" + id), id);
                    while (true) {
                        try {
                            handler.handle(logged);
                            break;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return; // unacked: requeued when the channel closes
                        } catch (RuntimeException e) {
                            // handed again in place, so later messages cannot overtake it
                            LOG.warn("queue {}: handling message {} failed, trying again: {}", queue, id, e.toString());
                            if (!pause(failurePause) || closed.get() || !getChannel().isOpen()) {
                                return;
                            }
                        }
                    }
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
        } catch (IOException | RuntimeException e) {
            ConfirmedPublisher.closeQuietly(channel);
            throw RabbitEventLog.unavailable("consume " + queue, e);
        }
        return () -> {
            if (closed.compareAndSet(false, true)) {
                ConfirmedPublisher.closeQuietly(channel);
            }
        };
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
