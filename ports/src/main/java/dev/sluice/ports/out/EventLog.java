package dev.sluice.ports.out;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The durable, ordered, replayable log of events (Kafka topics, Redis streams, RabbitMQ streams).
 * Topics are created on first use. Implementations are thread-safe.
 */
public interface EventLog {

    /**
     * Appends the events in order. The stage completes only once the broker has acknowledged every
     * event durably (acks=all, idempotent producer or its equivalent), with their positions in the
     * same order; it completes exceptionally with {@link BrokerUnavailableException} when the broker
     * cannot acknowledge in time. Events with the same key keep their relative order.
     */
    CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events);

    /**
     * Reads a topic without a consumer group, from {@code start}, pushing every record to
     * {@code listener} on one reader thread, in log order per key. Each record carries a cursor that
     * resumes right after it. Stops on {@link Subscription#close()} or when the listener throws.
     */
    Subscription tail(String topic, StartAt start, TailListener listener);

    /**
     * Runs a consumer in {@code group}: records are handed to {@code handler} one at a time in log
     * order per key, and the group's position is committed only after the handler returned normally
     * (at-least-once). A handler that throws stops the consumer without committing that record.
     */
    Subscription consume(String topic, String group, GroupHandler handler);

    /** Receives records read by {@link #tail}. */
    interface TailListener {
        void onEvent(LoggedEvent event);

        /** The reader stopped because of an error; no more events follow. */
        default void onError(Throwable error) {}
    }

    /** Handles records of a consumer group; may block (retries), but must honour interruption. */
    @FunctionalInterface
    interface GroupHandler {
        void handle(LoggedEvent event) throws InterruptedException;
    }
}
