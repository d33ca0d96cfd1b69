package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as users start it ({@code java -jar}, embedded Kafka, demo routes), killed with
 * SIGKILL and started again on the same data: everything it acknowledged is still there.
 */
class PackagedJarIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path data, int port) throws IOException {
        Path jar = Path.of("target", "sluice.jar");
        assertTrue(Files.exists(jar), "the shaded jar is built in the package phase: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("sluice.log").toFile());
        pb.environment().put("SLUICE_PORT", String.valueOf(port));
        pb.environment().put("SLUICE_DATA_DIR", data.toString());
        pb.environment().put("SLUICE_EMBEDDED_KAFKA_PORT", "0");
        pb.environment().remove("MICRONAUT_ENVIRONMENTS");
        return pb.start();
    }

    private static void awaitHealthy(Process process, int port, Path data) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Sluice exited: " + Files.readString(data.resolve("sluice.log")));
            }
            try {
                var health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy within 90 s: " + Files.readString(data.resolve("sluice.log")));
    }

    @Test
    void theJarRunsTheEmbeddedDefaultAndLosesNothingAcknowledgedWhenKilled() throws Exception {
        Path data = Files.createTempDirectory("sluice-jar");
        int port = freePort();
        Process first = start(data, port);
        Set<String> acknowledged = new HashSet<>();
        try {
            awaitHealthy(first, port, data);
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"itemId\":\"b").append(batch).append('-').append(i)
                            .append("\",\"name\":\"n\",\"category\":\"Electronics\"}");
                }
                var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/streams-master-data/producer")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                JSON.readTree(response.body()).get("items").forEach(item -> acknowledged.add(item.get("itemId").asText()));
            }
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no flush
        }
        assertEquals(100, acknowledged.size());

        Process second = start(data, port);
        try {
            awaitHealthy(second, port, data);
            try (SseClient replay = SseClient.connect(
                    URI.create("http://127.0.0.1:" + port + "/streams-master-data-json/stream?from=earliest"), null)) {
                List<SseClient.Event> events = replay.await(100);
                Set<String> seen = new HashSet<>();
                events.forEach(e -> seen.add(MasterDataStreamsTest.field(e.data(), "itemId")));
                assertEquals(acknowledged, seen, "every acknowledged item survived the kill");
            }
        } finally {
            second.destroy();
            second.waitFor();
        }
    }
}
