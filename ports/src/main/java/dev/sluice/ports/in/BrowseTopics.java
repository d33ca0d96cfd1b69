package dev.sluice.ports.in;

import dev.sluice.ports.event.StartAt;
import java.util.List;

/**
 * Use case: look at the log's topics as they are, the way {@code PRINT 'interaction' FROM BEGINNING} does
 * in ksqlDB: list them, and watch one from the beginning, from now or from a cursor.
 */
public interface BrowseTopics {

    /**
     * @param name    the topic
     * @param records how many records it holds, -1 where the broker cannot tell
     */
    record TopicInfo(String name, long records) {}

    /** The topics, by name. */
    List<TopicInfo> topics();

    /**
     * Delivers the topic's events, unchanged, from {@code start}; each event's id is the cursor that
     * resumes after it.
     *
     * @throws InvalidInputException when the topic name is not one a topic can have
     */
    SubscribeToChannel.Subscription subscribe(String topic, StartAt start, SubscribeToChannel.Listener listener);
}
