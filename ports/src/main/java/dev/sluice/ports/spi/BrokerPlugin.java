package dev.sluice.ports.spi;

import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import java.util.Map;

/**
 * Provides the broker that carries Sluice's log, selected by {@code sluice.broker}. Found through
 * {@link java.util.ServiceLoader}.
 */
public interface BrokerPlugin {
    String name();

    /**
     * The option names {@link #start} reads, checked by {@link Options#check} before it is called; a name
     * ending in a dot ({@code client.}) admits every name under it. Null (the default): not declared, no
     * name is refused.
     */
    default java.util.Set<String> options() {
        return null;
    }

    /**
     * Connects to (or starts) the broker.
     *
     * @param settings flat settings for this broker, such as {@code bootstrap-servers} or {@code data-dir}
     * @throws IllegalStateException when the broker cannot provide what Sluice needs (names it)
     */
    Broker start(Map<String, String> settings);

    /** A started broker. {@link #close()} releases clients and stops what {@link #start} started. */
    interface Broker extends AutoCloseable {
        EventLog eventLog();

        DeadLetters deadLetters();

        /**
         * Latest-value tables over this broker's log (scenario S3), started on first use.
         *
         * @throws IllegalStateException when this broker has none (start-up fails naming it)
         */
        default LatestValues latestValues() {
            throw new IllegalStateException("this broker has no latest-value tables of its own; "
                    + "set sluice.commerce.tables=redis (SLUICE_COMMERCE_TABLES) to keep them in Redis hashes");
        }

        /**
         * Starts the streaming views of scenario S4, all {@code plans} in one topology, under
         * {@code applicationId} (the name its state, changelogs and consumer group go by).
         *
         * @throws IllegalStateException when this broker has no stream processor (start-up fails naming it)
         */
        default dev.sluice.ports.out.StreamingViews views(java.util.List<dev.sluice.ports.out.StreamingViews.Plan> plans,
                                                         dev.sluice.ports.out.JsonCodec json, String applicationId) {
            throw new IllegalStateException("views need Kafka Streams, which this broker has not: declared views"
                    + " (sluice.views) run on sluice.broker=embedded or kafka");
        }

        /** Answers whether the broker currently accepts writes (used by health checks). */
        boolean isAvailable();

        @Override
        void close();
    }
}
