package dev.sluice.ports.in;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.Subscription;
import java.util.List;

/**
 * Use case: watch a channel (an SSE route) live. The subscribers that start at "latest" share one
 * reader per channel; a replay or a resume gets a reader of its own. Listeners must not block, so one
 * slow subscriber never delays another.
 */
public interface SubscribeToChannel {

    /** The channels that can be subscribed to, in configuration order. */
    List<ChannelInfo> channels();

    /**
     * Starts delivering the channel's events (after its pipeline) to {@code listener} from {@code start}.
     * Events dropped by a filter are not delivered, but they still advance the cursor.
     *
     * @throws NotFoundException when no channel has that name
     */
    Subscription subscribe(String channel, StartAt start, Listener listener);

    /**
     * Receives a subscription's events on the reader's thread, which may be shared with the channel's
     * other subscribers: must not block. A listener that throws gets no more events; the other
     * subscribers go on.
     */
    interface Listener {
        void onEvent(ChannelEvent event);

        void onError(Throwable error);
    }

    /**
     * One event ready to send.
     *
     * @param id          cursor that resumes right after this event (the SSE {@code id:})
     * @param type        CloudEvents type (the SSE {@code event:})
     * @param contentType media type of {@code data}
     * @param data        the payload as text
     * @param eventId     CloudEvents id
     */
    record ChannelEvent(String id, String type, String contentType, String data, String eventId) {}

    /** A channel as the console and API list it. */
    record ChannelInfo(String name, String topic, List<String> pipeline) {
        public ChannelInfo {
            pipeline = List.copyOf(pipeline);
        }
    }
}
