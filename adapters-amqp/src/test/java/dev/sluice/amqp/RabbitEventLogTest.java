package dev.sluice.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.contract.EventLogContract;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.BrokerPlugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event-log contract on the real RabbitMQ (stream queues, group queues, confirms), plus what is RabbitMQ-specific. */
class RabbitEventLogTest extends EventLogContract {

    private static BrokerPlugin.Broker broker;
    private static BrokerPlugin.Broker other;
    private static EventLog recording;
    private static DeadLetters recordingDeadLetters;

    @BeforeAll
    static void connect() {
        broker = new RabbitBrokerPlugin().start(Map.of("uri", TestRabbit.URI, "group-queue-type", "classic", "name-prefix", TestRabbit.PREFIX));
        other = new RabbitBrokerPlugin().start(Map.of("uri", TestRabbit.URI, "group-queue-type", "classic", "name-prefix", TestRabbit.PREFIX));
        EventLog log = broker.eventLog();
        // remembers every topic and group the contract uses, so that they are deleted afterwards
        recording = new EventLog() {
            @Override
            public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
                TestRabbit.topic(topic);
                return log.append(topic, events);
            }

            @Override
            public Subscription tail(String topic, StartAt start, TailListener listener) {
                TestRabbit.topic(topic);
                return log.tail(topic, start, listener);
            }

            @Override
            public Subscription consume(String topic, String group, GroupHandler handler) {
                TestRabbit.topic(topic);
                TestRabbit.group(topic, group);
                return log.consume(topic, group, handler);
            }
        };
        DeadLetters dl = broker.deadLetters();
        recordingDeadLetters = new DeadLetters() {
            @Override
            public Position add(String route, EventEnvelope event, String reason, int attempts) {
                TestRabbit.deadLetters(route);
                return dl.add(route, event, reason, attempts);
            }

            @Override
            public List<DeadLetter> pending(String route, int limit) {
                TestRabbit.deadLetters(route);
                return dl.pending(route, limit);
            }

            @Override
            public void acknowledge(String route, DeadLetter letter) {
                dl.acknowledge(route, letter);
            }
        };
    }

    @AfterAll
    static void cleanUp() throws Exception {
        broker.close();
        other.close();
        TestRabbit.forget();
    }

    @Override
    protected EventLog log() {
        return recording;
    }

    @Override
    protected DeadLetters deadLetters() {
        return recordingDeadLetters;
    }

    /** Another connection: the topics and groups are the ones {@link #log()} recorded. */
    @Override
    protected EventLog anotherInstance() {
        return other.eventLog();
    }

    @Test
    void aBrokerWithoutPartitionsSaysSoAtStartUp() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RabbitBrokerPlugin().start(Map.of("uri", TestRabbit.URI, "partitions", "3")));
        assertTrue(e.getMessage().contains("cannot give partitions"), e.getMessage());
    }

    @Test
    void anUnreachableBrokerFailsStartUpNamingWhereItLookedWithoutTheCredentials() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RabbitBrokerPlugin().start(Map.of("uri", "amqp://sluice:s3cret@127.0.0.1:1")));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret"), "no password in the message: " + e.getMessage());
    }

    @Test
    void aCursorWhoseEventIsGoneResumesWithWhatWasPublishedAfterIt() throws Exception {
        String topic = unique("gone");
        List<EventEnvelope> events = List.of(event("a", "{\"n\":1}"), event("b", "{\"n\":2}"));
        List<Position> positions = log().append(topic, events).toCompletableFuture().get();
        String first = positions.get(0).value();
        long millis = Long.parseLong(first.substring(0, first.indexOf(':')));
        // a cursor from long before, whose event no longer exists
        String stale = (millis - 3 * RabbitEventLog.RESUME_WINDOW_MS) + ":no-such-event";
        List<LoggedEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.after(stale), seen::add)) {
            awaitSize(seen, 2);
        }
        assertEquals(events.stream().map(EventEnvelope::id).toList(), seen.stream().map(e -> e.event().id()).toList());
        assertThrows(IllegalArgumentException.class, () -> log().tail(topic, StartAt.after("garbage"), e -> { }));
    }
}
