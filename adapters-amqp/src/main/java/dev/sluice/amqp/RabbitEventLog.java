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
import dev.sluice.ports.event.BrokerUnavailableException;
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
 * {@code sluice.T.group.G} per consumer group ({@code sluice.} is the {@code name-prefix}). Appends are persistent and publisher-confirmed. A group
 * receives what was published since its queue first existed: routes declare theirs at start-up.
 */
final class RabbitEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitEventLog.class);
    private static final Duration HANDLER_FAILURE_PAUSE = Duration.ofSeconds(1);
    /** When Sluice published a record (epoch millis), so that a cursor can be found again cheaply. */
    static final String PUBLISHED = "x-sluice-published";
    /** How far before a cursor's publish time a resume starts reading (covers clock skew to the broker). */
    static final long RESUME_WINDOW_MS = Duration.ofSeconds(60).toMillis();

    private final Connection connection;
    private final ConfirmedPublisher publisher;
    private final RabbitSettings settings;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    /** Topics whose stream queue keeps every record for ever ({@link #keepLatestPerKey}). */
    private final Set<String> keptForEver = ConcurrentHashMap.newKeySet();

    RabbitEventLog(Connection connection, RabbitSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.publisher = new ConfirmedPublisher(connection, settings.ackTimeout(), 8);
    }

    String exchange(String topic) {
        return settings.namePrefix() + topic;
    }

    String stream(String topic) {
        return settings.namePrefix() + topic;
    }

    String groupQueue(String topic, String group) {
        return settings.namePrefix() + topic + ".group." + group;
    }

    String deadLetterQueue(String route) {
        return settings.namePrefix() + "dlq." + route;
    }

    /** Declares the exchange and the stream queue of {@code topic} once per process. */
    void ensure(String topic) {
        if (declared.contains(topic)) {
            return;
        }
        Map<String, Object> arguments = keptForEver.contains(topic)
                ? Map.of("x-queue-type", "stream", "x-stream-max-segment-size-bytes", 50_000_000)
                : Map.of("x-queue-type", "stream", "x-max-age", settings.retention(),
                        "x-stream-max-segment-size-bytes", 50_000_000);
        withChannel(ch -> {
            ch.exchangeDeclare(exchange(topic), BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare(stream(topic), true, false, false, arguments);
            ch.queueBind(stream(topic), exchange(topic), "");
            return null;
        }, "declare topic " + topic);
        declared.add(topic);
    }

    /**
     * A stream queue without {@code x-max-age}: RabbitMQ streams do not compact, so every record is kept
     * (the topics this is for change rarely). Only a queue this declares first is made so.
     */
    @Override
    public void keepLatestPerKey(String topic) {
        keptForEver.add(topic);
        ensure(topic);
    }

    @Override
    public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
        try {
            ensure(topic);
            List<ConfirmedPublisher.Outgoing> out = new ArrayList<>(events.size());
            List<Position> positions = new ArrayList<>(events.size());
            long published = System.currentTimeMillis();
            for (EventEnvelope e : events) {
                out.add(new ConfirmedPublisher.Outgoing(exchange(topic), "",
                        CloudEventsAmqp.basicProperties(e, Map.of(PUBLISHED, published)), e.payload()));
                positions.add(new Position(cursor(published, e.id())));
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

    /**
     * A record's cursor and position: {@code <publish millis>:<event id>}. A publisher confirm names no
     * stream offset, so this is what {@link #append} can answer and a reader can find again: it starts
     * {@value #RESUME_WINDOW_MS} ms before that time and skips up to the event. A record that another
     * publisher wrote without that header has the cursor {@code o<stream offset>}.
     */
    static String cursor(long publishedMillis, String eventId) {
        return publishedMillis + ":" + eventId;
    }

    /** Where a resume starts: a stream offset argument, and the event id to skip up to (or null). */
    private record Resume(Object offset, String skipThrough, long publishedMillis) {}

    private static Resume resume(StartAt start) {
        return switch (start) {
            case StartAt.Latest l -> new Resume("next", null, 0);
            case StartAt.Earliest e -> new Resume("first", null, 0);
            case StartAt.After a -> {
                String c = a.cursor().trim();
                try {
                    if (c.startsWith("o")) {
                        yield new Resume(Long.parseLong(c.substring(1)) + 1, null, 0);
                    }
                    int colon = c.indexOf(':');
                    long millis = Long.parseLong(c.substring(0, colon));
                    yield new Resume(new java.util.Date(millis - RESUME_WINDOW_MS), c.substring(colon + 1), millis);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("not a RabbitMQ cursor (<millis>:<event id> or o<offset>): " + c);
                }
            }
        };
    }

    @Override
    public Subscription tail(String topic, StartAt start, TailListener listener) {
        ensure(topic);
        Resume resume = resume(start);
        Object offset = resume.offset();
        Channel channel = open("tail " + topic);
        AtomicBoolean closed = new AtomicBoolean();
        boolean[] skipping = {resume.skipThrough() != null}; // deliveries of one channel run one at a time
        try {
            channel.basicQos(settings.prefetch()); // a stream consumer needs a credit window
            channel.basicConsume(stream(topic), false, Map.of("x-stream-offset", offset), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                        throws IOException {
                    if (closed.get()) {
                        return;
                    }
                    Map<String, Object> h = props.getHeaders() == null ? Map.of() : props.getHeaders();
                    EventEnvelope event = CloudEventsAmqp.fromBasic(props, body, topic);
                    Object published = h.get(PUBLISHED);
                    String cursor = published instanceof Number n ? cursor(n.longValue(), event.id())
                            : "o" + h.get("x-stream-offset");
                    if (skipping[0]) {
                        // resuming: skip up to the record the reader saw last; when it is gone (retention),
                        // resume with what was published after it
                        boolean isIt = event.id().equals(resume.skipThrough());
                        boolean past = published instanceof Number n
                                && n.longValue() > resume.publishedMillis() + RESUME_WINDOW_MS;
                        if (isIt || !past) {
                            skipping[0] = !isIt;
                            getChannel().basicAck(envelope.getDeliveryTag(), false);
                            return;
                        }
                        skipping[0] = false;
                    }
                    try {
                        listener.onEvent(new LoggedEvent(event, new Position(cursor), cursor));
                    } catch (RuntimeException e) {
                        closed.set(true);
                        ConfirmedPublisher.closeQuietly(getChannel());
                        return;
                    }
                    try {
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    } catch (AlreadyClosedException e) {
                        if (!closed.get()) {
                            throw e;
                        }
                        // closed while the listener waited for its client (a paced replay): nothing to ack
                    }
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

    /**
     * Consumes the group's queue one message at a time (prefetch 1, {@link GroupHandler#handle}): it
     * does not batch, so a handler's {@link GroupHandler#maxBatch()} (a route's concurrency) has no
     * effect on RabbitMQ.
     */
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
