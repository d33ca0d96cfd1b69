package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import dev.sluice.ports.spi.Source;
import dev.sluice.ports.spi.SourcePlugin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source and sink {@code amqp}: RabbitMQ over AMQP 0-9-1. Options: {@code url}, {@code username},
 * {@code password}; a source reads the durable queue named by the route's {@code from} with
 * {@code prefetch} (default 16) and manual acks; a sink publishes persistent messages with publisher
 * confirms to {@code queue} (declared durable) or to {@code exchange} with {@code routing-key}, and
 * waits up to {@code timeout} (default 10s) for the confirm.
 */
public final class AmqpPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpPlugins.class);

    private AmqpPlugins() {}

    /** One lazily opened 0-9-1 connection with automatic recovery, its deliveries on virtual threads. */
    static final class LazyConnection implements AutoCloseable {
        private final AmqpEndpoint endpoint;
        private final String name;
        private final ExecutorService executor =
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-amqp-", 0).factory());
        private Connection connection;

        LazyConnection(AmqpEndpoint endpoint, String name) {
            this.endpoint = endpoint;
            this.name = name;
        }

        synchronized Connection get() throws Exception {
            if (connection == null || !connection.isOpen() && !(connection instanceof com.rabbitmq.client.Recoverable)) {
                connection = endpoint.connectionFactory(name).newConnection(executor);
            }
            return connection;
        }

        @Override
        public synchronized void close() {
            try {
                if (connection != null && connection.isOpen()) {
                    connection.close(5000);
                }
            } catch (Exception e) {
                // gone already
            }
            executor.shutdownNow();
        }
    }

    /** Sink {@code amqp}. */
    public static final class SinkProvider implements SinkPlugin {
        @Override
        public String name() {
            return "amqp";
        }

        @Override
        public java.util.Set<String> options() {
            return java.util.Set.of("url", "username", "password", "queue", "exchange", "routing-key", "timeout");
        }

        @Override
        public Sink open(Map<String, String> options) {
            String queue = options.get("queue");
            String exchange = options.getOrDefault("exchange", "").trim();
            if ((queue == null || queue.isBlank()) == exchange.isEmpty()) {
                throw new IllegalArgumentException("sink 'amqp' needs option 'queue', or 'exchange' (with 'routing-key')");
            }
            String routingKey = queue != null && !queue.isBlank() ? queue.trim() : options.getOrDefault("routing-key", "");
            return new AmqpSink(AmqpEndpoint.from(options, "sink 'amqp'"), queue == null ? null : queue.trim(), exchange,
                    routingKey, Options.duration(options, "timeout", "10s"));
        }
    }

    /** Source {@code amqp}: the route's {@code from} is the queue (declared durable). */
    public static final class SourceProvider implements SourcePlugin {
        @Override
        public String name() {
            return "amqp";
        }

        @Override
        public java.util.Set<String> options() {
            return java.util.Set.of("url", "username", "password", "prefetch");
        }

        @Override
        public Source open(String queue, Map<String, String> options) {
            return new AmqpSource(AmqpEndpoint.from(options, "source 'amqp'"), queue.trim(),
                    Options.integer(options, "prefetch", 16, 1));
        }
    }

    static final class AmqpSink implements PushSink {
        private final AmqpEndpoint endpoint;
        private final String queue;
        private final String exchange;
        private final String routingKey;
        private final Duration timeout;
        private final LazyConnection connection;
        private ConfirmedPublisher publisher;

        AmqpSink(AmqpEndpoint endpoint, String queue, String exchange, String routingKey, Duration timeout) {
            this.endpoint = endpoint;
            this.queue = queue;
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.timeout = timeout;
            this.connection = new LazyConnection(endpoint, "sluice-sink");
        }

        @Override
        public Outcome deliver(EventEnvelope event) throws InterruptedException {
            long start = System.nanoTime();
            try {
                ConfirmedPublisher p = publisher();
                AMQP.BasicProperties props = CloudEventsAmqp.basicProperties(event, null);
                p.publish(List.of(new ConfirmedPublisher.Outgoing(exchange, routingKey, props, event.payload())));
                return new Outcome(true, false, 0, null, "confirmed", Duration.ofNanos(System.nanoTime() - start));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                return new Outcome(false, true, 0, null, "AMQP publish failed: " + e.getClass().getSimpleName(),
                        Duration.ofNanos(System.nanoTime() - start));
            }
        }

        private synchronized ConfirmedPublisher publisher() throws Exception {
            if (publisher == null) {
                Connection c = connection.get();
                if (queue != null) {
                    try (var ch = c.createChannel()) {
                        ch.queueDeclare(queue, true, false, false, Map.of());
                    }
                }
                publisher = new ConfirmedPublisher(c, timeout, 4);
            }
            return publisher;
        }

        @Override
        public String describe() {
            return "amqp " + (queue != null ? "queue " + queue : "exchange " + exchange + " key " + routingKey)
                    + " @ " + endpoint;
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    static final class AmqpSource implements Source {
        private final AmqpEndpoint endpoint;
        private final String queue;
        private final int prefetch;
        private final LazyConnection connection;

        AmqpSource(AmqpEndpoint endpoint, String queue, int prefetch) {
            this.endpoint = endpoint;
            this.queue = queue;
            this.prefetch = prefetch;
            this.connection = new LazyConnection(endpoint, "sluice-source");
        }

        @Override
        public Subscription consume(EventLog.GroupHandler handler) {
            AtomicBoolean closed = new AtomicBoolean();
            AtomicReference<Subscription> running = new AtomicReference<>();
            // the queue may be unreachable at start-up: keep trying; afterwards automatic recovery takes over
            Thread starter = Thread.ofVirtual().name("sluice-amqp-source-" + queue).start(() -> {
                Duration backoff = Duration.ofSeconds(1);
                boolean waiting = false;
                while (!closed.get()) {
                    try {
                        Connection c = connection.get();
                        try (var ch = c.createChannel()) {
                            ch.queueDeclare(queue, true, false, false, Map.of());
                        }
                        running.set(QueueConsumer.start(c, queue, prefetch, queue, handler, Duration.ofSeconds(1)));
                        LOG.info("reading AMQP queue {} @ {}", queue, endpoint);
                        if (waiting) {
                            handler.resumed();
                        }
                        return;
                    } catch (Exception e) {
                        if (!waiting) {
                            waiting = true;
                            LOG.warn("AMQP source {} @ {}: {}; trying again with backoff until it answers", queue,
                                    endpoint, e.toString());
                            handler.waiting("AMQP " + endpoint + ": " + e.getMessage());
                        } else {
                            LOG.debug("AMQP source {} @ {}: {}", queue, endpoint, e.toString());
                        }
                        try {
                            Thread.sleep(backoff);
                        } catch (InterruptedException ie) {
                            return;
                        }
                        backoff = backoff.compareTo(Duration.ofSeconds(30)) >= 0 ? backoff : backoff.multipliedBy(2);
                    }
                }
            });
            return () -> {
                if (closed.compareAndSet(false, true)) {
                    starter.interrupt();
                    Subscription s = running.get();
                    if (s != null) {
                        s.close();
                    }
                }
            };
        }

        @Override
        public String describe() {
            return "amqp queue " + queue + " @ " + endpoint;
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
