package dev.sluice.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.ClientStreams;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-client streams on the real Redis, under a key prefix of their own. */
class RedisClientStreamsTest {

    static final String PREFIX = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    static RedisClient client;
    static StatefulRedisConnection<String, String> redis;
    static RedisClientStreams streams;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisEventLogTest.URI);
        redis = client.connect();
        streams = new RedisClientStreams(client, PREFIX, 100);
    }

    @AfterAll
    static void cleanUp() {
        ScanIterator<String> keys = ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches(PREFIX + "*"));
        while (keys.hasNext()) {
            redis.sync().del(keys.next());
        }
        streams.close();
        redis.close();
        client.shutdown();
    }

    static EventEnvelope event(String client, int n) {
        return new EventEnvelope(UUID.randomUUID().toString(), "/t", "t", client, Instant.now(), "application/json",
                client, Map.of(), ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    static final class Collector implements ClientStreams.Reader {
        final List<LoggedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(LoggedEvent event) {
            events.add(event);
        }

        @Override
        public void onError(Throwable error) {}

        List<String> payloads() {
            return events.stream().map(e -> new String(e.event().payload(), StandardCharsets.UTF_8)).toList();
        }

        void await(int n) throws InterruptedException {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (events.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(events.size() >= n, "expected " + n + ", got " + events.size());
        }
    }

    @Test
    void aClientIsActiveOnlyWhileRegisteredAndReadsItsEntriesInOrder() throws Exception {
        String a = "a-" + UUID.randomUUID();
        assertFalse(streams.isActive(a));
        Collector got = new Collector();
        try (ClientStreams.Reading reading = streams.open(a, null, Duration.ofSeconds(30), got)) {
            assertTrue(streams.isActive(a));
            for (int i = 0; i < 20; i++) {
                streams.append(a, event(a, i));
            }
            got.await(20);
            for (int i = 0; i < 20; i++) {
                assertEquals("{\"n\":" + i + "}", got.payloads().get(i));
                reading.acknowledge(got.events.get(i).position().value());
            }
        }
    }

    @Test
    void entriesADeadConnectionNeverAcknowledgedGoToTheNextOneAndAcknowledgedOnesDoNot() throws Exception {
        String b = "b-" + UUID.randomUUID();
        Collector first = new Collector();
        ClientStreams.Reading dead = streams.open(b, null, Duration.ofSeconds(30), first);
        for (int i = 0; i < 6; i++) {
            streams.append(b, event(b, i));
        }
        first.await(6);
        for (int i = 0; i < 3; i++) {
            dead.acknowledge(first.events.get(i).position().value());
        }
        Thread.sleep(200);
        dead.close(); // gone without acknowledging n=3..5
        Thread.sleep(500);

        Collector second = new Collector();
        try (ClientStreams.Reading next = streams.open(b, null, Duration.ofSeconds(30), second)) {
            second.await(3);
            streams.append(b, event(b, 6));
            second.await(4);
            Thread.sleep(300);
            assertEquals(List.of("{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}"), second.payloads());
        }
    }

    @Test
    void lastEventIdSkipsWhatTheClientAlreadyHas() throws Exception {
        String c = "c-" + UUID.randomUUID();
        Collector first = new Collector();
        ClientStreams.Reading gone = streams.open(c, null, Duration.ofSeconds(30), first);
        for (int i = 0; i < 4; i++) {
            streams.append(c, event(c, i));
        }
        first.await(4);
        gone.close(); // nothing acknowledged, but the client says it has n=0 and n=1
        Thread.sleep(500);
        Collector resumed = new Collector();
        try (ClientStreams.Reading r = streams.open(c, first.events.get(1).position().value(), Duration.ofSeconds(30),
                resumed)) {
            resumed.await(2);
            Thread.sleep(300);
            assertEquals(List.of("{\"n\":2}", "{\"n\":3}"), resumed.payloads());
        }
        assertThrows(IllegalArgumentException.class, () -> streams.open(c, "0:1", Duration.ofSeconds(1), resumed));
    }

    @Test
    void theStreamStaysBoundedUnderABurst() {
        String d = "d-" + UUID.randomUUID();
        for (int i = 0; i < 2000; i++) {
            streams.append(d, event(d, i));
        }
        long length = redis.sync().xlen(streams.stream(d));
        assertTrue(length >= 100 && length <= 300, "about 100 entries kept (approximate trimming), kept " + length);
    }
}
