package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int ITEMS = 50;

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
        int port = freePort();
        List<String> args = new ArrayList<>(brokerArgs);
        args.addAll(List.of("--sluice.ingest.topic=" + topic, "--sluice.routes.erp.from=" + topic,
                "--sluice.routes.erp.group=" + group, "--sluice.routes.erp.to=webhook",
                "--sluice.routes.erp.options.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/erp",
                "--sluice.routes.erp.retry.base-delay=100ms", "--sluice.routes.erp.retry.max-delay=1s"));
        try {
            Process first = start(data, port, args, "first");
            Set<String> acknowledged = new TreeSet<>();
            try {
                awaitHealthy(first, port, data, "first");
                StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < ITEMS; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"itemId\":\"c").append(i).append("\",\"name\":\"n\"}");
                }
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/streams-master-data/producer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
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
                first.destroyForcibly().waitFor(); // SIGKILL: nothing acknowledged to the broker on the way out
            }
            int beforeRestart = received.size();
            delayMillis.set(0);
            Process second = start(data, port, args, "second");
            try {
                awaitHealthy(second, port, data, "second");
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (!received.containsAll(acknowledged) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Set<String> missing = new TreeSet<>(acknowledged);
                missing.removeAll(received);
                System.out.println("ledger kill -9 " + brokerArgs.get(0) + ": acknowledged " + acknowledged.size()
                        + ", delivered before the kill " + beforeRestart + ", delivered in all " + received.size()
                        + ", missing " + missing.size());
                assertEquals(Set.of(), missing, "every acknowledged item reached the receiver; log: "
                        + Files.readString(data.resolve("second.log")));
            } finally {
                second.destroy();
                second.waitFor();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path data, int port, List<String> args, String name) throws IOException {
        Path jar = Path.of("target", "sluice.jar");
        assertTrue(Files.exists(jar), "the shaded jar is built in the package phase: " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve(name + ".log").toFile());
        pb.environment().put("SLUICE_PORT", String.valueOf(port));
        pb.environment().put("SLUICE_DATA_DIR", data.toString());
        pb.environment().put("MICRONAUT_ENVIRONMENTS", "crash-test"); // no demo routes
        return pb.start();
    }

    private static void awaitHealthy(Process process, int port, Path data, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Sluice exited: " + Files.readString(data.resolve(name + ".log")));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy within 90 s: " + Files.readString(data.resolve(name + ".log")));
    }
}
