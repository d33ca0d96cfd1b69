package dev.sluice.engine.route;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.PushSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A push sink that appends to a topic of Sluice's own log (Kafka when the broker is embedded or
 * kafka): the S2 bridge's "Kafka FOO" output. Delivered means the broker acknowledged durably; a
 * broker that is down or slower than {@code timeout} is a retryable failure.
 */
public final class LogSink implements PushSink {

    private final EventLog log;
    private final String topic;
    private final Duration timeout;

    public LogSink(EventLog log, String topic, Duration timeout) {
        this.log = Objects.requireNonNull(log, "log");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("sink 'log' needs option 'topic'");
        }
        this.topic = topic.trim();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Outcome deliver(EventEnvelope event) throws InterruptedException {
        long start = System.nanoTime();
        try {
            log.append(topic, List.of(event)).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(true, false, 0, null, "appended to " + topic, since(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause instanceof BrokerUnavailableException ? "broker unavailable" : cause.getClass().getSimpleName();
            return new Outcome(false, true, 0, null, "append to " + topic + " failed: " + why, since(start));
        } catch (TimeoutException e) {
            return new Outcome(false, true, 0, null, "append to " + topic + " not acknowledged within " + timeout,
                    since(start));
        }
    }

    @Override
    public String describe() {
        return "log topic " + topic;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
