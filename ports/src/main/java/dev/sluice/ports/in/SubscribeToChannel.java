package dev.sluice.ports.in;

import dev.sluice.ports.event.StartAt;
import java.util.List;

/**
 * Use case: watch a channel (an SSE route) live. The subscribers that start at "latest" share one
 * reader per channel, so their listeners must not block: one slow subscriber never delays another. A
 * replay or a resume gets a reader of its own, which its listener may hold up to read no faster than
 * its client takes the events (see {@link Listener}).
 */
public interface SubscribeToChannel {

    /** A running subscription. {@link #close()} stops it; it is idempotent and never throws. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

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
     * Receives a subscription's events on the reader's thread, one at a time. A listener that throws
     * gets no more events; the other subscribers go on.
     *
     * <ul>
     *   <li>From {@link StartAt.Latest}: the thread is the channel's shared reader, so the listener must
     *       not block (a subscriber that cannot keep up is dropped rather than waited for).</li>
     *   <li>From {@link StartAt.Earliest} or {@link StartAt.After}: the reader is this subscription's
     *       own, so the listener may block to pace it; the log is read no further while it waits. Its
     *       owner must wake it once the subscription is closed ({@link Subscription#close()} does not
     *       interrupt it); the reader then stops.</li>
     * </ul>
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
