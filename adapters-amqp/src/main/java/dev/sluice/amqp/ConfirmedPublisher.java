package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;

/**
 * Publishes over AMQP 0-9-1 with publisher confirms: {@link #publish} returns only once the broker
 * confirmed every message (for a persistent message to a durable queue: written to disk), and throws
 * when it nacked one or did not answer in time. Channels are not thread-safe, so each call borrows one
 * from a small pool; a channel that failed is closed and replaced.
 */
final class ConfirmedPublisher implements AutoCloseable {

    /** One message to publish. */
    record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {}

    private final Connection connection;
    private final Duration timeout;
    private final BlockingQueue<Pooled> idle;

    /** A confirm-mode channel and the last message the broker returned as unroutable on it. */
    private record Pooled(Channel channel, java.util.concurrent.atomic.AtomicReference<String> returned) {}

    ConfirmedPublisher(Connection connection, Duration timeout, int channels) {
        this.connection = connection;
        this.timeout = timeout;
        this.idle = new ArrayBlockingQueue<>(channels);
    }

    void publish(List<Outgoing> messages) throws IOException, TimeoutException, InterruptedException {
        Pooled pooled = borrow();
        boolean healthy = false;
        try {
            pooled.returned().set(null);
            for (Outgoing m : messages) {
                // mandatory: a message no queue takes comes back (basic.return) instead of vanishing
                pooled.channel().basicPublish(m.exchange(), m.routingKey(), true, m.properties(), m.body());
            }
            pooled.channel().waitForConfirmsOrDie(timeout.toMillis());
            String returned = pooled.returned().get();
            if (returned != null) {
                throw new IOException("the broker could not route a message: " + returned);
            }
            healthy = true;
        } finally {
            giveBack(pooled, healthy);
        }
    }

    private Pooled borrow() throws IOException {
        Pooled pooled = idle.poll();
        while (pooled != null && !pooled.channel().isOpen()) {
            pooled = idle.poll();
        }
        if (pooled == null) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            var returned = new java.util.concurrent.atomic.AtomicReference<String>();
            channel.addReturnListener(r -> returned.set(r.getReplyText() + " (exchange '" + r.getExchange()
                    + "', routing key '" + r.getRoutingKey() + "')"));
            pooled = new Pooled(channel, returned);
        }
        return pooled;
    }

    private void giveBack(Pooled pooled, boolean healthy) {
        if (healthy && pooled.channel().isOpen() && idle.offer(pooled)) {
            return;
        }
        closeQuietly(pooled.channel());
    }

    static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        Pooled p;
        while ((p = idle.poll()) != null) {
            closeQuietly(p.channel());
        }
    }
}
