package dev.sluice.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Connection;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Route sources and sinks {@code amqp} (0-9-1) and {@code amqp1} (AMQP 1.0) against the real RabbitMQ. */
class AmqpSourcesAndSinksTest {

    @AfterAll
    static void cleanUp() throws Exception {
        TestRabbit.forget();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static EventEnvelope event(int n) {
        return new EventEnvelope(UUID.randomUUID().toString(), "/test", "thing_happened", "s" + n,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "application/json", "k" + (n % 2),
                Map.of("meta-x", "v" + n, "Trace-Id", "t" + n, "traceparent", "00-" + n, "note", "Zürich ☃ 日本 " + n,
                        "x-request-id", "r" + n), ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    static <T> List<T> await(List<T> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(list.size() >= size, "expected " + size + ", got " + list.size());
        return list;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = new HashMap<>(TestRabbit.options());
        m.put(key, value);
        return m;
    }

    private void roundTrip(PushSink sink, Source source) throws Exception {
        List<EventEnvelope> sent = List.of(event(1), event(2), event(3), event(4), event(5));
        for (EventEnvelope e : sent) {
            PushSink.Outcome outcome = sink.deliver(e);
            assertTrue(outcome.delivered(), outcome.detail());
        }
        List<EventEnvelope> got = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (Subscription s = source.consume(logged -> {
            if (logged.event().subject().equals("s2") && failures.getAndIncrement() == 0) {
                throw new IllegalStateException("the route fails once on s2");
            }
            got.add(logged.event());
        })) {
            await(got, 5);
            Thread.sleep(300);
        }
        assertEquals(2, failures.get(), "s2 was handed over again after the failure");
        assertEquals(sent.stream().map(EventEnvelope::id).toList(), got.stream().map(EventEnvelope::id).toList(),
                "every message once, in order");
        for (int i = 0; i < sent.size(); i++) {
            EventEnvelope a = sent.get(i);
            EventEnvelope b = got.get(i);
            assertEquals(a.type(), b.type());
            assertEquals(a.source(), b.source());
            assertEquals(a.time(), b.time());
            assertEquals(a.key(), b.key());
            assertEquals(a.contentType(), b.contentType());
            assertEquals(a.headers(), b.headers(), "metadata travels as application properties");
            assertEquals(new String(a.payload(), StandardCharsets.UTF_8), new String(b.payload(), StandardCharsets.UTF_8));
        }
        sink.close();
        source.close();
        // acknowledged: nothing is left in the queue
    }

    @Test
    void amqp1SinkAndSourceCarryCloudEventsThroughADurableQueue() throws Exception {
        String queue = TestRabbit.queue(unique("AMQP1_Q"));
        PushSink sink = (PushSink) new Amqp1Plugins.SinkProvider().open(with("address", queue));
        Source source = new Amqp1Plugins.SourceProvider().open(queue, TestRabbit.options());
        roundTrip(sink, source);
        try (Connection c = TestRabbit.connect(); var ch = c.createChannel()) {
            var ok = ch.queueDeclarePassive(queue);
            assertEquals(0, ok.getMessageCount(), "every message was accepted");
            // durable: a redeclare as non-durable is refused
            assertThrowsIo(() -> {
                try (var ch2 = c.createChannel()) {
                    ch2.queueDeclare(queue, false, false, false, null);
                }
            });
        }
    }

    @Test
    void amqp091SinkAndSourceUseConfirmsAndManualAcks() throws Exception {
        String queue = TestRabbit.queue(unique("AMQP091_Q"));
        PushSink sink = (PushSink) new AmqpPlugins.SinkProvider().open(with("queue", queue));
        Source source = new AmqpPlugins.SourceProvider().open(queue, TestRabbit.options());
        roundTrip(sink, source);
        try (Connection c = TestRabbit.connect(); var ch = c.createChannel()) {
            assertEquals(0, ch.queueDeclarePassive(queue).getMessageCount());
        }
    }

    @Test
    void aPlainAmqp1MessageFromAnotherApplicationBecomesAnEvent() throws Exception {
        String queue = TestRabbit.queue(unique("PLAIN_Q"));
        Amqp1Client client = new Amqp1Client(AmqpEndpoint.from(TestRabbit.options(), "test"), queue, true);
        try (var conn = client.connect()) {
            conn.openSender(client.address()).send(org.apache.qpid.protonj2.client.Message.create("hello")
                    .property("origin", "seed")).awaitSettlement();
        }
        List<EventEnvelope> got = new CopyOnWriteArrayList<>();
        Source source = new Amqp1Plugins.SourceProvider().open(queue, TestRabbit.options());
        try (Subscription s = source.consume(l -> got.add(l.event()))) {
            await(got, 1);
        }
        EventEnvelope e = got.get(0);
        assertEquals(CloudEventsAmqp.PLAIN_TYPE, e.type());
        assertEquals("hello", new String(e.payload(), StandardCharsets.UTF_8));
        assertEquals("seed", e.headers().get("origin"));
        assertEquals("/amqp/" + queue, e.source());
        assertEquals("/amqp/queue/a%20b", CloudEventsAmqp.sourceOf("/queue/a b"), "a valid URI reference");
        java.net.URI.create(CloudEventsAmqp.sourceOf("EXTERNAL @ host:1"));
        assertFalse(e.id().isBlank());
    }

    @Test
    void aSinkWhoseBrokerIsDownFailsRetryablyWithoutLeakingTheCredentials() throws Exception {
        PushSink amqp1 = (PushSink) new Amqp1Plugins.SinkProvider().open(Map.of("url",
                "amqp://sluice:s3cret@127.0.0.1:1", "address", "/queue/nowhere", "timeout", "2s"));
        PushSink amqp = (PushSink) new AmqpPlugins.SinkProvider().open(Map.of("url",
                "amqp://sluice:s3cret@127.0.0.1:1", "queue", "nowhere"));
        for (PushSink sink : List.of(amqp1, amqp)) {
            PushSink.Outcome o = sink.deliver(event(1));
            assertFalse(o.delivered());
            assertTrue(o.retryable(), o.detail());
            assertFalse(o.detail().contains("s3cret") || sink.describe().contains("s3cret"), sink.describe());
            assertTrue(sink.describe().contains("127.0.0.1:1"), sink.describe());
            sink.close();
        }
    }

    interface IoAction {
        void run() throws Exception;
    }

    private static void assertThrowsIo(IoAction action) {
        try {
            action.run();
        } catch (Exception e) {
            return;
        }
        throw new AssertionError("expected the broker to refuse");
    }
}
