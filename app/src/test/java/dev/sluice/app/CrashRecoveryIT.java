package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on Redis Streams and on RabbitMQ, killed with SIGKILL while a webhook route has events
 * in flight (handed to its consumer, not yet acknowledged), then started again: every event reaches the
 * receiver (at least once). The machine's Redis and RabbitMQ are used under names of this test's own.
 */
class CrashRecoveryIT {

    static final int ITEMS = 50;
    /** An environment of no demo routes: only the route this test declares. */
    static final Map<String, String> NO_DEMO = Map.of("MICRONAUT_ENVIRONMENTS", "crash-test");

    @Test
    void redisEventsInFlightAtAKillAreDeliveredAfterTheRestart() throws Exception {
        String prefix = TestRedis.prefix() + "crash-";
        killAndRestart(List.of("--sluice.broker=redis", "--sluice.redis.uri=" + TestRedis.uri(),
                "--sluice.redis.key-prefix=" + prefix));
    }

    @Test
    void rabbitMqEventsInFlightAtAKillAreDeliveredAfterTheRestart() throws Exception {
        String topic = TestSluice.unique("crash-items");
        String group = TestSluice.unique("crash-erp");
        try {
            killAndRestart(List.of("--sluice.broker=rabbitmq", "--sluice.rabbitmq.uri=" + TestRabbit.URI,
                    "--sluice.rabbitmq.name-prefix=" + TestRabbit.PREFIX, "--sluice.rabbitmq.group-queue-type=classic",
                    "--sluice.ingest.topic=" + topic, "--sluice.routes.erp.group=" + group));
        } finally {
            TestRabbit.delete(List.of(TestRabbit.PREFIX + topic, TestRabbit.PREFIX + topic + ".group." + group,
                    TestRabbit.PREFIX + "dlq.erp"), List.of(TestRabbit.PREFIX + topic));
        }
    }

    private static void killAndRestart(List<String> brokerArgs) throws Exception {
        String topic = brokerArgs.stream().filter(a -> a.startsWith("--sluice.ingest.topic=")).findFirst()
                .map(a -> a.substring(a.indexOf('=') + 1)).orElse(TestSluice.unique("crash-items"));
        String group = brokerArgs.stream().filter(a -> a.startsWith("--sluice.routes.erp.group=")).findFirst()
                .map(a -> a.substring(a.indexOf('=') + 1)).orElse(TestSluice.unique("crash-erp"));
        AtomicLong delayMillis = new AtomicLong(300); // slow at first, so that events are in flight at the kill
        Set<String> received = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/erp", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(MasterDataStreamsTest.field(body, "itemId"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Path data = Files.createTempDirectory("sluice-crash");
        int port = SluiceProcess.freePort();
        List<String> args = new ArrayList<>(brokerArgs);
        args.addAll(List.of("--sluice.ingest.topic=" + topic, "--sluice.routes.erp.from=" + topic,
                "--" + TestSluice.LOOPBACK_ALLOWED + "=" + TestSluice.LOOPBACK, // the receiver is on loopback
                "--sluice.routes.erp.group=" + group, "--sluice.routes.erp.to=webhook",
                "--sluice.routes.erp.options.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/erp",
                "--sluice.routes.erp.retry.base-delay=100ms", "--sluice.routes.erp.retry.max-delay=1s"));
        try {
            SluiceProcess first = SluiceProcess.jar(data, port, NO_DEMO, args).awaitHealthy();
            Set<String> acknowledged = new TreeSet<>();
            try {
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < ITEMS; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"itemId\":\"c").append(i).append("\",\"name\":\"n\"}");
                }
                HttpResponse<String> answer = first.postJson("/streams-master-data/producer", batch.append(']').toString());
                assertEquals(200, answer.statusCode(), answer.body());
                for (int i = 0; i < ITEMS; i++) {
                    acknowledged.add("c" + i);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (received.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(received.size() >= 3 && received.size() < ITEMS, "killed mid-delivery: " + received.size());
            } finally {
                first.kill(); // SIGKILL: nothing acknowledged to the broker on the way out
            }
            int beforeRestart = received.size();
            delayMillis.set(0);
            SluiceProcess second = SluiceProcess.jar(data, port, NO_DEMO, args).awaitHealthy();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!received.containsAll(acknowledged) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Set<String> missing = new TreeSet<>(acknowledged);
                missing.removeAll(received);
                System.out.println("ledger kill -9 " + brokerArgs.get(0) + ": acknowledged " + acknowledged.size()
                        + ", delivered before the kill " + beforeRestart + ", delivered in all " + received.size()
                        + ", missing " + missing.size());
                assertEquals(Set.of(), missing, "every acknowledged item reached the receiver; log: " + second.log());
            } finally {
                second.stop();
            }
        } finally {
            receiver.stop(0);
        }
    }
}
