package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} on RabbitMQ (AMQP 0-9-1). A topic {@code T} is a durable fanout exchange
 * {@code sluice.T}; bound to it are a stream queue {@code sluice.T} (the replayable log that SSE
 * readers tail from an offset: {@code Last-Event-ID} and {@code ?from=earliest}) and one durable queue
 * {@code sluice.T.group.G} per consumer group. Appends are persistent and publisher-confirmed. A group
 * receives what was published since its queue first existed: routes declare theirs at start-up.
 */
final class RabbitEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitEventLog.class);
    private static final Duration HANDLER_FAILURE_PAUSE = Duration.ofSeconds(1);

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final RabbitSettings settings;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();

    RabbitEventLog(Connection connection, RabbitSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.publisher = new ConfirmedPublisher(connection, settings.ackTimeout(), 8);
    }

    static String exchange(String topic) {
        return "sluice." + topic;
    }

    static String stream(String topic) {
        return "sluice." + topic;
    }

    static String groupQueue(String topic, String group) {
        return "sluice." + topic + ".group." + group;
    }

    /** Declares the exchange and the stream queue of {@code topic} once per process. */
    void ensure(String topic) {
        if (declared.contains(topic)) {
            return;
        }
        withChannel(ch -> {
            ch.exchangeDeclare(exchange(topic), BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare(stream(topic), true, false, false, Map.of(
                    "x-queue-type", "stream",
                    "x-max-age", settings.retention(),
                    "x-stream-max-segment-size-bytes", 50_000_000));
            ch.queueBind(stream(topic), exchange(topic), "");
            return null;
        }, "declare topic " + topic);
        declared.add(topic);
    }

    @Override
    public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
        try {
            ensure(topic);
            List<ConfirmedPublisher.Outgoing> out = new ArrayList<>(events.size());
            List<Position> positions = new ArrayList<>(events.size());
            for (EventEnvelope e : events) {
                out.add(new ConfirmedPublisher.Outgoing(exchange(topic), "", CloudEventsAmqp.basicProperties(e, null),
                        e.payload()));
                // a confirm names no stream offset; the event id is what identifies the record here
                positions.add(new Position(e.id()));
            }
            publisher.publish(out);
            return CompletableFuture.completedFuture(positions);
        } catch (BrokerUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException | TimeoutException | RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("append to " + topic, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(unavailable("append to " + topic, e));
        }
    }

    @Override
    public Subscription tail(String topic, StartAt start, TailListener listener) {
        ensure(topic);
        Object offset = switch (start) {
            case StartAt.Latest l -> "next";
            case StartAt.Earliest e -> "first";
            case StartAt.After a -> {
                try {
                    yield Long.parseLong(a.cursor().trim()) + 1;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a RabbitMQ stream offset: " + a.cursor());
                }
            }
        };
        Channel channel = open("tail " + topic);
        AtomicBoolean closed = new AtomicBoolean();
        try {
            channel.basicQos(settings.prefetch()); // a stream consumer needs a credit window
            channel.basicConsume(stream(topic), false, Map.of("x-stream-offset", offset), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws IOException {
                    if (closed.get()) {
                        return;
                    }
                    Object at = props.getHeaders() == null ? null : props.getHeaders().get("x-stream-offset");
                    String cursor = String.valueOf(at);
                    try {
                        EventEnvelope event = CloudEventsAmqp.fromBasic(props, body, topic);
                        // the position is what append answered (the event id); the cursor is the stream offset
                        listener.onEvent(new LoggedEvent(event, new Position(event.id()), cursor));
                    } catch (RuntimeException e) {
                        closed.set(true);
                        ConfirmedPublisher.closeQuietly(getChannel());
                        return;
                    }
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }

                @Override
                public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
                    if (!closed.get() && !sig.isInitiatedByApplication()) {
                        listener.onError(unavailable("tail " + topic, sig));
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            ConfirmedPublisher.closeQuietly(channel);
            throw unavailable("tail " + topic, e);
        }
        return () -> {
            if (closed.compareAndSet(false, true)) {
                ConfirmedPublisher.closeQuietly(channel);
            }
        };
    }

    @Override
    public Subscription consume(String topic, String group, GroupHandler handler) {
        ensure(topic);
        String queue = groupQueue(topic, group);
        withChannel(ch -> {
            ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", settings.groupQueueType()));
            ch.queueBind(queue, exchange(topic), "");
            return null;
        }, "declare group " + group);
        return QueueConsumer.start(connection, queue, 1, topic, handler, HANDLER_FAILURE_PAUSE);
    }

    private Channel open(String what) {
        try {
            return connection.createChannel();
        } catch (IOException | AlreadyClosedException e) {
            throw unavailable(what, e);
        }
    }

    interface ChannelWork<T> {
        T run(Channel channel) throws IOException;
    }

    <T> T withChannel(ChannelWork<T> work, String what) {
        Channel channel = open(what);
        try {
            return work.run(channel);
        } catch (IOException | RuntimeException e) {
            throw unavailable(what, e);
        } finally {
            ConfirmedPublisher.closeQuietly(channel);
        }
    }

    static BrokerUnavailableException unavailable(String what, Throwable cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof IOException && cause.getCause() instanceof ShutdownSignalException s) {
            why = s.getMessage();
        }
        return new BrokerUnavailableException("RabbitMQ: " + what + " failed: " + why, Duration.ofSeconds(5), cause);
    }

    void close() {
        publisher.close();
        LOG.debug("closed");
    }
}
