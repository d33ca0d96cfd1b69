package dev.sluice.amqp;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.PushSink;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.DeliveryState;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;

/**
 * Sends each event as a durable AMQP 1.0 message and waits for the peer to settle it: accepted is
 * delivered, rejected is final, released, modified, a timeout or a lost connection may succeed later.
 * Connects on first use and again after a failure, so a destination that is down at start-up is
 * only a failed attempt.
 */
final class Amqp1Sink implements PushSink {

    private final Amqp1Client client;
    private final Duration timeout;
    private Connection connection;
    private Sender sender;

    Amqp1Sink(Amqp1Client client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public synchronized Outcome deliver(EventEnvelope event) throws InterruptedException {
        long start = System.nanoTime();
        try {
            if (sender == null) {
                connection = client.connect();
                sender = connection.openSender(client.address());
            }
            Tracker tracker = sender.send(CloudEventsAmqp.toMessage(event));
            tracker.awaitSettlement(timeout.toMillis(), TimeUnit.MILLISECONDS);
            DeliveryState state = tracker.remoteState();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            DeliveryState.Type type = state == null ? null : state.getType();
            if (type == DeliveryState.Type.ACCEPTED) {
                return new Outcome(true, false, 0, null, "accepted", took);
            }
            return new Outcome(false, type != DeliveryState.Type.REJECTED, 0, null,
                    "AMQP 1.0 outcome " + (type == null ? "unsettled" : type.name().toLowerCase()), took);
        } catch (Exception e) {
            reset();
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                // a stop, not a failed attempt: the route gives the event back instead of falling back
                throw new InterruptedException("interrupted while sending to " + client.describe());
            }
            return new Outcome(false, true, 0, null, "AMQP 1.0 send failed: " + e.getClass().getSimpleName(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void reset() {
        if (connection != null) {
            connection.close();
        }
        connection = null;
        sender = null;
    }

    @Override
    public String describe() {
        return "amqp1 " + client.describe();
    }

    @Override
    public synchronized void close() {
        reset();
    }
}
