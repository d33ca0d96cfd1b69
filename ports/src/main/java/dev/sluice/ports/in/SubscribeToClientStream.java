package dev.sluice.ports.in;

import dev.sluice.ports.out.ClientStreams;
import java.util.List;

/** Use case: one client's own events (scenario S5), and demo events for the known clients. */
public interface SubscribeToClientStream {

    /**
     * Opens the client's stream; the caller acknowledges each event once written to the client.
     *
     * @param lastEventId the last event id the client has, or null
     */
    ClientStreams.Reading subscribe(String clientId, String lastEventId, ClientStreams.Reader reader);

    /**
     * Publishes {@code perClient} demo events for each known demo client to the clients' topic.
     *
     * @return how many events were published per client id
     */
    java.util.Map<String, Integer> generateDemoEvents(int perClient);

    /** The demo client ids from configuration. */
    List<String> demoClients();
}
