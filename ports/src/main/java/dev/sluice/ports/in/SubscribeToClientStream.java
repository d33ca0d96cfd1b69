package dev.sluice.ports.in;

import dev.sluice.ports.event.LoggedEvent;
import java.util.List;

/** Use case: one client's own events (scenario S5), and demo events for the known clients. */
public interface SubscribeToClientStream {

    /**
     * Opens the client's stream; the caller acknowledges each event once written to the client.
     *
     * @param lastEventId the last event id the client has, or null
     * @throws IllegalArgumentException when the client id is blank or too long, or {@code lastEventId} is
     *                                  not an event id
     */
    Reading subscribe(String clientId, String lastEventId, Reader reader);

    /**
     * Publishes {@code perClient} demo events for each known demo client to the clients' topic.
     *
     * @return how many events were published per client id
     */
    java.util.Map<String, Integer> generateDemoEvents(int perClient);

    /** The demo client ids from configuration. */
    List<String> demoClients();

    /** Receives a client's events on the reading thread; {@link LoggedEvent#position()} is the event id. */
    interface Reader {
        void onEvent(LoggedEvent event);

        void onError(Throwable error);
    }

    /** An open client stream. {@link #close()} stops it; it is idempotent and never throws. */
    interface Reading extends AutoCloseable {
        /** The event was written to the client: it will not be delivered again. */
        void acknowledge(String eventId);

        @Override
        void close();
    }
}
