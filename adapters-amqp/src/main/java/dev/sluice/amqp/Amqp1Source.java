package dev.sluice.amqp;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Source;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an AMQP 1.0 address on its own thread and accepts each message only after the route's handler
 * returned. When the handler fails, the same message is handed again after a pause (order is kept and
 * it stays unsettled at the broker, so a crash gives it back); when the connection drops, it reconnects
 * with backoff.
 */
final class Amqp1Source implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(Amqp1Source.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final Amqp1Client client;
    private final int credit;

    Amqp1Source(Amqp1Client client, int credit) {
        this.client = client;
        this.credit = credit;
    }

    @Override
    public Subscription consume(EventLog.GroupHandler handler) {
        AtomicBoolean closed = new AtomicBoolean();
        Thread worker = Thread.ofPlatform().daemon().name("sluice-amqp1-" + client.describe()).start(() -> {
            Duration backoff = PAUSE;
            boolean waiting = false;
            String waitingFor = null;
            while (!closed.get()) {
                try (Connection connection = client.connect()) {
                    Receiver receiver = connection.openReceiver(client.address(),
                            new ReceiverOptions().autoAccept(false).creditWindow(credit));
                    receiver.openFuture().get(); // fails here, not on the first receive, when the peer is away
                    LOG.info("reading AMQP 1.0 {}", client.describe());
                    backoff = PAUSE;
                    if (waiting) {
                        waiting = false;
                        waitingFor = null;
                        handler.resumed();
                    }
                    while (!closed.get()) {
                        Delivery delivery = receiver.receive(250, TimeUnit.MILLISECONDS);
                        if (delivery != null && handleUntilDone(delivery, handler, closed)) {
                            delivery.accept();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (closed.get()) {
                        return;
                    }
                    String reason = "AMQP 1.0 " + client.describe() + ": " + Amqp1Client.reason(e);
                    if (!waiting) {
                        waiting = true;
                        LOG.warn("AMQP 1.0 source {}: {}; reconnecting with backoff (up to 30 s) until it answers",
                                client.describe(), Amqp1Client.reason(e));
                    } else {
                        LOG.debug("AMQP 1.0 source {}: {}", client.describe(), e.toString());
                    }
                    if (!reason.equals(waitingFor)) {
                        waitingFor = reason;
                        handler.waiting(reason); // a new reason (refused, then the wrong protocol) is shown
                    }
                    if (!sleep(backoff)) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                            ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
                }
            }
        });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                worker.interrupt();
                try {
                    worker.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Hands the message over until the handler returns; false when closed first (left unsettled). */
    private boolean handleUntilDone(Delivery delivery, EventLog.GroupHandler handler, AtomicBoolean closed)
            throws Exception {
        EventEnvelope event = CloudEventsAmqp.fromMessage(delivery.message(), client.configuredAddress());
        LoggedEvent logged = new LoggedEvent(event, new Position(event.id()), event.id());
        while (!closed.get()) {
            try {
                handler.handle(logged);
                return true;
            } catch (RuntimeException e) {
                LOG.warn("AMQP 1.0 source {}: handling {} failed, trying again: {}", client.describe(), event.id(),
                        e.toString());
                if (!sleep(PAUSE)) {
                    throw new InterruptedException();
                }
            }
        }
        return false;
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "amqp1 " + client.describe();
    }
}
