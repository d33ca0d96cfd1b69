package dev.sluice.engine.topics;

import dev.sluice.engine.view.ViewService;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.BrowseTopics;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Topic browsing: the log's topics and a live look at any of them, events unchanged. A broker that cannot
 * list its topics gets the topics Sluice's configuration names instead, with unknown counts.
 */
public final class TopicBrowser implements BrowseTopics {

    private final EventLog log;
    private final Set<String> configured;

    /** @param configured the topics configuration names (routes, views), listed when the broker lists none */
    public TopicBrowser(EventLog log, Set<String> configured) {
        this.log = log;
        this.configured = new TreeSet<>(configured);
    }

    @Override
    public List<TopicInfo> topics() {
        List<TopicInfo> topics = new ArrayList<>();
        Map<String, Long> listed;
        try {
            listed = log.topics();
        } catch (UnsupportedOperationException e) {
            configured.forEach(t -> topics.add(new TopicInfo(t, -1)));
            return topics;
        }
        listed.forEach((name, records) -> topics.add(new TopicInfo(name, records)));
        return topics;
    }

    @Override
    public SubscribeToChannel.Subscription subscribe(String topic, StartAt start, SubscribeToChannel.Listener listener) {
        List<Violation> violations = new ArrayList<>();
        if (!TopicPublisher.checkTopic(topic, violations)) {
            throw new InvalidInputException("invalid topic name", violations);
        }
        Subscription tail = log.tail(topic, start, new EventLog.TailListener() {
            @Override
            public void onEvent(LoggedEvent logged) {
                listener.onEvent(ViewService.toChannelEvent(logged));
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(error);
            }
        });
        return tail::close;
    }
}
