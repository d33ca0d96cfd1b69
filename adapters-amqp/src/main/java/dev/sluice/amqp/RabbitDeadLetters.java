package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.DeadLetters;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Dead letters on RabbitMQ: one durable queue {@code sluice.dlq.<route>} per route, persistent and
 * confirmed messages in the order they failed. {@link #pending} reads without consuming (basic.get
 * without ack, then the channel closes and the broker puts them back in place); {@link #acknowledge}
 * acks from the head up to the given letter. Calls are serialized within this process.
 */
final class RabbitDeadLetters implements DeadLetters {

    private static final String ID = "x-sluice-dead-letter-id";
    private static final String REASON = "x-sluice-reason";
    private static final String ATTEMPTS = "x-sluice-attempts";
    private static final String FAILED_AT = "x-sluice-failed-at";

    private final RabbitEventLog log;
    private final ConfirmedPublisher publisher;
    private final java.util.Set<String> declared = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RabbitDeadLetters(RabbitEventLog log, ConfirmedPublisher publisher) {
        this.log = log;
        this.publisher = publisher;
    }

    private String queue(String route) {
        return log.deadLetterQueue(route);
    }

    private void declare(Channel ch, String route) throws IOException {
        ch.queueDeclare(queue(route), true, false, false, Map.of("x-queue-type", "classic"));
    }

    @Override
    public synchronized Position add(String route, EventEnvelope event, String reason, int attempts) {
        if (!declared.contains(route)) {
            log.withChannel(ch -> {
                declare(ch, route);
                return null;
            }, "declare dead-letter queue of " + route);
            declared.add(route);
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> extra = new HashMap<>();
        extra.put(ID, id);
        extra.put(REASON, reason);
        extra.put(ATTEMPTS, attempts);
        extra.put(FAILED_AT, Instant.now().toString());
        AMQP.BasicProperties props = CloudEventsAmqp.basicProperties(event, extra);
        try {
            publisher.publish(List.of(new ConfirmedPublisher.Outgoing("", queue(route), props, event.payload())));
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw RabbitEventLog.unavailable("dead-letter for " + route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RabbitEventLog.unavailable("dead-letter for " + route, e);
        }
        return new Position(id);
    }

    @Override
    public synchronized List<DeadLetter> pending(String route, int limit) {
        return log.withChannel(ch -> {
            declare(ch, route);
            List<DeadLetter> out = new ArrayList<>();
            while (out.size() < limit) {
                GetResponse r = ch.basicGet(queue(route), false);
                if (r == null) {
                    break;
                }
                out.add(letter(r, route));
            }
            return out; // closing the channel returns every message to the queue, in place
        }, "read dead letters of " + route);
    }

    @Override
    public synchronized void acknowledge(String route, DeadLetter letter) {
        log.withChannel(ch -> {
            declare(ch, route);
            while (true) {
                GetResponse r = ch.basicGet(queue(route), false);
                if (r == null) {
                    return null;
                }
                ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
                if (letter.position().value().equals(header(r.getProps(), ID))) {
                    return null;
                }
            }
        }, "acknowledge dead letters of " + route);
    }

    private static DeadLetter letter(GetResponse r, String route) {
        AMQP.BasicProperties props = r.getProps();
        EventEnvelope event = CloudEventsAmqp.fromBasic(props, r.getBody(), route);
        String attempts = header(props, ATTEMPTS);
        String failedAt = header(props, FAILED_AT);
        return new DeadLetter(event, new Position(header(props, ID)), String.valueOf(header(props, REASON)),
                attempts == null ? 0 : Integer.parseInt(attempts),
                failedAt == null ? Instant.EPOCH : Instant.parse(failedAt));
    }

    private static String header(AMQP.BasicProperties props, String name) {
        Object v = props.getHeaders() == null ? null : props.getHeaders().get(name);
        return v == null ? null : v.toString();
    }
}
