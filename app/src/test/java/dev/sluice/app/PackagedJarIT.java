package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as users start it ({@code java -jar}, embedded Kafka) with scenario S1's routes
 * ({@code MICRONAUT_ENVIRONMENTS=s1}), killed with SIGKILL and started again on the same data: everything
 * it acknowledged is still there. The default run with every scenario is {@link OneProductIT}'s.
 */
class PackagedJarIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Scenario S1 only: the other scenarios would reach for the machine's RabbitMQ and Redis. */
    static final Map<String, String> S1 = Map.of("MICRONAUT_ENVIRONMENTS", "s1");

    @Test
    void theJarRunsTheEmbeddedDefaultAndLosesNothingAcknowledgedWhenKilled() throws Exception {
        Path data = Files.createTempDirectory("sluice-jar");
        int port = SluiceProcess.freePort();
        SluiceProcess first = SluiceProcess.jar(data, port, S1);
        Set<String> acknowledged = new HashSet<>();
        try {
            first.awaitHealthy();
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 10; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"itemId\":\"b").append(batch).append('-').append(i)
                            .append("\",\"name\":\"n\",\"category\":\"Electronics\"}");
                }
                var response = first.postJson("/streams-master-data/producer", body.append(']').toString());
                assertEquals(200, response.statusCode(), response.body());
                JSON.readTree(response.body()).get("items").forEach(item -> acknowledged.add(item.get("itemId").asText()));
            }
        } finally {
            first.kill();
        }
        assertEquals(100, acknowledged.size());

        SluiceProcess second = SluiceProcess.jar(data, port, S1);
        try {
            second.awaitHealthy();
            try (SseClient replay = SseClient.connect(second.uri("/streams-master-data-json/stream?from=earliest"), null)) {
                List<SseClient.Event> events = replay.await(100);
                Set<String> seen = new HashSet<>();
                events.forEach(e -> seen.add(MasterDataStreamsTest.field(e.data(), "itemId")));
                assertEquals(acknowledged, seen, "every acknowledged item survived the kill");
            }
        } finally {
            second.stop();
        }
    }
}
