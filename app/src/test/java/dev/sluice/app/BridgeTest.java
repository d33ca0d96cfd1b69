package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kafka.EmbeddedKafka;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Scenario S2 on the real RabbitMQ (AMQP 1.0) and a real Kafka: the shipped demo route file
 * {@code routes/s2-bridge.yml}, run as it is. It uses the seed's fixed names (EXTERNAL, FOO, KAFKA_DLQ)
 * on RabbitMQ, which this test empties before and after; Kafka is a broker of its own, so that it can
 * be stopped and started again.
 */
class BridgeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> QUEUES = List.of("EXTERNAL", "FOO", "KAFKA_DLQ");

    static Map<String, Object> demoRoutes() throws Exception {
        try (InputStream in = BridgeTest.class.getResourceAsStream("/routes/s2-bridge.yml")) {
            return new YamlPropertySourceLoader().read("s2-bridge", in);
        }
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Reads {@code value} until {@code done} holds for it (within 120 s) and returns it. */
    static <T> T awaitValue(String what, java.util.function.Supplier<T> value, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last: " + last);
            }
            Thread.sleep(200);
            last = value.get();
        }
        return last;
    }

    /** Drains {@code queue} into {@code into} until it holds at least {@code count} messages. */
    static void awaitDrained(AmqpPeer peer, String queue, List<AmqpPeer.Received> into, int count)
            throws InterruptedException {
        await(count + " on AMQP " + queue, () -> {
            try {
                into.addAll(peer.drain(queue, 300));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return into.size() >= count;
        });
    }

    /** Every record of {@code topic}: its CloudEvents id, header names and value. */
    record KafkaRecord(String id, Set<String> headers, String value) {}

    static List<KafkaRecord> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<KafkaRecord> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Set<String> names = new LinkedHashSet<>();
                    for (Header h : r.headers()) {
                        names.add(h.key());
                    }
                    Header id = r.headers().lastHeader("ce_id");
                    out.add(new KafkaRecord(id == null ? null : new String(id.value(), StandardCharsets.UTF_8), names,
                            new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            return out;
        } catch (RuntimeException e) {
            return List.of(); // topic not there yet, or the broker is not up
        }
    }

    private static Set<String> bodies(List<?> messages) {
        Set<String> out = new LinkedHashSet<>();
        for (Object m : messages) {
            out.add(m instanceof AmqpPeer.Received r ? r.body() : ((KafkaRecord) m).value());
        }
        return out;
    }

    private static long outputDelivered(TestSluice sluice, String route, String output) throws Exception {
        for (JsonNode r : JSON.readTree(sluice.get("/api/routes").body())) {
            if (r.get("name").asText().equals(route)) {
                for (JsonNode o : r.get("outputs")) {
                    if (o.get("label").asText().equals(output)) {
                        return o.get("delivered").asLong();
                    }
                }
            }
        }
        throw new AssertionError("no output " + output + " on route " + route);
    }

    @Test
    void everyMessageReachesKafkaAndAmqpWithoutMetadataAndNoneIsLostWhileKafkaIsDown() throws Exception {
        Path data = Files.createTempDirectory("sluice-s2");
        int port = QuietPorts.free();
        EmbeddedKafka kafka = EmbeddedKafka.start(data, port);
        String bootstrap = kafka.bootstrapServers();
        TestRabbit.delete(QUEUES, List.of());
        Map<String, Object> props = new HashMap<>(demoRoutes());
        props.put("micronaut.server.port", -1);
        props.put("sluice.broker", "kafka");
        props.put("sluice.kafka.bootstrap-servers", bootstrap);
        props.put("sluice.kafka.ack-timeout", "2s");
        props.put("sluice.ingest.topic", TestSluice.unique("s2-ingest"));
        props.put("sluice.routes.s2-recover-kafka-foo.retry.max-delay", "2s");
        Set<String> sent = new LinkedHashSet<>();
        List<AmqpPeer.Received> amqpFoo = new ArrayList<>();
        try (TestSluice sluice = TestSluice.startExactly(props); AmqpPeer peer = new AmqpPeer()) {
            // 1. both destinations up
            for (int i = 0; i < 10; i++) {
                String body = "{\"n\":" + i + "}";
                peer.send("EXTERNAL", body, Map.of("meta-x", "seed-metadata", "trace", "t" + i));
                sent.add(body);
            }
            await("10 on Kafka FOO", () -> readAll(bootstrap, "FOO").size() >= 10);
            awaitDrained(peer, "FOO", amqpFoo, 10);

            // 2. Kafka stops: the Kafka branch falls back to the AMQP queue KAFKA_DLQ
            kafka.close();
            for (int i = 10; i < 20; i++) {
                String body = "{\"n\":" + i + "}";
                peer.send("EXTERNAL", body, Map.of("meta-x", "seed-metadata"));
                sent.add(body);
            }
            await("10 taken by KAFKA_DLQ", () -> {
                try {
                    return outputDelivered(sluice, "s2-external-to-foo", "amqp KAFKA_DLQ") >= 10;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(10, outputDelivered(sluice, "s2-external-to-foo", "amqp KAFKA_DLQ"));

            // 3. Kafka is back: the recovery route drains KAFKA_DLQ to FOO; new messages go straight there
            kafka = EmbeddedKafka.start(data, port);
            for (int i = 20; i < 30; i++) {
                String body = "{\"n\":" + i + "}";
                peer.send("EXTERNAL", body, Map.of("meta-x", "seed-metadata"));
                sent.add(body);
            }
            await("30 on Kafka FOO", () -> bodies(readAll(bootstrap, "FOO")).size() >= 30);
            awaitDrained(peer, "FOO", amqpFoo, 30);
            Thread.sleep(1000);
            amqpFoo.addAll(peer.drain("FOO", 300));

            List<KafkaRecord> kafkaFoo = readAll(bootstrap, "FOO");
            assertEquals(sent, new LinkedHashSet<>(bodies(kafkaFoo)), "every message on Kafka FOO");
            assertEquals(30, kafkaFoo.size(), "and each once: " + kafkaFoo.size());
            assertEquals(sent, bodies(amqpFoo), "every message on AMQP FOO");
            assertEquals(30, amqpFoo.size(), "and each once");
            for (KafkaRecord r : kafkaFoo) {
                assertTrue(r.headers().stream().noneMatch(h -> h.toLowerCase().contains("meta") || h.contains("trace")),
                        "metadata dropped on Kafka: " + r.headers());
            }
            for (AmqpPeer.Received m : amqpFoo) {
                assertTrue(m.properties().keySet().stream().noneMatch(k -> k.contains("meta") || k.endsWith("trace")),
                        "metadata dropped on AMQP: " + m.properties());
            }
            assertEquals(0, AmqpPeer.depth("KAFKA_DLQ"), "the dead-letter queue was drained");
            assertEquals(10, outputDelivered(sluice, "s2-recover-kafka-foo", "to"), "recovered: the 10 of the outage");
            assertEquals(0, AmqpPeer.depth("EXTERNAL"), "every source message was acknowledged");
            String routes = sluice.get("/api/routes").body();
            assertTrue(routes.contains("amqp1 KAFKA_DLQ @ 127.0.0.1:5672") && !routes.contains("guest"),
                    "destinations are shown without credentials: " + routes);
        } finally {
            kafka.close();
            TestRabbit.delete(QUEUES, List.of());
        }
    }

    @Test
    void aRejectingDestinationIsRetriedOnItsScheduleThenTheFallbackTakesTheMessage() throws Exception {
        String topic = TestSluice.unique("s2-retry");
        String parked = TestSluice.unique("PARKED");
        try (Receiver erp = new Receiver(() -> 503); AmqpPeer peer = new AmqpPeer()) {
            Map<String, Object> props = new HashMap<>();
            String route = "sluice.routes.erp-or-parked.";
            props.put(route + "from", topic);
            props.put(route + "group", TestSluice.unique("g"));
            props.put(route + "fallback", List.of(
                    Map.of("name", "erp", "to", "webhook", "options", Map.of("url", erp.url()),
                            "retry", Map.of("base-delay", "200ms", "max-delay", "800ms", "max-retries", "3")),
                    Map.of("name", "parked", "to", "amqp", "options", Map.of("queue", parked, "url", TestRabbit.URI))));
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                assertEquals(200, sluice.postJson("{\"itemId\":\"r1\",\"name\":\"n\"}").statusCode());
                List<AmqpPeer.Received> got = new ArrayList<>();
                awaitDrained(peer, parked, got, 1);
                assertEquals(1, got.size());
                assertTrue(got.get(0).body().contains("\"r1\""), got.get(0).body());
                assertEquals(4, erp.calls.get(), "the first attempt and 3 retries");
                // equal jitter: each delay lies between half the nominal delay and the nominal delay
                long[] nominal = {200, 400, 800};
                for (int i = 0; i < 3; i++) {
                    long gap = TimeUnit.NANOSECONDS.toMillis(erp.callNanos.get(i + 1) - erp.callNanos.get(i));
                    assertTrue(gap >= nominal[i] / 2 - 20 && gap <= nominal[i] + 300,
                            "delay " + (i + 1) + " was " + gap + " ms, configured " + nominal[i] / 2 + ".." + nominal[i]);
                }
                JsonNode attempts = JSON.readTree(sluice.get("/api/routes/erp-or-parked/attempts").body());
                assertEquals("parked", attempts.get(0).get("output").asText(), attempts.toString());
                assertTrue(attempts.get(0).get("delivered").asBoolean());
                assertEquals(0, JSON.readTree(sluice.get("/api/dead-letters/erp-or-parked").body()).size());
            } finally {
                TestRabbit.delete(List.of(parked), List.of());
            }
        }
    }

    @Test
    void aBadOutputDeclarationFailsStartUpNamingTheRouteAndTheKey() {
        Map<String, Object> props = new HashMap<>();
        props.put("sluice.routes.broken.from", "t");
        props.put("sluice.routes.broken.group", "g");
        props.put("sluice.routes.broken.fan-out", List.of(Map.of("to", "log", "options", Map.of("topic", "A")),
                Map.of("to", "log", "optoins", Map.of("topic", "B"))));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TestSluice.start(TestSluice.unique("t"), props).close());
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalStateException)) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("route 'broken'") && root.getMessage().contains("fan-out[1]")
                && root.getMessage().contains("optoins"), root.getMessage());
    }
}
