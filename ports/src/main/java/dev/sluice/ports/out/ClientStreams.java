package dev.sluice.ports.out;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import java.time.Duration;

/**
 * One bounded stream per client (Redis Streams), written only while the client is connected, and
 * read through a consumer group per client so that what was not acknowledged is delivered again.
 * Thread-safe.
 */
public interface ClientStreams {

    /** Whether the client has an open subscription (its registration has not expired). */
    boolean isActive(String clientId);

    /**
     * Appends to the client's stream, trimmed to about its maximum length.
     *
     * @return the entry id
     * @throws dev.sluice.ports.event.BrokerUnavailableException when it cannot be stored; the caller must not commit
     */
    String append(String clientId, EventEnvelope event);

    /**
     * Opens the client's stream: registers the client as active (refreshed every few seconds until
     * closed, expiring {@code ttl} after the last refresh), then delivers first the entries earlier
     * connections received but never acknowledged, then new ones, in stream order. Entries up to and
     * including {@code lastEventId} are acknowledged without being delivered.
     *
     * @param lastEventId the last entry id the client has, or null
     * @throws IllegalArgumentException when {@code lastEventId} is not an entry id
     */
    Reading open(String clientId, String lastEventId, Duration ttl, Reader reader);

    /** Receives a client's entries on the reading thread. */
    interface Reader {
        void onEvent(LoggedEvent event);

        void onError(Throwable error);
    }

    /** An open client stream. */
    interface Reading extends Subscription {
        /** The entry was written to the client: it will not be delivered again. */
        void acknowledge(String entryId);
    }
}
