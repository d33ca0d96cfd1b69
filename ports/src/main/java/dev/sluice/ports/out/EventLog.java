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
     * same order; it completes exceptionally with {@link dev.sluice.ports.event.BrokerUnavailableException} when the broker
     * cannot acknowledge in time. Events with the same key keep their relative order.
     */
    CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events);

    /**
     * Reads a topic without a consumer group, from {@code start}, pushing every record to
     * {@code listener} on one reader thread, in log order per key. Each record carries a cursor that
     * resumes right after it. Stops on {@link Subscription#close()} or when the listener throws.
     * The listener may block (see {@link TailListener}).
     */
    Subscription tail(String topic, StartAt start, TailListener listener);

    /**
     * Makes {@code topic} a store of the newest record per key, kept for ever: in one order for all its
     * keys (one partition), never expired by age, and allowed to drop a record once a newer one of the
     * same key follows (Kafka: {@code cleanup.policy=compact}). For Sluice's own state kept on the log,
     * such as the routes made at run time. Call it before the topic's first use; a broker that keeps
     * every record of such a topic anyway (Redis Streams without trimming) does nothing.
     *
     * @throws dev.sluice.ports.event.BrokerUnavailableException when the broker does not answer
     */
    default void keepLatestPerKey(String topic) {}

    /**
     * The topics of the log, by name, each with how many records it holds (-1 where the broker cannot
     * tell cheaply); the broker's internal topics are left out.
     *
     * @throws UnsupportedOperationException when this broker cannot list them
     * @throws dev.sluice.ports.event.BrokerUnavailableException when the broker does not answer
     */
    default java.util.SortedMap<String, Long> topics() {
        throw new UnsupportedOperationException("this broker does not list its topics");
    }

    /**
     * Runs a consumer in {@code group}: records are handed to {@code handler} in log order per key, in
     * batches of at most {@link GroupHandler#maxBatch()} (one at a time by default), and the group's
     * position is committed only after the handler returned normally (at-least-once). When the handler
     * throws, nothing of that batch is committed and it is handed again after a pause. Adapters that
     * batch call {@link GroupHandler#handleBatch}; the others call {@link GroupHandler#handle}.
     *
     * <p>The consumer never stops by itself: when the broker is unreachable it reports
     * {@link GroupHandler#waiting} once, retries with backoff and reports {@link GroupHandler#resumed}
     * when it reads again. Records a consumer was handed but did not commit (it was closed, or its
     * process died) go to the group's other or next consumer: at once when the group's membership
     * changes (Kafka, RabbitMQ) or after the broker's idle limit for a consumer that stopped answering
     * (Redis Streams, {@code claim-idle}); a process that restarts with the same consumer name gets them
     * at once.
     */
    Subscription consume(String topic, String group, GroupHandler handler);

    /**
     * Receives records read by {@link #tail}, one at a time on the tail's reader thread, which is its
     * own. While {@link #onEvent} runs the reader reads nothing more, so a listener may block to pace
     * it; what the adapter holds meanwhile stays bounded (a Kafka poll, a Redis XREAD batch, the RabbitMQ
     * prefetch window). {@link Subscription#close()} does not interrupt a listener that blocks: whoever
     * blocks it must wake it, after which the reader stops.
     */
    interface TailListener {
        void onEvent(LoggedEvent event);

        /** The reader stopped because of an error; no more events follow. */
        default void onError(Throwable error) {}
    }

    /** Handles records of a consumer group; may block (retries), but must honour interruption. */
    @FunctionalInterface
    interface GroupHandler {
        /** Handles one record; returns once it may be committed, throws when it must not be. */
        void handle(LoggedEvent event) throws InterruptedException;

        /**
         * Handles a batch of records, in log order. Returns only when every event of the batch has been
         * handled. When it throws, the adapter commits none of the batch: all of its records are
         * delivered again, also those that had been handled (duplicates are allowed by at-least-once).
         * The default handles them one after another with {@link #handle}.
         *
         * <p>Kafka and Redis consumer groups hand over batches of up to {@link #maxBatch()} records of
         * one poll; RabbitMQ groups and the AMQP sources call {@link #handle} for one message at a time.
         */
        default void handleBatch(List<LoggedEvent> events) throws InterruptedException {
            for (LoggedEvent event : events) {
                handle(event);
            }
        }

        /**
         * The most records an adapter may hand to one {@link #handleBatch} call. The default, 1, keeps
         * redelivery exact: after a failure only the record that failed comes again. A handler that
         * works on a batch in parallel answers more, and accepts that a failure redelivers its batch.
         */
        default int maxBatch() {
            return 1;
        }

        /**
         * The most records this handler takes through {@link #start} before the first of them is finished,
         * or 0 (the default) when it takes batches ({@link #handleBatch}). An adapter that can (Kafka
         * consumer groups) then hands records over one by one as it reads them, keeps reading while fewer
         * than this many are unfinished, and commits each partition up to its first unfinished record: a
         * record that takes long holds back the commit, not the records after it. The others call
         * {@link #handleBatch} as before.
         */
        default int window() {
            return 0;
        }

        /**
         * Starts handling {@code event} and returns at once; {@code finished} is told {@code null} once
         * the record may be committed, or why it must not be (then the adapter waits until every started
         * record is finished, goes back to the first of each partition that was not handled and hands
         * them over again). Called on the consumer's thread, in log order; {@code finished} may be called
         * from any thread, and must not block. Only called when {@link #window()} is above 0.
         */
        default void start(LoggedEvent event, java.util.function.Consumer<Throwable> finished) {
            throw new UnsupportedOperationException("this handler takes batches");
        }

        /**
         * Stops what {@link #start} began, because the consumer closes or goes back after a failure: work
         * under way is interrupted, work not begun is dropped (its {@code finished} is never told);
         * returns when none runs. After it, {@link #start} may be called again, and records of a key
         * whose record failed are handled again (until then they are refused as not handled, so a key's
         * later record never overtakes an earlier one that failed).
         */
        default void stopStarted() {}

        /**
         * The consumer lost its broker (or its source) and keeps trying to reach it again, with backoff;
         * called once per outage, on the consumer's thread, before any retry. Nothing is committed or
         * handed over while it waits. Must not block.
         *
         * @param reason what failed, safe to show (no credentials)
         */
        default void waiting(String reason) {}

        /** The consumer reads again after {@link #waiting}. Must not block. */
        default void resumed() {}
    }
}
