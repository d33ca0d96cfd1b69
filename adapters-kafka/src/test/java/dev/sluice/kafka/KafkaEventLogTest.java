package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.ports.contract.EventLogContract;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event-log contract on a real (embedded, KRaft) Kafka, plus what is Kafka-specific. */
class KafkaEventLogTest extends EventLogContract {

    private static KafkaBroker broker;
    private static KafkaBroker threePartitions;
    private static KafkaBroker other;

    @BeforeAll
    static void connect() {
        String bootstrap = SharedKafka.get().bootstrapServers();
        broker = new KafkaBroker(KafkaSettings.from(Map.of("bootstrap-servers", bootstrap, "replication-factor", "1"),
                null), null);
        other = new KafkaBroker(KafkaSettings.from(Map.of("bootstrap-servers", bootstrap, "replication-factor", "1"),
                null), null);
        threePartitions = new KafkaBroker(KafkaSettings.from(Map.of("bootstrap-servers", bootstrap,
                "replication-factor", "1", "partitions", "3"), null), null);
    }

    @AfterAll
    static void disconnect() {
        broker.close();
        threePartitions.close();
        other.close();
    }

    @Override
    protected EventLog log() {
        return broker.eventLog();
    }

    @Override
    protected DeadLetters deadLetters() {
        return broker.deadLetters();
    }

    @Override
    protected EventLog anotherInstance() {
        return other.eventLog();
    }

    @Test
    void extensionHeadersAreCloudEventsExtensionsAndOtherHeadersRecordHeadersUnderTheirExactName() throws Exception {
        String topic = unique("headers");
        EventEnvelope e = event("k", "{}").withHeaders(Map.of("traceparent", "00-ab", "Trace-Id", "t-1", "id", "clash",
                "content-type", "text/plain"));
        broker.eventLog().append(topic, List.of(e)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        ConsumerRecord<String, byte[]> record = firstRecord(topic);
        assertEquals("00-ab", header(record, "ce_traceparent"));
        assertEquals("t-1", header(record, "Trace-Id"));
        assertEquals("clash", header(record, "id"));
        assertEquals("application/json", header(record, "content-type"), "a header cannot take the binding's names");

        CloudEvent read = KafkaMessageFactory.createReader(record).toEvent(); // what a CloudEvents consumer sees
        assertEquals(e.id(), read.getId(), "a header cannot overwrite a context attribute");
        assertEquals("00-ab", read.getExtension("traceparent"));
        assertEquals(e.time(), read.getTime().toInstant());
        assertEquals("application/json", read.getDataContentType());
        assertEquals(e.headers(), CloudEventsMapping.fromRecord(record).headers());
    }

    @Test
    void aRecordThatTheCloudEventsSdkWroteIsRead() throws Exception {
        String topic = unique("sdk");
        CloudEvent ce = CloudEventBuilder.v1().withId("sdk-1").withSource(java.net.URI.create("/sdk")).withType("t")
                .withTime(java.time.OffsetDateTime.parse("2026-11-23T10:15:30.123+01:00"))
                .withDataContentType("application/json").withExtension("traceparent", "00-cd")
                .withData("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                SharedKafka.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(KafkaMessageFactory.createWriter(topic, "k").writeBinary(ce)).get(30, TimeUnit.SECONDS);
        }
        EventEnvelope read = CloudEventsMapping.fromRecord(firstRecord(topic));
        assertEquals("sdk-1", read.id());
        assertEquals("/sdk", read.source());
        assertEquals(ce.getTime().toInstant(), read.time());
        assertEquals("k", read.key());
        assertEquals(Map.of("traceparent", "00-cd"), read.headers());
    }

    private static ConsumerRecord<String, byte[]> firstRecord(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                SharedKafka.get().bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record on " + topic);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aNewGroupStartsAtTheBeginningOfTheTopic() throws Exception {
        assertANewGroupStartsAtTheBeginning();
    }

    @Test
    void resumeIsExactAcrossPartitions() throws Exception {
        EventLog log = threePartitions.eventLog();
        String topic = unique("partitions");
        List<EventEnvelope> first = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            first.add(event("key" + i, "{\"i\":" + i + "}"));
        }
        log.append(topic, first).toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription s = log.tail(topic, StartAt.earliest(), seen::add)) {
            awaitSize(seen, 30);
        }
        LoggedEvent stop = seen.get(12);
        assertEquals(3, stop.cursor().split(",").length, "the cursor covers every partition: " + stop.cursor());
        List<EventEnvelope> second = new ArrayList<>();
        for (int i = 30; i < 40; i++) {
            second.add(event("key" + i, "{\"i\":" + i + "}"));
        }
        log.append(topic, second).toCompletableFuture().get(30, TimeUnit.SECONDS);

        List<LoggedEvent> resumed = new CopyOnWriteArrayList<>();
        try (Subscription s = log.tail(topic, StartAt.after(stop.cursor()), resumed::add)) {
            awaitSize(resumed, 27);
            Thread.sleep(300);
        }
        List<String> expected = new ArrayList<>(seen.subList(13, 30).stream().map(e -> e.event().id()).toList());
        second.forEach(e -> expected.add(e.id()));
        assertEquals(expected.stream().sorted().toList(),
                resumed.stream().map(e -> e.event().id()).sorted().toList(), "no gap and no repeat");
    }

    @Test
    void aFailedBatchIsHandedAgainWithNothingOfItCommitted() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", SharedKafka.get().bootstrapServers()))) {
            List<Long> committedWhenHandedAgain = new CopyOnWriteArrayList<>();
            assertAFailedBatchIsHandedAgainWhole((topic, group) ->
                    committedWhenHandedAgain.add(committed(admin, group, new TopicPartition(topic, 0))));
            assertEquals(List.of(-1L), committedWhenHandedAgain, "nothing of the failed batch was committed");
        }
    }

    /**
     * A handler with a window of 10 (polls of 5): the consumer reads past a record that does not finish,
     * up to the window and no further, commits nothing past it, and once it finishes goes on to the end.
     */
    @Test
    void aWindowReadsPastAnUnfinishedRecordUpToItsSizeAndCommitsOnlyUpToIt() throws Exception {
        String topic = unique("window");
        String group = unique("window-group");
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(event("k" + i, "{\"n\":" + i + "}"));
        }
        broker.eventLog().append(topic, events).toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<String> started = new CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<java.util.function.Consumer<Throwable>> first =
                new java.util.concurrent.CompletableFuture<>();
        EventLog.GroupHandler handler = new EventLog.GroupHandler() {
            @Override
            public void handle(LoggedEvent event) {
                throw new AssertionError("a handler with a window takes records through start");
            }

            @Override
            public int window() {
                return 10;
            }

            @Override
            public void start(LoggedEvent event, java.util.function.Consumer<Throwable> finished) {
                started.add(event.event().key());
                if (event.event().key().equals("k0")) {
                    first.complete(finished); // finished later, by the test
                } else {
                    finished.accept(null);
                }
            }
        };
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", SharedKafka.get().bootstrapServers()));
             Subscription consumer = broker.eventLog().consume(topic, group, handler)) {
            first.get(30, TimeUnit.SECONDS);
            Thread.sleep(1500); // time to read on, as far as the window lets it
            int read = started.size();
            org.junit.jupiter.api.Assertions.assertTrue(read >= 10 && read <= 14,
                    "read past the unfinished record, up to the window (10) plus one poll (5) at most: " + read);
            org.junit.jupiter.api.Assertions.assertTrue(committed(admin, group, partition) <= 0,
                    "nothing committed past the unfinished first record");

            first.get().accept(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((started.size() < 50 || committed(admin, group, partition) < 50) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(50, started.size(), "each record once, in log order: " + started);
            assertEquals(events.stream().map(EventEnvelope::key).toList(), started);
            assertEquals(50, committed(admin, group, partition), "committed to the end once the first finished");
        }
    }

    /** The group's committed offset of {@code partition}, -1 when it has none. */
    private static long committed(Admin admin, String group, TopicPartition partition) {
        try {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return committed == null ? -1 : committed.offset();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMalformedCursorIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> broker.eventLog().tail(unique("bad"), StartAt.after("nonsense"), e -> {}));
    }
}
