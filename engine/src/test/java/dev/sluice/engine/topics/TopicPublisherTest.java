package dev.sluice.engine.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.AppendOnlyLog;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.in.PublishToTopic.Command;
import dev.sluice.ports.in.PublishToTopic.Event;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.PayloadSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishing to a topic against an in-memory log: what is kept of each event, what is generated, which
 * events are refused with which pointers, and that a refused request appends nothing.
 */
class TopicPublisherTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** The log, noting the topic of each append call. */
    static final class Log extends AppendOnlyLog {
        final List<String> appendCalls = new ArrayList<>();

        @Override
        public synchronized CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
            appendCalls.add(topic + " x" + events.size());
            return super.append(topic, events);
        }
    }

    /** Orders must have a price: the fake of the schema adapter names {@code /price} when the text lacks it. */
    static final PayloadSchemas.Schema ORDER_SCHEMA = json -> {
        String text = new String(json, StandardCharsets.UTF_8);
        return !text.startsWith("{") ? List.of(new PayloadSchemas.Mismatch("", "is not JSON"))
                : text.contains("\"price\"") ? List.of()
                : List.of(new PayloadSchemas.Mismatch("/price", "required property 'price' not found"));
    };

    private final Log log = new Log();
    private final AtomicInteger ids = new AtomicInteger();
    private final TopicPublisher publisher = new TopicPublisher(log, Map.of("orders", ORDER_SCHEMA),
            Clock.fixed(NOW, ZoneOffset.UTC), () -> "generated-" + ids.incrementAndGet());

    static Event event(String id, String type, String json) {
        return new Event("1.0", id, "/shop", type, null, null, "application/json", Map.of(),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private PublishToTopic.Receipt publish(String topic, boolean batch, Event... events) {
        return publisher.publish(new Command(topic, List.of(events), batch)).toCompletableFuture().join();
    }

    private InvalidInputException refused(String topic, boolean batch, Event... events) {
        CompletionException e = assertThrows(CompletionException.class, () -> publish(topic, batch, events));
        return assertInstanceOf(InvalidInputException.class, e.getCause());
    }

    private static List<String> pointers(InvalidInputException e) {
        return e.violations().stream().map(Violation::pointer).toList();
    }

    @Test
    void everythingTheProducerGivesIsKeptAndThePartitionKeyIsTheRecordKey() {
        Instant happened = Instant.parse("2026-02-28T23:59:59.123456789Z");
        byte[] xml = "<order id=\"1\"/>".getBytes(StandardCharsets.UTF_8);
        Event given = new Event("1.0", "evt-1", "https://shop.example/orders", "order.placed", "order-1", happened,
                "application/xml", Map.of("traceparent", "00-abc-def-01", "Trace-Id", "t-1", "partitionkey", "customer-7"),
                xml);

        PublishToTopic.Receipt receipt = publish("shop.events", false, given);

        assertEquals(new PublishToTopic.Receipt("shop.events", List.of(new PublishToTopic.Published("evt-1", "0:0"))),
                receipt);
        assertEquals(List.of("shop.events x1"), log.appendCalls);
        EventEnvelope written = log.appended.getFirst();
        assertEquals(new EventEnvelope("evt-1", "https://shop.example/orders", "order.placed", "order-1", happened,
                "application/xml", "customer-7", Map.of("traceparent", "00-abc-def-01", "Trace-Id", "t-1"), xml), written);
    }

    @Test
    void anIdIsGeneratedWhereNoneIsGivenAndTheTimeIsNowWhereNoneIsGiven() {
        Event bare = new Event("1.0", null, "/shop", "order.placed", null, null, null, null, null);

        PublishToTopic.Receipt receipt = publish("anything", false, bare, bare);

        assertEquals(List.of("generated-1", "generated-2"), receipt.events().stream().map(PublishToTopic.Published::id).toList());
        EventEnvelope written = log.appended.getFirst();
        assertEquals("generated-1", written.id());
        assertEquals(NOW, written.time());
        assertEquals("application/json", written.contentType(), "no datacontenttype means JSON, as in CloudEvents");
        assertNull(written.key());
        assertEquals(0, written.payload().length);
    }

    @Test
    void aBatchIsOneAppendInRequestOrderAnsweredWithEachPosition() {
        PublishToTopic.Receipt receipt = publish("orders", true, event("a", "t", "{\"price\":1}"),
                event("b", "t", "{\"price\":2}"), event("c", "t", "{\"price\":3}"));

        assertEquals(List.of("orders x3"), log.appendCalls);
        assertEquals(List.of("a", "b", "c"), log.appended.stream().map(EventEnvelope::id).toList());
        assertEquals(List.of(new PublishToTopic.Published("a", "0:0"), new PublishToTopic.Published("b", "0:1"),
                new PublishToTopic.Published("c", "0:2")), receipt.events());
    }

    @Test
    void oneBadEventInABatchWritesNothingAndEveryBadOneIsNamedByIndex() {
        Event noType = new Event("1.0", null, "/shop", null, null, null, null, Map.of(), new byte[0]);
        Event wrong = new Event("0.3", "", "not a uri", "", "", null, "", Map.of(), new byte[0]);

        InvalidInputException e = refused("anything", true, event("a", "t", "{}"), noType, event("c", "t", "{}"), wrong);

        assertEquals("2 of 4 events are invalid; nothing was written", e.getMessage());
        assertEquals(List.of("/1/type", "/3/specversion", "/3/id", "/3/source", "/3/type", "/3/subject",
                "/3/datacontenttype"), pointers(e));
        assertEquals("is required", e.violations().getFirst().message());
        assertTrue(log.appended.isEmpty() && log.appendCalls.isEmpty(), "nothing appended");
    }

    @Test
    void aSingleEventsPointersHaveNoIndex() {
        Event missing = new Event(null, null, null, null, null, null, null, Map.of(), new byte[0]);

        InvalidInputException e = refused("anything", false, missing);

        assertEquals("The event is invalid; nothing was written", e.getMessage());
        assertEquals(List.of("/specversion", "/source", "/type"), pointers(e));
    }

    @Test
    void theTopicsSchemaRefusesDataThatBreaksItWithPointersIntoTheEvent() {
        InvalidInputException batch = refused("orders", true, event("a", "t", "{\"price\":1}"),
                event("b", "t", "{\"qty\":2}"));

        assertEquals(List.of("/1/data/price"), pointers(batch));
        assertEquals("required property 'price' not found", batch.violations().getFirst().message());
        assertEquals(List.of("/data/price"), pointers(refused("orders", false, event("b", "t", "{}"))));
        assertEquals(List.of("/data"), pointers(refused("orders", false, event("b", "t", "[]"))));
        assertTrue(log.appended.isEmpty());

        publish("other-topic", false, event("x", "t", "{}"));
        assertEquals(1, log.appended.size(), "a topic without a schema takes any data");
    }

    @Test
    void aTopicWithASchemaTakesOnlyJsonData() {
        Event xml = new Event("1.0", "x", "/shop", "t", null, null, "application/xml", Map.of(),
                "<price>1</price>".getBytes(StandardCharsets.UTF_8));

        InvalidInputException e = refused("orders", false, xml);

        assertEquals(List.of("/data"), pointers(e));
        assertTrue(e.violations().getFirst().message().contains("must be JSON"), e.violations().toString());
        Event vendorJson = new Event("1.0", "y", "/shop", "t", null, null, "application/vnd.shop.order+json; charset=utf-8",
                Map.of(), "{\"price\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("y", publish("orders", false, vendorJson).events().getFirst().id());
    }

    @Test
    void aTopicNameIsOneKafkaAccepts() {
        for (String bad : new String[] {"", "a b", "x/y", ".", "..", "a".repeat(250), "__consumer_offsets"}) {
            InvalidInputException e = refused(bad, false, event("a", "t", "{}"));
            assertEquals(List.of("/topic"), pointers(e), bad);
        }
        assertEquals("The topic name is invalid; nothing was written", refused("a b", false, event("a", "t", "{}")).getMessage());
        assertEquals(List.of("/"), pointers(refused("orders", true)), "an empty batch");
        assertTrue(log.appended.isEmpty());
        publish("Shop_2026.orders-v1", false, event("a", "t", "{}"));
        assertEquals(1, log.appended.size());
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeFailsThePublication() {
        BrokerUnavailableException down = new BrokerUnavailableException("no ack", Duration.ofSeconds(3), null);
        TopicPublisher publisher = new TopicPublisher(new AppendOnlyLog() {
            @Override
            public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
                return CompletableFuture.failedFuture(down);
            }
        }, Map.of(), Clock.systemUTC());

        CompletionException e = assertThrows(CompletionException.class, () -> publisher.publish(
                new Command("t", List.of(event(null, "t", "{}")), false)).toCompletableFuture().join());

        assertEquals(down, e.getCause());
    }

    @Test
    void theDataIsWrittenAsGiven() {
        byte[] data = "{\"price\":29.90}".getBytes(StandardCharsets.UTF_8);
        publish("orders", false, new Event("1.0", "a", "/shop", "t", null, null, null, Map.of(), data));
        assertArrayEquals(data, log.appended.getFirst().payload());
    }
}
