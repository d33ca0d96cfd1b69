package dev.sluice.ports.out;

import dev.sluice.ports.event.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Latest-value tables, the seed's KTables ({@code LATEST_BY_OFFSET ... GROUP BY id}): for a log topic
 * keyed by entity id, the newest event of each key. A table is built from the topic's beginning, kept
 * current as events are appended, and rebuilt or resumed after a restart, so the log stays the system
 * of record. Implementations: Kafka Streams state stores, Redis hashes. Thread-safe.
 */
public interface LatestValues extends AutoCloseable {

    /**
     * The table of {@code topic}, started on first use. It keeps reading in the background; use
     * {@link Table#awaitValue} to read what was just appended.
     */
    Table table(String topic);

    @Override
    void close();

    /** One table: key to the newest event with that key. */
    interface Table {

        Optional<EventEnvelope> get(String key);

        /** Every current value, ordered by key. */
        List<EventEnvelope> values();

        /**
         * Waits until the table's value of {@code key} is the event {@code eventId}: read-your-own-writes
         * after an append. (When another change to the same key replaces it first, this times out.)
         *
         * @return false when it did not within {@code timeout}
         */
        boolean awaitValue(String key, String eventId, Duration timeout) throws InterruptedException;
    }
}
